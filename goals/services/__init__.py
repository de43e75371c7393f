"""Writes of the goals app. Keyword-only, atomic, validated, with messages a person can read.

One module per part of the goals hierarchy: ``vision`` (the vision, council goals, committee
goals), ``indicators`` (indicators, measurements, CSV and Kolada imports), ``budget`` (budget
frames and governing documents) and ``action_plan``; ``limits`` holds the sizes they accept.
Everything is importable from ``goals.services`` as before.
"""

from .action_plan import (
    ITEM_FIELDS,
    action_plan_item_save,
    action_plan_version_create,
    action_plan_version_publish,
    action_plan_version_update,
)
from .budget import (
    DOCUMENT_FIELDS,
    budget_frame_save,
    check_pdf,
    governing_document_save,
)
from .indicators import (
    CSV_COLUMNS,
    INDICATOR_FIELDS,
    UNIT_SUFFIXES,
    CsvPreview,
    CsvRow,
    KoladaResult,
    ValueRow,
    check_value_for_unit,
    check_year,
    indicator_save,
    kolada_import_indicator,
    kolada_import_process,
    measurements_csv_import,
    measurements_csv_preview,
    measurements_record,
    parse_value,
)
from .limits import (
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    MAX_DOCUMENT_BYTES,
)
from .vision import (
    COUNCIL_GOAL_FIELDS,
    committee_goal_save,
    council_goal_move,
    council_goal_save,
    council_goal_set_sdgs,
    record_vision_change,
    vision_rest_on,
    vision_save,
)

__all__ = [
    "COUNCIL_GOAL_FIELDS",
    "CSV_COLUMNS",
    "CsvPreview",
    "CsvRow",
    "DOCUMENT_FIELDS",
    "INDICATOR_FIELDS",
    "ITEM_FIELDS",
    "KoladaResult",
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "MAX_DOCUMENT_BYTES",
    "UNIT_SUFFIXES",
    "ValueRow",
    "action_plan_item_save",
    "action_plan_version_create",
    "action_plan_version_publish",
    "action_plan_version_update",
    "budget_frame_save",
    "check_pdf",
    "check_value_for_unit",
    "check_year",
    "committee_goal_save",
    "council_goal_move",
    "council_goal_save",
    "council_goal_set_sdgs",
    "governing_document_save",
    "indicator_save",
    "kolada_import_indicator",
    "kolada_import_process",
    "measurements_csv_import",
    "measurements_csv_preview",
    "measurements_record",
    "parse_value",
    "record_vision_change",
    "vision_rest_on",
    "vision_save",
]
