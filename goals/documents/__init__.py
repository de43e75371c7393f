"""The goals app's document kinds: the strategic development programme and the action plan.

Both are rendered from the process (source = the VisionProcess); ``source_version`` is a hash of
the modification times of everything that goes into the document, so a second click while one
rendering of the same content is under way joins it.

The programme follows Vaggeryd's frame (Dnr KS 2019/160): a cover, seven spreads (with four
council goals) and a back cover; each spread starts on an even (left) page. With N council goals
the document has 8 + 2N pages. Text is never cut: a spread whose content is longer than its two
pages is rendered again one size step smaller (``fit`` levels, see ``fit_spreads``), up to a
smallest readable size; only beyond that does the spread grow by whole spreads.

One module per part: ``base`` (colours, goals and indicator states), ``fitting`` (each goal
spread on its two pages), ``programme`` and ``action_plan``; everything is importable from
``goals.documents`` as before.
"""

from .action_plan import (
    action_plan_context,
    action_plan_last_revised,
    action_plan_metadata,
    action_plan_source,
    action_plan_title,
    action_plan_version_stamp,
    current_action_plan_version,
)
from .base import (
    FIT_LEVELS,
    GOAL_COLOURS,
    SDG_MEANING,
)
from .fitting import (
    CHART_MAX_MM,
    CHART_MIN_MM,
    CHART_VIEW_WIDTH,
    CONTENT_WIDTH_MM,
    FONT_STEPS_PT,
    RIGHT_PAGE_MM,
    ProgrammeFitter,
    chart_svg,
    estimate_chart_mm,
)
from .programme import (
    NUMBER_WORDS,
    PROGRAMME_NAME,
    number_words,
    programme_context,
    programme_kind_keywords,
    programme_last_revised,
    programme_metadata,
    programme_running_title,
    programme_source,
    programme_title,
    programme_version,
)

__all__ = [
    "CHART_MAX_MM",
    "CHART_MIN_MM",
    "CHART_VIEW_WIDTH",
    "CONTENT_WIDTH_MM",
    "FIT_LEVELS",
    "FONT_STEPS_PT",
    "GOAL_COLOURS",
    "NUMBER_WORDS",
    "PROGRAMME_NAME",
    "ProgrammeFitter",
    "RIGHT_PAGE_MM",
    "SDG_MEANING",
    "action_plan_context",
    "action_plan_last_revised",
    "action_plan_metadata",
    "action_plan_source",
    "action_plan_title",
    "action_plan_version_stamp",
    "chart_svg",
    "current_action_plan_version",
    "estimate_chart_mm",
    "number_words",
    "programme_context",
    "programme_kind_keywords",
    "programme_last_revised",
    "programme_metadata",
    "programme_running_title",
    "programme_source",
    "programme_title",
    "programme_version",
]
