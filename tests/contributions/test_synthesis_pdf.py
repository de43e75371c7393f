"""The dialogue synthesis PDF as a politician reads it: a first page that says what, where, when
and how many; a table of contents with page numbers; one section per theme; chart labels that
fit; no small count printed or derivable; contributions' text escaped; an empty process gives a
short, sensible document."""

import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from contributions.documents import KEY, build_context
from contributions.models import (
    ContributionTheme,
    KeyPoint,
    ModerationState,
    Synthesis,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
)
from contributions.print_charts import LABEL_MAX_SHARE, print_chart, text_width
from tests.contributions.staff_factories import (
    DistrictFactory,
    StaffContributionFactory,
    ThemeFactory,
)
from tests.factories import ProcessFactory
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db

LONG_THEME = "Ramning och utgångspunkt för medborgardialog med målgrupper på landsbygden"


def render(process):
    kind = documents.get(KEY)
    pdf = render_pdf(template=kind.template, context=build_context(process))
    reader = PdfReader(io.BytesIO(pdf.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    return pdf, reader, pages


def html(process) -> str:
    with translation.override("sv"):
        return render_to_string(documents.get(KEY).template, build_context(process))


def published(contribution):
    contribution.moderation_state = ModerationState.PUBLISHED
    contribution.save(update_fields=["moderation_state"])
    return contribution


@pytest.fixture
def world():
    """Vaggeryd: 24 contributions in two themes; districts of 20, 3 and 1 contributions."""
    process = ProcessFactory(title="Vision Vaggeryd 2040")
    m = process.municipality
    big = DistrictFactory(municipality=m, name="Skillingaryd", order=1)
    three = DistrictFactory(municipality=m, name="Bondstorp", order=2)
    one = DistrictFactory(municipality=m, name="Byarum", order=3)
    school = ThemeFactory(process=process, name="Skola och förskola", order=1)
    long_theme = ThemeFactory(process=process, name=LONG_THEME, order=2)
    districts = [big] * 20 + [three] * 3 + [one]
    for index, district in enumerate(districts):
        c = StaffContributionFactory(
            process=process,
            district=district,
            channel="interview" if index % 2 else "web",
            text=f"Bidrag {index}: fler platser i förskolan i {district.name}.",
        )
        ContributionTheme.objects.create(contribution=c, theme=school)
        if index < 6:
            ContributionTheme.objects.create(contribution=c, theme=long_theme)
        if index == 0:
            published(c)
    return process


def test_first_page_says_what_where_when_how_many_and_how(world):
    _pdf, _reader, pages = render(world)
    first = pages[0]
    assert "Dialogsammanställning" in first
    assert "Vision Vaggeryd 2040" in first
    assert "Vaggeryds kommun" in first and "0682" in first
    with translation.override("sv"):
        today = date_format(timezone.localdate(), "j F Y")
    assert f"{today} – {today}" in first  # first and last contribution
    assert "Bidrag per kanal" in first
    assert "Webbplatsen 12" in first and "Intervju 12" in first and "Totalt 24" in first
    assert "Metod" in first and "Tjänstepersoner läste varje bidrag" in first


def test_table_of_contents_lists_every_section_with_its_page(world):
    _pdf, reader, pages = render(world)
    # Laid out as printed: each entry and its page number on one line.
    toc = " ".join(reader.pages[1].extract_text(extraction_mode="layout").split())
    assert "Innehåll" in toc
    for heading in (
        "Tema för tema",
        "1. Skola och förskola",
        "Vilka som deltog",
        "Metod och källor",
    ):
        match = re.search(re.escape(heading) + r" (\d+)", toc)
        assert match, heading
        page = int(match.group(1))
        assert heading.split(". ")[-1] in pages[page - 1]
    assert f"2. {LONG_THEME}" in toc


def test_every_theme_has_its_section_with_count_quote_and_outcome(world):
    _pdf, _reader, pages = render(world)
    text = " ".join(pages[2:])
    assert "24 bidrag tog upp temat." in text
    assert "6 bidrag tog upp temat." in text
    assert "Bidrag 0: fler platser i förskolan i Skillingaryd." in text  # published: quoted
    assert "Bidrag 1:" not in text  # not published: counted, never quoted
    assert "Sammanställningen av temana är inte publicerad ännu" in text
    assert "Vad det ledde till" in text


def test_no_small_count_is_printed_or_derivable(world):
    from tests.contributions.test_disclosure_attack import attack_synthesis

    _pdf, _reader, pages = render(world)
    lines = []
    kind = documents.get(KEY)
    pdf = render_pdf(template=kind.template, context=build_context(world))
    for page in PdfReader(io.BytesIO(pdf.content)).pages:
        lines += [
            " ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()
        ]
    text = " ".join(pages)
    for name in ("Bondstorp", "Byarum"):
        assert not re.search(name + r":? [134]\b", text), name
        assert re.search(name + r":? dolt", text)
    attack, found = attack_synthesis(lines)
    assert found["district"]["Bondstorp"] == "dolt" and found["district"]["Byarum"] == "dolt"
    assert attack.hidden and attack.run() == {}


def test_chart_labels_wrap_inside_the_measured_column():
    labels = [LONG_THEME, "Kort", "Medborgardialogsutvecklingsprojektsamordnare i kommunen"]
    chart = print_chart("Bidrag per tema", "", [(label, 5, "5") for label in labels])
    assert chart.label_width <= chart.width * LABEL_MAX_SHARE
    for row in chart.rows:
        assert all(text_width(line) <= chart.label_width for line in row.lines)
        assert "".join(line.rstrip("-") for line in row.lines).replace(
            " ", ""
        ) == row.label.replace(" ", "")
        assert all(x >= 0 for _line, x in row.placed)  # no label starts left of the chart
    assert len(chart.rows[0].lines) >= 2  # the long theme is wrapped, not cut
    assert chart.bar_x > chart.label_width


def test_chart_svg_prints_every_label_line_within_the_page(world):
    page = html(world)
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert svgs
    for svg in svgs:
        width = float(re.search(r'width="([\d.]+)"', svg).group(1))
        assert width <= 657  # the text column of the A4 page
        for x, _text in re.findall(r'<text x="([\d.]+)"[^>]*>([^<]*)</text>', svg):
            assert 0 <= float(x) < width
    # In the PDF, every label is there whole (the theme heading, the table of numbers).
    _pdf, _reader, pages = render(world)
    text = " ".join(pages)
    assert LONG_THEME in text
    assert "ramning och utgångspunkt"[1:] in text.lower()


def test_the_pdf_uses_only_the_documents_typeface(world):
    _pdf, reader, _pages = render(world)
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            inner = xobject.get_object().get("/Resources") or {}
            for font in (inner.get("/Font") or {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("sourcesans3" in re.sub(r"[^a-z0-9]", "", name.lower()) for name in fonts), fonts


def test_script_in_a_quoted_contribution_is_escaped():
    process = ProcessFactory()
    theme = ThemeFactory(process=process, name="Trygghet")
    c = published(
        StaffContributionFactory(
            process=process, title="<b>Rubrik</b>", text='<script>alert("x")</script> Mer ljus.'
        )
    )
    ContributionTheme.objects.create(contribution=c, theme=theme)
    page = html(process)
    assert "<script>alert" not in page and "<b>Rubrik" not in page
    assert "&lt;script&gt;alert" in page
    _pdf, _reader, pages = render(process)
    assert '<script>alert("x")</script> Mer ljus.' in " ".join(pages)


def test_a_process_without_contributions_gives_a_short_sensible_document():
    process = ProcessFactory(title="Tom process")
    pdf, _reader, pages = render(process)
    assert pdf.page_count <= 2
    text = " ".join(pages)
    assert "Dialogsammanställning" in text and "Tom process" in text
    assert "Inga bidrag har kommit in ännu." in text
    assert "Metod och källor" in text
    assert "Innehåll" not in text  # no table of contents for nothing


def test_published_synthesis_gives_key_points_with_how_many_said_it(world):
    theme = world.themes.get(name="Skola och förskola")
    quoted = world.contributions.get(moderation_state=ModerationState.PUBLISHED)
    unpublished = world.contributions.exclude(pk=quoted.pk).first()
    synthesis = Synthesis.objects.create(process=world)
    version = SynthesisVersion.objects.create(
        synthesis=synthesis, number=2, state=SynthesisState.PUBLISHED, published_at=timezone.now()
    )
    section = SynthesisTheme.objects.create(
        version=version,
        theme=theme,
        name=theme.name,
        position=0,
        introduction="Föräldrar vill ha fler förskoleplatser nära hemmet.",
        voices=24,
        spread={"channel": {"web": 12, "interview": 12}},
    )
    KeyPoint.objects.create(
        section=section, contribution=quoted, text="Fler platser i förskolan.", voices=12
    )
    KeyPoint.objects.create(section=section, contribution=quoted, text="Kortare köer.", voices=3)
    KeyPoint.objects.create(
        section=section, contribution=unpublished, text="Hemlig mening.", position=2, voices=9
    )
    _pdf, _reader, pages = render(world)
    text = " ".join(pages)
    assert "Föräldrar vill ha fler förskoleplatser nära hemmet." in text
    assert "Fler platser i förskolan." in text and "12 personer sa ungefär detta." in text
    assert "Färre än 5 personer sa ungefär detta." in text and "3 personer" not in text
    assert "Hemlig mening." not in text  # its source is not published: counted, not quoted
    assert "24 personer tog upp temat." in text
    assert "version 2" in text


def test_publishing_a_synthesis_changes_the_source_version():
    from contributions.documents import source_version

    process = ProcessFactory()
    StaffContributionFactory(process=process)
    before = source_version(process)
    synthesis = Synthesis.objects.create(process=process)
    SynthesisVersion.objects.create(synthesis=synthesis, number=1, state=SynthesisState.DRAFT)
    assert source_version(process) == before  # a draft is not in the PDF
    SynthesisVersion.objects.create(
        synthesis=synthesis, number=2, state=SynthesisState.PUBLISHED, published_at=timezone.now()
    )
    assert source_version(process) != before
