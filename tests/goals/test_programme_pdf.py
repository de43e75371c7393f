"""The strategic development programme PDF: 8 + 2N pages, text, table of contents, metadata."""

import io
import re
from xml.dom import minidom

import pytest
from pypdf import PdfReader

from goals.documents import programme_context
from tests.goals.programme_world import GOAL_TITLES, make_programme
from visionsprocess.documents import services
from visionsprocess.models import DocumentStatus
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db


def render(process):
    rendered = render_pdf(
        template="goals/documents/programme.html",
        context=programme_context(process),
        metadata=services.kind_metadata(documents.get("programme"), process),
    )
    return rendered, PdfReader(io.BytesIO(rendered.content))


def sizes_of(reader, index: int, needle: str) -> set[float]:
    """The font sizes (pt, as drawn) of the text runs on page ``index`` that contain ``needle``."""
    sizes = set()

    def visit(text, cm, tm, font, size):
        if needle in text:
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.add(round(size * scale, 1))

    reader.pages[index].extract_text(visitor_text=visit)
    return sizes


def body_sizes(reader, goals) -> set[float]:
    """The size of body text on every goal spread: the political will paragraph of each goal's
    right-hand page ("Hela kommunen ska leva och växa." in the world)."""
    sizes = set()
    for index in range(len(goals)):
        sizes |= sizes_of(reader, 6 + 2 * index, "Hela kommunen ska leva")
    return sizes


def toc_numbers(reader) -> list[int]:
    """The page numbers printed in the table of contents (page 3, the right page of spread 1)."""
    text = reader.pages[2].extract_text()
    head = text.split("Innehåll", 1)[0]
    return [int(n) for n in re.findall(r"\d+", head)]


@pytest.fixture(scope="module")
def four(django_db_setup, django_db_blocker):
    from goals.models import Vision
    from visionsprocess.models import Body, Decision, Municipality

    with django_db_blocker.unblock():
        municipalities = set(Municipality.objects.values_list("pk", flat=True))
        bodies = set(Body.objects.values_list("pk", flat=True))
        process, goals = make_programme(4)
        rendered, reader = render(process)
        yield process, goals, rendered, reader
        # Module-scoped data lives outside the per-test transaction: remove all of it, the
        # municipality's committees too, or later tests of this worker would find them.
        Vision.objects.filter(process=process).delete()
        Decision.objects.filter(process=process).delete()
        process.delete()
        Body.objects.exclude(pk__in=bodies).delete()
        Municipality.objects.exclude(pk__in=municipalities).delete()


def test_four_goals_make_sixteen_pages(four):
    _, _, rendered, reader = four
    assert rendered.page_count == 16
    assert len(reader.pages) == 16


def test_the_programme_is_laid_out_once_with_one_body_size(four):
    _, goals, rendered, reader = four
    assert rendered.layout_passes == 1
    assert body_sizes(reader, goals) == {10.5}


def test_the_running_title_is_in_the_footer_of_every_inner_page(four):
    _, _, _, reader = four
    for index in range(1, 15):  # not the covers
        text = reader.pages[index].extract_text()
        assert "Strategiskt utvecklingsprogram 2019–2022 · Vaggeryds kommun" in text, index


def test_goal_titles_in_order_with_swedish_letters(four):
    _, goals, _, reader = four
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    positions = [flat.find(goal.title) for goal in goals]
    assert all(p >= 0 for p in positions), "every goal title is extractable as text"
    assert positions == sorted(positions)
    for letter in "åäöÅÄÖ":
        assert letter in text
    assert "Näringslivet ska utvecklas" in flat and "Vaggeryds kommun" in flat


def test_each_goal_spread_starts_on_an_even_page(four):
    _, goals, _, reader = four
    for index, goal in enumerate(goals):
        page = reader.pages[4 + 2 * index + 1]  # goal k on page 6 + 2(k-1)
        text = " ".join(page.extract_text().split())
        assert goal.title in text
        assert text.startswith(f"{index + 1} ") and "FULLMÄKTIGEMÅL" in text, text[:80]
        if index:  # the spread did not start a page earlier (page 5 lists every goal)
            previous = " ".join(reader.pages[4 + 2 * index].extract_text().split())
            assert goal.title not in previous


def test_table_of_contents_points_at_the_right_pages(four):
    _, goals, _, reader = four
    numbers = toc_numbers(reader)
    assert numbers == [2, 4, 6, 8, 10, 12, 14, 16]
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "Kort om programmet" in pages[numbers[0] - 1]
    assert "Vision och värdegrund" in pages[numbers[1] - 1]
    for index, goal in enumerate(goals):
        assert goal.title in pages[numbers[2 + index] - 1]
    assert "Agenda 2030 – de 17 globala målen" in pages[numbers[6] - 1]
    assert "Så togs målen fram" in pages[numbers[7] - 1]


def test_metadata_and_pdfa_identification(four):
    _, _, _, reader = four
    info = reader.metadata
    assert info.title.startswith("Strategiskt utvecklingsprogram")
    assert info.author == "Vaggeryds kommun"
    assert "Agenda 2030" in info["/Keywords"]
    assert "fullmäktigemål" in info.subject
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    packet = xmp[xmp.index("<x:xmpmeta") : xmp.index("</x:xmpmeta>") + len("</x:xmpmeta>")]
    assert len(minidom.parseString(packet).getElementsByTagName("rdf:RDF")) == 1  # well-formed
    assert "<pdfaSchema:prefix>vpreg</pdfaSchema:prefix>" in xmp  # PDF/A extension schema
    assert "vpreg:dnr>KS 2019/160<" in xmp
    assert "vpreg:paragraph>§ 123<" in xmp
    assert "vpreg:decidingBody>Kommunfullmäktige<" in xmp
    assert "vpreg:adoptedDate>2019-11-25<" in xmp
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    fonts = set()
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Source-Sans-3" in name for name in fonts), fonts


@pytest.mark.parametrize("n", [2, 5])
def test_n_goals_make_8_plus_2n_pages(n):
    process, goals = make_programme(n)
    rendered, reader = render(process)
    assert rendered.page_count == 8 + 2 * n
    assert toc_numbers(reader) == list(range(2, 8 + 2 * n + 1, 2))


def test_long_text_and_goals_without_indicators_still_fit_and_nothing_is_cut():
    process, goals = make_programme(4, long_text=True, indicators=False)
    rendered, reader = render(process)
    assert rendered.page_count == 16
    text = " ".join(" ".join(p.extract_text() for p in reader.pages[5:13]).split())
    # on the goal spreads (pages 6–13) every repetition of the long text is there:
    # 4 goals × (12 in the summary + 14 in the political will)
    assert text.count("överlappa") == 4 * (12 + 14)
    assert "Indikatorer för målet tas fram" in text


def test_programme_through_the_pipeline(django_capture_on_commit_callbacks):
    process, _ = make_programme(4)
    from tests.factories import ProcessRoleFactory

    clerk = ProcessRoleFactory(process=process, role="clerk").user
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind="programme", source=process, user=clerk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    assert document.page_count == 16
    assert document.title == "Strategiskt utvecklingsprogram – Vaggeryds kommun"
    assert GOAL_TITLES[0]


def test_action_plan_pdf_lists_items_with_status(django_capture_on_commit_callbacks):
    from tests.factories import ProcessRoleFactory
    from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory

    process, goals = make_programme(2)
    version = ActionPlanVersionFactory(plan__process=process, year=2021)
    ActionPlanItemFactory(
        version=version, goal=goals[0], activity="Trygghetsvandring i Hok", status="ongoing"
    )
    ActionPlanItemFactory(
        version=version, goal=goals[1], activity="Läxhjälp på biblioteket", status="done"
    )
    official = ProcessRoleFactory(process=process, role="official").user
    with django_capture_on_commit_callbacks(execute=True):
        source = services.source_for(kind="action_plan", process=process)
        document = services.document_request(kind="action_plan", source=source, user=official)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Trygghetsvandring i Hok" in text and "Läxhjälp på biblioteket" in text
    assert "Pågår" in text


HEADERS = "Aktivitet Ansvarig När Status Uppföljning"


def long_action_plan(items: int, short_name: str = "TEK"):
    """A published action plan of ``items`` activities over two goals, each with a description
    and a follow-up, long enough for several pages per goal."""
    from tests.factories import BodyFactory
    from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory

    process, goals = make_programme(2)
    version = ActionPlanVersionFactory(plan__process=process, year=2024)
    body = BodyFactory(municipality=process.municipality, short_name=short_name)
    for index in range(items):
        ActionPlanItemFactory(
            version=version,
            goal=goals[index % 2],
            responsible=body,
            activity=f"Åtgärd {index + 1}: trygghetsvandring och dialog i Hok och Skillingaryd",
            description="Vi genomför aktiviteten tillsammans med föreningar och skolor. " * 2,
            when=f"2025, kvartal {index % 4 + 1}",
            status="ongoing",
            follow_up="Följs upp i delårsrapporten.",
        )
    return process


def render_action_plan(process):
    from goals.documents import action_plan_context, action_plan_source

    rendered = render_pdf(
        template=documents.get("action_plan").template,
        context=action_plan_context(action_plan_source(process)),
    )
    reader = PdfReader(io.BytesIO(rendered.content))
    return rendered, [" ".join(page.extract_text().split()) for page in reader.pages]


def test_action_plan_table_repeats_its_column_headers_on_every_page():
    rendered, pages = render_action_plan(long_action_plan(40))

    assert rendered.page_count >= 4
    # Every page carries the table's five column headers, pages where a goal's table goes on
    # from the page before as well as the first one.
    assert all(HEADERS in text for text in pages)
    # A page after the first opens with the repeated headers of the table it continues (or
    # with the next goal's heading, should one start at the top of a page).
    assert all(text.startswith((HEADERS, "Mål:")) for text in pages[1:])
    assert sum(text.startswith(HEADERS) for text in pages[1:]) >= rendered.page_count - 2
    # Every activity once, in goal order, with its description and status beside it.
    text = " ".join(pages)
    order = [text.index(f"Åtgärd {n}: ") for n in [*range(1, 41, 2), *range(2, 41, 2)]]
    assert order == sorted(order)
    assert text.count("Pågår") == 40
    assert text.count("Vi genomför aktiviteten") == 80


def test_a_long_committee_name_wraps_inside_its_narrow_column():
    _, pages = render_action_plan(long_action_plan(2, short_name="Miljöbyggnadsnämnden"))
    # The 20-letter name is broken over lines of its own column, not run into "När".
    assert "Miljöbyggnadsnämnden" not in pages[0]
    assert "Miljö" in pages[0] and "2025, kvartal 1" in pages[0]


def test_a_spread_too_long_for_two_pages_gets_one_smaller_size_for_all_spreads():
    from goals.models import CouncilGoal
    from tests.goals.programme_world import LONG

    process, goals = make_programme(4)
    CouncilGoal.objects.filter(pk=goals[1].pk).update(summary=LONG * 14, political_will=LONG * 12)
    rendered, reader = render(process)
    assert rendered.page_count == 16
    assert 1 < rendered.layout_passes <= 3  # measured once, corrected, never a loop of 4
    spread = " ".join(" ".join(p.extract_text() for p in reader.pages[7:9]).split())
    assert spread.count("överlappa") == 14 + 12  # nothing cut off
    assert goals[2].title in " ".join(reader.pages[9].extract_text().split())
    assert body_sizes(reader, [g for i, g in enumerate(goals) if i != 1]) == {9.8}
    assert sizes_of(reader, 1, "programmet förklarar") == {9.8}  # the first spread too


def test_text_wins_over_the_page_rule_when_even_the_smallest_size_is_not_enough():
    from goals.models import CouncilGoal
    from tests.goals.programme_world import LONG

    process, goals = make_programme(2)
    CouncilGoal.objects.filter(pk=goals[0].pk).update(summary=LONG * 90)
    rendered, reader = render(process)
    assert rendered.page_count > 12 and rendered.page_count % 2 == 0
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert text.count("överlappa") >= 90


def test_page_numbers_and_running_titles_are_pagination_artifacts(four):
    _, _, _, reader = four
    content = reader.pages[6].get_contents().get_data()
    assert b"/Pagination" in content and b"/Artifact" in content
    # and not in the structure tree: no struct element holds the running title's text
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    assert tree is not None


def test_links_describe_their_target_in_words_and_the_back_cover_is_the_public_address(
    settings,
):
    settings.SITE_URL = "https://vision.vaggeryd.se"
    process, _ = make_programme(2)
    _, reader = render(process)
    contents = [
        str(annotation.get_object().get("/Contents"))
        for page in reader.pages
        for annotation in (page.get("/Annots") or [])
    ]
    assert "Gå till Kort om programmet i dokumentet" in contents
    assert any("https://vision.vaggeryd.se/process/" in text for text in contents)
    back = reader.pages[-1].extract_text()
    assert "vision.vaggeryd.se/process/" in back and "127.0.0.1" not in back


def test_chart_alternative_text_gives_the_figures(four):
    process, goals, _, _ = four
    context = programme_context(process)
    chart = str(context["goals"][0]["indicators"][0]["chart"])
    title = chart.split("<title", 1)[1].split("</title>", 1)[0]
    assert "Värden" in title or "Values" in title
    assert "Source Sans 3" in chart and "DejaVu" not in chart


def test_swedish_wording_of_the_programme(four):
    _, _, _, reader = four
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "fyra mål" in text and "4 mål" not in text
    assert "mål nådda" not in text and "i dialogen om" not in text
    assert "1 dagar" not in text
