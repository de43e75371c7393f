"""The implementation stage: vision → council goals → committee goals → indicators and budget.

Also the Agenda 2030 reference data (SDG), governing documents (styrdokument) and the yearly
action plan (handlingsplan) with its immutable versions. Modelled on Vaggeryd's strategic
development programme (Dnr KS 2019/160).

One module per part: ``vision`` (SDG, vision, council and committee goals), ``indicators``,
``documents`` (budget frames and governing documents) and ``action_plan``; ``base`` holds the
validators they share. Every model is importable from ``goals.models`` as before.
"""

from .action_plan import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    ItemStatus,
)
from .base import (
    CONTRIBUTING_BODY_KINDS,
    YEAR_VALIDATORS,
    kolada_kpi_validator,
)
from .documents import (
    BudgetFrame,
    DocumentType,
    GoverningDocument,
    governing_document_upload_to,
)
from .indicators import (
    UNIT_SYMBOLS,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementSource,
    Unit,
)
from .vision import (
    SDG,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    Vision,
    VisionBasis,
)

__all__ = [
    "ActionPlan",
    "ActionPlanItem",
    "ActionPlanVersion",
    "BudgetFrame",
    "CONTRIBUTING_BODY_KINDS",
    "CommitteeGoal",
    "CouncilGoal",
    "CouncilGoalSDG",
    "DocumentType",
    "GoverningDocument",
    "Indicator",
    "IndicatorSource",
    "ItemStatus",
    "Measurement",
    "MeasurementSource",
    "SDG",
    "UNIT_SYMBOLS",
    "Unit",
    "Vision",
    "VisionBasis",
    "YEAR_VALIDATORS",
    "governing_document_upload_to",
    "kolada_kpi_validator",
]

# Focus areas with a named responsible live in their own module of the app.
from ..focus_areas.models import (  # noqa: E402, F401
    FocusArea,
    FocusAreaStatus,
    FocusAreaUpdate,
)
