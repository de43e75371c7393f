"""Server-rendered, accessible SVG line charts of indicator values, and the table of the numbers.

The markup works in HTML pages and in WeasyPrint PDFs alike: no JavaScript, no external fonts,
every essential presentation as an SVG attribute (no CSS classes needed). The chart carries
``role="img"`` with a ``<title>`` and a ``<desc>`` (its accessible name and description); the
table beside it gives the same numbers to everyone.

Public API (used by the goal pages and by the programme PDF):

* ``line_chart(...)`` – the SVG for any series of (year, value) points with an optional target;
* ``indicator_chart(indicator, measurements=None)`` – the SVG of one indicator;
* ``indicator_table(indicator, measurements=None)`` – the table of its numbers;
* ``indicator_figure(indicator, measurements=None)`` – both, in a ``<figure>``.
"""

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LINE_COLOUR = "#00558c"  # 7.0:1 on white
TARGET_COLOUR = "#a4161a"  # 7.6:1 on white
GRID_COLOUR = "#d0d5db"
TEXT_COLOUR = "#1f2328"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


#: The house font of printed documents (embedded in every PDF by print.css).
PRINT_FONT = "'Source Sans 3', sans-serif"


def format_value(value, unit_symbol: str = "") -> str:
    """A number the Swedish way (decimal comma, grouped thousands) with its unit: "4,6 per
    1 000", "1 dag" but "3 dagar"."""
    d = Decimal(str(value))
    places = 0 if d == d.to_integral_value() else (1 if (d * 10) == (d * 10).to_integral() else 2)
    text = number_format(d, places, use_l10n=True, force_grouping=abs(d) >= 10000)
    if unit_symbol and str(unit_symbol) == ngettext("day", "days", 2):
        unit_symbol = ngettext("day", "days", 1 if d == 1 else 2)
    return f"{text}\u00a0{unit_symbol}" if unit_symbol else text


def _text_box(x: float, y: float, text: str, size: float, anchor: str) -> tuple:
    """An estimate of a label's box (x0, y0, x1, y1): about 0.55 em per character."""
    width = 0.55 * size * len(text)
    x0 = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return (x0, y - size, x0 + width, y + 0.25 * size)


def _overlaps(a: tuple, b: tuple, margin: float = 2) -> bool:
    return not (
        a[2] + margin <= b[0]
        or b[2] + margin <= a[0]
        or a[3] + margin <= b[1]
        or b[3] + margin <= a[1]
    )


def _nice_step(span: float, ticks: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def _axis(values: Sequence[float]) -> tuple[float, float, float]:
    smallest, high = min(values), max(values)
    low = 0.0 if 0 <= smallest <= 0.5 * high else smallest
    if high == low:
        high = low + (abs(low) or 1.0)
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    if low == smallest and low != 0:  # keep the lowest point off the axis
        low -= step
    high = math.ceil(high / step) * step
    if high == low:  # pragma: no cover
        high = low + step
    return low, high, step


def _f(x: float) -> str:
    return f"{x:.1f}"


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: Iterable[tuple[int, object]],
    target=None,
    target_year: int | None = None,
    unit_symbol: str = "",
    higher_is_better: bool | None = None,
    width: int = 640,
    height: int = 300,
    font: str = FONT,
    alt_with_figures: bool = False,
    print_size: tuple[str, str] | None = None,
) -> SafeString:
    """An SVG line chart of ``points`` (year, value) with a dashed line at ``target``.

    No two labels overlap: the value label of the last point and the target's label are placed
    where the other is not (above or below the target line, at its right or left end)."""
    FONT = font  # noqa: N806 - the font of every label of this chart
    points = sorted((int(year), float(value)) for year, value in points)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    desc = describe(points, target, target_year, unit_symbol, higher_is_better)
    if alt_with_figures:
        # A PDF takes a figure's alternative text from the SVG's <title>: give the figures too.
        title = f"{title}. {desc}"

    left, right, top, bottom = 64, 24, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    parts: list[str] = []

    if not points:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-family="{}" font-size="14" '
                'fill="{}">{}</text>',
                width // 2,
                height // 2,
                FONT,
                TEXT_COLOUR,
                _("No values yet"),
            )
        )
    else:
        years = [y for y, _v in points]
        first_year, last_year = years[0], years[-1]
        if target is not None and target_year and target_year > last_year:
            last_year = target_year
        if last_year == first_year:
            first_year, last_year = first_year - 1, last_year + 1
        values = [v for _y, v in points] + ([float(target)] if target is not None else [])
        low, high, step = _axis(values)

        def x_of(year: int) -> float:
            return left + (year - first_year) / (last_year - first_year) * plot_w

        def y_of(value: float) -> float:
            return top + (high - value) / (high - low) * plot_h

        # Grid and y labels
        tick = low
        while tick <= high + step / 1000:
            y = y_of(tick)
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                    left,
                    _f(y),
                    left + plot_w,
                    _f(y),
                    GRID_COLOUR,
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" font-family="{}" font-size="12" '
                    'fill="{}">{}</text>',
                    left - 8,
                    _f(y + 4),
                    FONT,
                    TEXT_COLOUR,
                    format_value(round(tick, 6)),
                )
            )
            tick += step
        # x labels: every year, or every other one when there are many
        span = last_year - first_year
        every = 1 if span <= 10 else 2 if span <= 20 else 5
        for year in range(first_year, last_year + 1):
            if (year - first_year) % every:
                continue
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-family="{}" font-size="12" '
                    'fill="{}">{}</text>',
                    _f(x_of(year)),
                    height - bottom + 20,
                    FONT,
                    TEXT_COLOUR,
                    year,
                )
            )
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>',
                left,
                top + plot_h,
                left + plot_w,
                top + plot_h,
                TEXT_COLOUR,
            )
        )
        # Target line
        if target is not None:
            ty = y_of(float(target))
            label = (
                _("Target %(year)s: %(value)s")
                % {"year": target_year, "value": format_value(target, unit_symbol)}
                if target_year
                else _("Target: %(value)s") % {"value": format_value(target, unit_symbol)}
            )
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="8 5" data-role="target"/>',
                    left,
                    _f(ty),
                    left + plot_w,
                    _f(ty),
                    TARGET_COLOUR,
                )
            )
            last_year_, last_value_ = points[-1]
            value_text = format_value(last_value_, unit_symbol)
            value_pos = (x_of(last_year_), max(y_of(last_value_) - 10, 12))
            if abs(y_of(last_value_) - ty) < 22 and y_of(last_value_) >= ty:
                value_pos = (x_of(last_year_), y_of(last_value_) + 20)
            value_box = _text_box(*value_pos, value_text, 12, "middle")
            point_boxes = [(x_of(y) - 5, y_of(v) - 5, x_of(y) + 5, y_of(v) + 5) for y, v in points]
            candidates = []
            for x, anchor in ((left + plot_w, "end"), (left + 4, "start")):
                for y in (ty - 6, ty + 16):
                    if top - 4 < y - 12 and y < top + plot_h - 2:
                        candidates.append((x, y, anchor))
            candidates = candidates or [(left + plot_w, ty - 6, "end")]
            chosen = next(
                (
                    (x, y, anchor)
                    for x, y, anchor in candidates
                    if not any(
                        _overlaps(_text_box(x, y, label, 12, anchor), box)
                        for box in [value_box, *point_boxes]
                    )
                ),
                candidates[0],
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-family="{}" font-size="12" '
                    'font-weight="bold" fill="{}" data-role="target-label">{}</text>',
                    _f(chosen[0]),
                    _f(chosen[1]),
                    chosen[2],
                    FONT,
                    TARGET_COLOUR,
                    label,
                )
            )
        # The line and its points
        coords = " ".join(f"{_f(x_of(y))},{_f(y_of(v))}" for y, v in points)
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" '
                    'stroke-linejoin="round" data-role="values"/>',
                    coords,
                    LINE_COLOUR,
                )
            )
        for year, value in points:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4.5" fill="{}" stroke="#ffffff" '
                    'stroke-width="1.5" data-year="{}"/>',
                    _f(x_of(year)),
                    _f(y_of(value)),
                    LINE_COLOUR,
                    year,
                )
            )
        last_y, last_v = points[-1]
        value_label_y = max(y_of(last_v) - 10, 12)
        if target is not None and abs(y_of(last_v) - y_of(float(target))) < 22:
            # Above the point it would sit on the target line: put it under the point instead.
            value_label_y = (
                y_of(last_v) + 20 if y_of(last_v) >= y_of(float(target)) else value_label_y
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-family="{}" font-size="12" '
                'font-weight="bold" fill="{}">{}</text>',
                _f(x_of(last_y)),
                _f(value_label_y),
                FONT,
                LINE_COLOUR,
                format_value(last_v, unit_symbol),
            )
        )

    body = mark_safe("".join(parts))  # noqa: S308 - every part is built with format_html
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{} {}" '
        'viewBox="0 0 {} {}" width="{}" height="{}" class="goal-chart-svg">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>'
        '<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>{}</svg>',
        title_id,
        desc_id,
        width,
        height,
        print_size[0] if print_size else width,
        print_size[1] if print_size else height,
        title_id,
        title,
        desc_id,
        desc,
        width,
        height,
        body,
    )


def describe(points, target, target_year, unit_symbol, higher_is_better) -> str:
    """A sentence for ``<desc>``: the values in words, the target, the direction."""
    if not points:
        text = _("No values have been recorded yet.")
    else:
        listed = ", ".join(f"{year}: {format_value(value, unit_symbol)}" for year, value in points)
        text = _("Values %(first)s–%(last)s: %(values)s.") % {
            "first": points[0][0],
            "last": points[-1][0],
            "values": listed,
        }
    if target is not None:
        if target_year:
            text += " " + _("Target %(value)s by %(year)s.") % {
                "value": format_value(target, unit_symbol),
                "year": target_year,
            }
        else:
            text += " " + _("Target %(value)s.") % {"value": format_value(target, unit_symbol)}
    if higher_is_better is True:
        text += " " + _("Higher is better.")
    elif higher_is_better is False:
        text += " " + _("Lower is better.")
    return text


def _measurements(indicator, measurements):
    if measurements is None:
        measurements = indicator.measurements.all()
    return sorted(measurements, key=lambda m: m.year)


def indicator_chart(
    indicator,
    measurements=None,
    *,
    width: int = 640,
    height: int = 300,
    font: str = FONT,
    alt_with_figures: bool = False,
    print_size: tuple[str, str] | None = None,
):
    ms = _measurements(indicator, measurements)
    return line_chart(
        chart_id=f"indicator-{indicator.pk}",
        title=indicator.name,
        points=[(m.year, m.value) for m in ms],
        target=indicator.target_value,
        target_year=indicator.target_year,
        unit_symbol=indicator.unit_symbol,
        higher_is_better=indicator.higher_is_better,
        width=width,
        height=height,
        font=font,
        alt_with_figures=alt_with_figures,
        print_size=print_size,
    )


def indicator_table(indicator, measurements=None) -> SafeString:
    ms = _measurements(indicator, measurements)
    unit = indicator.unit_symbol
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="text-end">{}</td><td>{}</td></tr>',
        ((m.year, format_value(m.value, unit), m.comment) for m in ms),
    )
    if not ms:
        rows = format_html('<tr><td colspan="3">{}</td></tr>', _("No values yet"))
    foot = ""
    if indicator.target_value is not None:
        foot = format_html(
            '<tfoot><tr><th scope="row">{}</th><td class="text-end">{}</td><td></td></tr></tfoot>',
            _("Target %(year)s") % {"year": indicator.target_year}
            if indicator.target_year
            else _("Target"),
            format_value(indicator.target_value, unit),
        )
    return format_html(
        '<table class="table table-sm goal-chart-table"><caption>{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col" class="text-end">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody>{}</table>',
        _("%(name)s, values per year") % {"name": indicator.name},
        _("Year"),
        _("Value"),
        _("Comment"),
        rows,
        foot,
    )


def indicator_figure(indicator, measurements=None) -> SafeString:
    ms = _measurements(indicator, measurements)
    return format_html(
        '<figure class="goal-chart">{}<figcaption class="visually-hidden">{}</figcaption>{}</figure>',
        indicator_chart(indicator, ms),
        indicator.name,
        indicator_table(indicator, ms),
    )


__all__ = [
    "format_value",
    "line_chart",
    "describe",
    "indicator_chart",
    "indicator_table",
    "indicator_figure",
]
