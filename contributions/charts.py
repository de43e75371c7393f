"""Accessible bar charts rendered on the server as SVG (role="img", <title>, <desc>).

The numbers are always shown as a table beside the chart too (see the template). No inline
styles: colours are SVG presentation attributes / CSS classes, so the CSP allows them.
"""

import itertools
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

_ids = itertools.count(1)

LABEL_WIDTH = 170
BAR_AREA = 300
ROW_HEIGHT = 26
BAR_HEIGHT = 16


@dataclass
class Bar:
    label: str
    value: float
    y: int = 0
    width: float = 0.0
    second: float | None = None
    second_width: float = 0.0
    second_y: int = 0
    shown: str = ""  # text shown instead of the value (e.g. "fewer than 5")
    note: str = ""  # a further column of the table (e.g. the share in per cent)


@dataclass
class BarChart:
    title: str
    description: str
    rows: list[Bar]
    unit: str = ""
    series: tuple[str, str] | None = None
    chart_id: str = field(default_factory=lambda: f"chart-{next(_ids)}")
    height: int = 0
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA
    value_heading: str = ""  # the table's heading of the values (default "Number")
    note_heading: str = ""  # with it, the table shows each bar's ``note`` in a further column

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 60


def bar_chart(title, description, data, *, unit="", series=None) -> BarChart:
    """``data`` is [(label, value)] or, with ``series``, [(label, value, second_value)]."""
    rows = []
    for item in data:
        label = "–" if item[0] is None else str(item[0])
        bar = Bar(label=label, value=item[1])
        if series:
            bar.second = item[2]
        rows.append(bar)
    values = [r.value for r in rows] + [r.second or 0 for r in rows if r.second is not None]
    top = max(values, default=0) or 1
    row_height = ROW_HEIGHT * (2 if series else 1)
    for index, bar in enumerate(rows):
        bar.y = 8 + index * row_height
        bar.width = round(BAR_AREA * bar.value / top, 1)
        if series:
            bar.second_y = bar.y + BAR_HEIGHT + 2
            bar.second_width = round(BAR_AREA * (bar.second or 0) / top, 1)
    chart = BarChart(title=title, description=description, rows=rows, unit=unit, series=series)
    chart.height = 16 + len(rows) * row_height
    return chart


def render_chart(chart: BarChart, *, print_version: bool = False) -> SafeString:
    return SafeString(
        render_to_string(
            "contributions/staff/includes/bar_chart.html",
            {"chart": chart, "print_version": print_version},
        )
    )
