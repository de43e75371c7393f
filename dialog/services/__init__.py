"""Writes of the dialog app: meetings, registrations, the association register, invitations, kits.

Keyword-only, atomic, validated with ``full_clean()``; errors are ``ValidationError`` with a
message a person can read. E-mail goes out through the core's ``email_send_template`` (after
commit); Celery fan-out is written to the core outbox (``visionsprocess.outbox.enqueue``).

One module per part: ``meetings``, ``registrations``, ``organisations`` (the association
register), ``invitations`` (to meetings and consultations) and ``kits``; everything is
importable from ``dialog.services`` as before.
"""

from .invitations import (
    consultation_invitations_create,
    consultation_invitations_send,
    consultation_reminders_request,
    invitation_unsubscribe,
    invitations_create,
    invitations_send,
)
from .kits import (
    KIT_FIELDS,
    MAX_PDF_BYTES,
    kit_save,
    validate_pdf,
)
from .meetings import (
    MEETING_FIELDS,
    attendance_mark,
    meeting_age_counts_save,
    meeting_cancel,
    meeting_copy,
    meeting_create,
    meeting_record,
    meeting_update,
)
from .organisations import (
    IMPORT_COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    NO,
    ORGANISATION_FIELDS,
    YES,
    ImportRow,
    import_rows_to_session,
    organisation_save,
    organisations_import,
    organisations_parse,
)
from .registrations import (
    RegistrationLimitReached,
    pending_registrations_purge,
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_request,
    reminders_send,
)

__all__ = [
    "IMPORT_COLUMNS",
    "ImportRow",
    "KIT_FIELDS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "MAX_PDF_BYTES",
    "MEETING_FIELDS",
    "NO",
    "ORGANISATION_FIELDS",
    "RegistrationLimitReached",
    "YES",
    "attendance_mark",
    "consultation_invitations_create",
    "consultation_invitations_send",
    "consultation_reminders_request",
    "import_rows_to_session",
    "invitation_unsubscribe",
    "invitations_create",
    "invitations_send",
    "kit_save",
    "meeting_age_counts_save",
    "meeting_cancel",
    "meeting_copy",
    "meeting_create",
    "meeting_record",
    "meeting_update",
    "organisation_save",
    "organisations_import",
    "organisations_parse",
    "pending_registrations_purge",
    "registration_cancel",
    "registration_confirm",
    "registration_create",
    "registration_request",
    "reminders_send",
    "validate_pdf",
]
