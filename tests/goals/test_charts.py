"""The SVG charts: valid XML, an accessible name and description, a dashed target line, the
numbers as a table."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from goals.charts import (
    format_value,
    indicator_chart,
    indicator_figure,
    indicator_table,
    line_chart,
)
from tests.goals.factories import IndicatorFactory, MeasurementFactory

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def test_chart_is_valid_svg_with_accessible_name_and_description():
    svg = parse(
        line_chart(
            chart_id="c1",
            title="Andel nöjda <invånare>",
            points=[(2019, 61), (2020, Decimal("63.5")), (2021, 66)],
            target=75,
            target_year=2022,
            unit_symbol="%",
            higher_is_better=True,
        )
    )
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title.get("id") == "c1-title" and title.text == "Andel nöjda <invånare>"
    assert desc.get("id") == "c1-desc"
    assert "2019" in desc.text and "2021" in desc.text


def test_chart_has_one_point_per_year_a_line_and_a_dashed_target():
    svg = parse(
        line_chart(chart_id="c", title="t", points=[(2019, 1), (2020, 2), (2021, 3)], target=5)
    )
    circles = svg.findall(f".//{SVG}circle")
    assert [c.get("data-year") for c in circles] == ["2019", "2020", "2021"]
    assert svg.find(f".//{SVG}polyline[@data-role='values']") is not None
    target = svg.find(f".//{SVG}line[@data-role='target']")
    assert target is not None and target.get("stroke-dasharray")


def test_target_line_sits_where_the_target_value_is():
    svg = parse(line_chart(chart_id="c", title="t", points=[(2019, 0), (2020, 100)], target=100))
    target = svg.find(f".//{SVG}line[@data-role='target']")
    top_point = [c for c in svg.findall(f".//{SVG}circle") if c.get("data-year") == "2020"][0]
    assert float(target.get("y1")) == pytest.approx(float(top_point.get("cy")))


def test_higher_values_are_drawn_higher_up():
    svg = parse(line_chart(chart_id="c", title="t", points=[(2019, 10), (2020, 50)]))
    c19, c20 = svg.findall(f".//{SVG}circle")
    assert float(c20.get("cy")) < float(c19.get("cy"))


def test_chart_without_values_says_so():
    with translation.override("en"):
        svg = parse(line_chart(chart_id="c", title="t", points=[]))
    assert "No values yet" in "".join(svg.itertext())


def test_chart_uses_no_css_classes_for_essentials_and_no_script():
    markup = str(line_chart(chart_id="c", title="t", points=[(2019, 1), (2020, 2)], target=3))
    assert "<script" not in markup and "style=" not in markup
    assert 'stroke="#' in markup and 'font-family="' in markup


def test_title_text_is_escaped():
    markup = str(line_chart(chart_id="c", title="<script>alert(1)</script>", points=[(2019, 1)]))
    assert "<script>" not in markup
    parse(markup)


@pytest.mark.django_db
def test_indicator_chart_and_table_show_the_numbers():
    indicator = IndicatorFactory(name="Andel behöriga till gymnasiet", target_value=Decimal("90"))
    MeasurementFactory(indicator=indicator, year=2019, value=Decimal("84.5"), comment="Ny metod")
    MeasurementFactory(indicator=indicator, year=2020, value=Decimal("86"))
    with translation.override("sv"):
        svg = parse(indicator_chart(indicator))
        table = parse(indicator_table(indicator))
    assert svg.find(f"{SVG}title").text == "Andel behöriga till gymnasiet"
    cells = [" ".join(td.itertext()) for td in table.iter("td")]
    assert "84,5\u00a0%" in cells and "86\u00a0%" in cells and "Ny metod" in cells
    assert [th.text for th in table.iter("th") if th.get("scope") == "row"][:2] == ["2019", "2020"]
    assert table.find("caption") is not None
    assert "90\u00a0%" in "".join(table.find("tfoot").itertext())


@pytest.mark.django_db
def test_indicator_figure_is_well_formed_and_comments_are_escaped():
    indicator = IndicatorFactory()
    MeasurementFactory(indicator=indicator, year=2020, comment="<b>fet</b> & annat")
    markup = str(indicator_figure(indicator))
    figure = parse(markup)
    assert figure.tag == "figure"
    assert "<b>" not in markup


def test_format_value_uses_swedish_decimal_comma():
    with translation.override("sv"):
        assert format_value(Decimal("12.50"), "%") == "12,5\u00a0%"
        assert format_value(3) == "3"


def test_chart_renders_in_weasyprint(tmp_path):
    from weasyprint import HTML

    svg = line_chart(chart_id="c", title="t", points=[(2019, 1), (2020, 2)], target=3)
    pdf = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")


def test_the_target_label_never_overlaps_the_value_label():
    """Programme p. 7: "Mål 2022: 5 per 1 000" lay on top of "4,6 per 1 000"."""
    import re

    from django.utils import translation

    from goals.charts import _overlaps, _text_box, line_chart

    with translation.override("sv"):
        svg = str(
            line_chart(
                chart_id="c",
                title="Nybyggda bostäder per 1000 invånare",
                points=[(2018, 3.1), (2019, 3.8), (2020, 4.2), (2021, 4.6)],
                target=5,
                target_year=2022,
                unit_symbol="per 1 000",
                width=560,
                height=130,
            )
        )
    labels = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*font-weight="bold"[^>]*>([^<]+)<',
        svg,
    )
    assert len(labels) == 2
    boxes = [_text_box(float(x), float(y), text, 12, anchor) for x, y, anchor, text in labels]
    assert not _overlaps(boxes[0], boxes[1])
    assert "4,6" in svg  # decimal comma


def test_one_day_is_singular():
    from django.utils import translation

    from goals.charts import format_value

    with translation.override("sv"):
        assert format_value(1, "dagar") == "1\u00a0dag"
        assert format_value(3, "dagar") == "3\u00a0dagar"
