"""Views of the dialog app: thin – check permission, validate the form, call a service.

One module per part: ``public``, ``staff`` (meetings, consultation bodies, kits), ``register``
(the association register) and ``common`` (lookups); every view is importable from
``dialog.views`` as before (``dialog/urls.py`` uses that path).
"""

from .common import (  # noqa: F401
    IMPORT_SESSION_KEY,
    _files,
    _post,
    current_municipality,
    kit_by_slug,
    meeting_by_pk,
    organisation_by_pk,
)
from .public import (  # noqa: F401
    _public_kit,
    _registration_by_token,
    _statements_template,
    _unsubscribe,
    associations,
    consultation_unsubscribe,
    kit_detail,
    kit_download,
    meeting_detail,
    meeting_feed,
    meeting_ics,
    meeting_list,
    registration_cancel,
    registration_confirm,
    registration_ics,
    registration_status,
    unsubscribe,
)
from .register import (  # noqa: F401
    EXPORT_HEADER,
    _export_rows,
    _organisation_form_view,
    register_create,
    register_edit,
    register_export,
    register_import,
    register_import_confirm,
    register_list,
)
from .staff import (  # noqa: F401
    _kit_form_view,
    staff_attendance,
    staff_consultation_bodies,
    staff_consultation_remind,
    staff_kit_create,
    staff_kit_edit,
    staff_kit_list,
    staff_meeting_cancel,
    staff_meeting_copy,
    staff_meeting_create,
    staff_meeting_detail,
    staff_meeting_edit,
    staff_meeting_invite,
    staff_meeting_list,
    staff_meeting_record,
    staff_registrations_csv,
)
