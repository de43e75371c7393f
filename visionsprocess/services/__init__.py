"""Writes of the process core. Keyword-only, atomic, validated before saving.

A package of modules: processes, stages, municipalities; everything is importable from here."""

from ..emails import email_send, email_send_template  # noqa: F401 - the apps import them here
from .municipalities import (  # noqa: F401
    municipality_create,
)
from .processes import (  # noqa: F401
    MAX_STAGES,
    PROCESS_EDITABLE_FIELDS,
    SLUG_PATTERN,
    STAGE_FIELDS,
    STAGE_PLAN_FIELDS,
    _known_openings,
    _notice_stage_changed,
    _processes_of,
    _stages_copied,
    absolute_url,
    process_create,
    process_publish,
    process_update,
    stages_from_template,
    suggest_slug,
    validate_slug,
)
from .stages import (  # noqa: F401
    RENUMBER_OFFSET,
    _lock_process,
    _renumber,
    _stage_value,
    _stage_values,
    role_grant,
    role_revoke,
    stage_create,
    stage_delete,
    stage_move,
    stage_update,
)
