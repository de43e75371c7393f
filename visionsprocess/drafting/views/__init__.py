"""Views of drafting and adoption: thin, permission-checked, one service call each.

One module per part: ``versions`` (rounds, versions, paragraphs, comments, compare),
``consultation``, ``adoption`` and ``common`` (lookups); every view is importable from
``visionsprocess.drafting.views`` as before.
"""

from .adoption import (  # noqa: F401
    adoption,
    adoption_path,
    audit_log,
    decision_record,
)
from .common import (  # noqa: F401
    _version_url,
    answer_lookup,
    comment_lookup,
    consultation_lookup,
    decision_lookup,
    paragraph_lookup,
    version_lookup,
)
from .consultation import (  # noqa: F401
    answer_attachment,
    answer_confirm,
    answer_mark,
    answer_track,
    consultation_answers,
    consultation_create,
    consultation_public,
    decision_minutes,
    summary_edit,
    summary_publish,
)
from .versions import (  # noqa: F401
    _compare_data,
    _form_after_conflict,
    comment_add,
    comment_resolve,
    compare,
    paragraph_add,
    paragraph_delete,
    paragraph_edit,
    paragraph_move,
    paragraph_split,
    round_create,
    rounds,
    version_detail,
    version_new,
    version_note,
)
