"""Bar charts for the printed documents: SVG drawn in the document's own typeface, at the scale
of the page, with labels that always fit.

The web charts (``contributions.charts``) scale to their container and cut long labels; on paper
a chart is laid out once, so its label column is measured instead. The text widths come from the
advance widths of the very font the PDF embeds (Source Sans 3, read with fontTools, which
WeasyPrint brings), widened by ``SAFETY``: a label is wrapped onto as many lines as it needs
inside a column at most ``LABEL_MAX_SHARE`` of the chart wide, and is never shortened.

One SVG user unit is one CSS pixel (the SVG's width and height equal its viewBox), so the font
size below is the size on paper: 12 px = 9 pt.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

FONT_FAMILY = "Source Sans 3"
FONT_FILE = "vendor/fonts/source-sans-3/source-sans-3-latin-400-normal.woff"
FONT_SIZE = 12
LINE_HEIGHT = 14
#: Measured widths are multiplied by this: kerning, hinting and rounding never make a label
#: wider than measured.
SAFETY = 1.08
#: The width (in em) of a character the font file does not hold: wider than any Latin letter.
FALLBACK_EM = 0.65
#: The text column of an A4 page with 18 mm margins, in CSS pixels (174 mm).
PAGE_WIDTH = 656
LABEL_MAX_SHARE = 0.42
LABEL_MIN = 60
GAP = 8
ROW_PADDING = 8
BAR_HEIGHT = 14
MIN_ROW = 22


@lru_cache(maxsize=1)
def _advances() -> dict[int, float] | None:
    """Advance width (in em) of every character of the embedded font, or ``None`` when the font
    file cannot be found (the widths are then estimated generously)."""
    from django.contrib.staticfiles import finders
    from fontTools.ttLib import TTFont

    path = finders.find(FONT_FILE)
    if not path:
        return None
    font = TTFont(path)
    metrics = font["hmtx"]
    units = font["head"].unitsPerEm
    return {code: metrics[name][0] / units for code, name in font.getBestCmap().items()}


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width ``text`` takes in the document's typeface, on the safe side."""
    advances = _advances() or {}
    return sum(advances.get(ord(ch), FALLBACK_EM) for ch in text) * size * SAFETY


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces where it can, inside a word
    only where one word alone is too wide. Nothing is left out."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size) > width:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


@dataclass
class PrintBar:
    label: str
    value: int
    shown: str  # what is printed as the value: the number, or "hidden"
    lines: list[str] = field(default_factory=list)
    placed: list[tuple[str, float]] = field(default_factory=list)  # (line, its baseline)
    y: float = 0.0  # top of the row
    bar_y: float = 0.0
    bar_width: float = 0.0
    value_x: float = 0.0
    text_y: float = 0.0  # baseline of the first label line
    value_y: float = 0.0


@dataclass
class PrintChart:
    title: str
    description: str
    rows: list[PrintBar]
    width: int = PAGE_WIDTH
    height: float = 0.0
    label_width: float = 0.0  # the label column: every line of every label fits in it
    bar_x: float = 0.0
    bar_area: float = 0.0
    font_family: str = FONT_FAMILY
    font_size: int = FONT_SIZE
    line_height: int = LINE_HEIGHT
    bar_height: int = BAR_HEIGHT
    value_heading: str = ""


def print_chart(
    title: str,
    description: str,
    data: list[tuple[str, int, str]],
    *,
    width: int = PAGE_WIDTH,
    value_heading: str = "",
) -> PrintChart:
    """``data``: (label, value, shown) per bar; a hidden count has value 0 (its bar is empty,
    so its length betrays nothing) and ``shown`` "hidden"."""
    rows = [
        PrintBar(label=str(label), value=value, shown=str(shown)) for label, value, shown in data
    ]
    value_width = max((text_width(r.shown) for r in rows), default=0) + GAP
    widest = max((text_width(r.label) for r in rows), default=0)
    label_width = min(max(widest, LABEL_MIN), width * LABEL_MAX_SHARE)
    bar_x = label_width + GAP
    bar_area = max(width - bar_x - value_width, 40)
    top = max((r.value for r in rows), default=0) or 1
    y = 4.0
    for row in rows:
        row.lines = wrap(row.label, label_width)
        height = max(MIN_ROW, len(row.lines) * LINE_HEIGHT + ROW_PADDING)
        row.y = y
        row.text_y = y + (height - len(row.lines) * LINE_HEIGHT) / 2 + FONT_SIZE - 1
        row.placed = [
            (line, round(row.text_y + i * LINE_HEIGHT, 1)) for i, line in enumerate(row.lines)
        ]
        row.bar_y = round(y + (height - BAR_HEIGHT) / 2, 1)
        row.value_y = round(row.bar_y + BAR_HEIGHT - 3, 1)
        row.bar_width = round(bar_area * row.value / top, 1)
        row.value_x = round(bar_x + row.bar_width + 4, 1)
        y += height
    return PrintChart(
        title=str(title),
        description=str(description),
        rows=rows,
        width=width,
        height=round(y + 4, 1),
        label_width=round(label_width, 1),
        bar_x=round(bar_x, 1),
        bar_area=round(bar_area, 1),
        value_heading=str(value_heading),
    )


def render_print_chart(chart: PrintChart) -> SafeString:
    return SafeString(
        render_to_string("contributions/documents/includes/print_chart.html", {"chart": chart})
    )
