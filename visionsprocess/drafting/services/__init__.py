"""Writes of drafting and adoption. Keyword-only, atomic, validated, and written to the audit log.

The lock: a version that is superseded, on consultation, decided on or adopted never changes.
Every service that changes a version or its paragraphs calls ``_ensure_editable`` first.

A package of modules: versions, consultation, adoption; everything is importable from here."""

from ...audit import audit_log  # noqa: F401 - dialog.services.invitations imports it here
from .adoption import (  # noqa: F401
    adoption_path_set,
    adoption_progress,
    decision_record,
)
from .consultation import (  # noqa: F401
    _advance_to_stage_opening,
    _notice_made_public,
    comment_add,
    comment_resolve,
    consultation_answer_mark,
    consultation_answer_submit,
    consultation_is_open,
    consultation_send,
)
from .versions import (  # noqa: F401
    ANSWER_FILE_TYPES,
    MAX_ATTACHMENT_BYTES,
    EditConflict,
    _copy_paragraphs,
    _ensure_editable,
    _locked_version,
    _new_version,
    _renumber,
    latest_version,
    paragraph_add,
    paragraph_delete,
    paragraph_edit,
    paragraph_move,
    paragraph_split,
    round_create,
    version_create_next,
    version_set_change_note,
)
