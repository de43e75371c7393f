"""Fitting each goal spread of the programme on its two pages."""

from visionsprocess.documents.fit import Fitter

from ..charts import PRINT_FONT, indicator_chart

# --- Fitting each goal spread on its two pages ---------------------------------------------------
#
# The body text has one size in the whole programme (10.5 pt, or one smaller step for all spreads
# when a spread cannot fit otherwise). What gives is where the overflow is: the charts of the
# right-hand page. Their height is chosen from the spread's own content before the layout, so
# the programme is normally laid out once; if a spread still overflows, the measured overflow
# is taken from its charts and the document laid out once more.

FONT_STEPS_PT = (10.5, 9.8)
CHART_MAX_MM, CHART_MIN_MM = 55.0, 30.0
CONTENT_WIDTH_MM = 178.0  # A4 minus the programme's 16 mm side margins
RIGHT_PAGE_MM = 260.0  # A4 minus the 17 mm top and 20 mm bottom margins
CHART_VIEW_WIDTH = 560


def _lines(text: str, font_pt: float, width_mm: float = CONTENT_WIDTH_MM, em: float = 1.0):
    """Estimated lines of ``text`` (about 0.5 em a character in Source Sans 3)."""
    if not text:
        return 0
    char_mm = 0.5 * font_pt * em * 0.3528
    per_line = max(10, int(width_mm / char_mm))
    return sum(max(1, -(-len(part) // per_line)) for part in text.splitlines() if part.strip())


def estimate_chart_mm(block, font_pt: float) -> float:
    """The chart height that fills the right-hand page of a goal spread without overflowing it."""
    line = font_pt * 0.3528 * 1.45
    used = 3 * (font_pt * 0.3528 * 1.12 * 1.15 + font_pt * 0.3528 * 1.12)  # three headings
    goal = block["goal"]
    used += (_lines(goal.political_will, font_pt) + 1) * line
    used += _lines(goal.how_measured, font_pt) * line + (2 if goal.how_measured else 0)
    indicators = block["indicators"]
    for item in indicators:
        used += line + 2 + 0.9 * line + 1 + 3  # name and status, figures, spacing
        used += (_lines(item["indicator"].name, font_pt) - 1) * line
    documents = block["governing_documents"]
    row = 0.9 * line + 2.2
    used += (
        row * (1 + sum(max(1, _lines(d.name, font_pt, 60, 0.9)) for d in documents))
        if documents
        else line
    )
    if not indicators:
        return CHART_MAX_MM
    free = RIGHT_PAGE_MM * 0.97 - used  # 3 % kept free: the estimate must not overflow
    return max(CHART_MIN_MM, min(CHART_MAX_MM, free / len(indicators)))


def chart_svg(item, chart_mm: float):
    height = round(CHART_VIEW_WIDTH * chart_mm / CONTENT_WIDTH_MM)
    return indicator_chart(
        item["indicator"],
        item["indicator"].measurement_list,
        width=CHART_VIEW_WIDTH,
        height=height,
        font=PRINT_FONT,
        alt_with_figures=True,
        print_size=(f"{CONTENT_WIDTH_MM}mm", f"{chart_mm:.1f}mm"),
    )


def _fit_blocks(blocks, font_pt: float, chart_mm: dict | None = None) -> None:
    """Give each goal block its chart height (estimated, or as corrected) and its charts."""
    for block in blocks:
        height = (chart_mm or {}).get(block["spread"]) or estimate_chart_mm(block, font_pt)
        block["chart_mm"] = round(height, 1)
        for item in block["indicators"]:
            item["chart"] = chart_svg(item, height)


class ProgrammeFitter(Fitter):
    """Corrects the programme after a layout whose spreads did not all fit (see above)."""

    def __init__(self, anchors: list[str], font_step: int = 0):
        self.anchors = anchors
        self.font_step = font_step

    def adjust(self, context: dict, measures) -> dict | None:
        over = [m for m in measures if m.pages > 2]
        if not over:
            return None
        blocks = {block["spread"]: block for block in context["goals"]}
        heights = {spread: block["chart_mm"] for spread, block in blocks.items()}
        charts_absorb = True
        for measure in over:
            block = blocks.get(measure.anchor)
            count = len(block["indicators"]) if block else 0
            if not count:
                charts_absorb = False
                continue
            height = block["chart_mm"] - (measure.overflow_mm + 6) / count
            if height < CHART_MIN_MM:
                charts_absorb = False
            heights[measure.anchor] = max(CHART_MIN_MM, height)
        corrected = dict(context)
        corrected["goals"] = [
            dict(block, indicators=[dict(i) for i in block["indicators"]])
            for block in context["goals"]
        ]
        if charts_absorb:
            _fit_blocks(corrected["goals"], context["font_pt"], heights)
            corrected["fitter"] = ProgrammeFitter(self.anchors, self.font_step)
            return corrected
        if self.font_step + 1 < len(FONT_STEPS_PT):
            # One smaller body size for every spread, never a spread of its own size.
            font_pt = FONT_STEPS_PT[self.font_step + 1]
            corrected["font_pt"] = font_pt
            _fit_blocks(corrected["goals"], font_pt)
            corrected["fitter"] = ProgrammeFitter(self.anchors, self.font_step + 1)
            return corrected
        return None  # text wins: the spread keeps its extra pages, nothing is cut
