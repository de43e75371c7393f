"""The programme PDF in its municipality's document style (``visionsprocess/document_style.py``):
its primary colour on the covers and bands, its typeface, its footer on every inner page (never
on the covers), and still 16 pages for four goals."""

import io

import pytest
from pypdf import PdfReader

from goals.documents import programme_context
from tests.factories import MunicipalityFactory, ProcessFactory
from tests.goals.programme_world import make_programme
from visionsprocess.documents import services
from visionsprocess.models import DocumentTypeface
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db

FOOTER = "Vansbro kommun · Järnvägsgatan 3 · 780 50 Vansbro"


@pytest.fixture(scope="module")
def vansbro_programme(django_db_setup, django_db_blocker):
    from goals.models import Vision
    from visionsprocess.models import Body, Decision, Municipality

    with django_db_blocker.unblock():
        municipalities = set(Municipality.objects.values_list("pk", flat=True))
        bodies = set(Body.objects.values_list("pk", flat=True))
        municipality = MunicipalityFactory(
            name="Vansbro kommun",
            code="2021",
            primary_colour="#1f5f3a",
            accent_colour="#b5790a",
            document_typeface=DocumentTypeface.DEJAVU_SERIF,
            document_footer=FOOTER,
        )
        process = ProcessFactory(
            municipality=municipality, title="Strategiskt utvecklingsprogram", slug="sup-vansbro"
        )
        process, _goals = make_programme(4, process=process)
        context = programme_context(process)
        rendered = render_pdf(
            template="goals/documents/programme.html",
            context=context,
            metadata=services.kind_metadata(documents.get("programme"), process),
        )
        yield rendered, PdfReader(io.BytesIO(rendered.content))
        Vision.objects.filter(process=process).delete()
        Decision.objects.filter(process=process).delete()
        process.delete()
        Body.objects.exclude(pk__in=bodies).delete()
        Municipality.objects.exclude(pk__in=municipalities).delete()


def test_a_styled_programme_keeps_its_sixteen_pages(vansbro_programme):
    rendered, reader = vansbro_programme
    assert rendered.page_count == 16 and len(reader.pages) == 16


def test_the_footer_is_on_every_inner_page_and_not_on_the_covers(vansbro_programme):
    _, reader = vansbro_programme
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert FOOTER not in texts[0] and FOOTER not in texts[-1]
    for index in range(1, 15):
        assert FOOTER in texts[index], index
        assert "Strategiskt utvecklingsprogram" in texts[index], index  # the running title


def test_the_covers_and_bands_are_in_the_municipalitys_colour(vansbro_programme):
    _, reader = vansbro_programme
    green = b"0.121569 0.372549 0.227451 rg"  # #1f5f3a, the primary colour
    green_tint = b"0.913725 0.937255 0.921569 rg"  # a tenth of it in white (boxes, back cover)
    default_tint = b"0.933333 0.952941 0.972549 rg"  # #eef3f8, the default's
    pages = [page.get_contents().get_data() for page in reader.pages]
    assert green in pages[0]  # the cover
    assert green in pages[1]  # the band of the first spread
    assert green_tint in pages[-1]  # the back cover
    assert all(default_tint not in page for page in pages)


def test_the_programme_embeds_the_municipalitys_typeface(vansbro_programme):
    _, reader = vansbro_programme
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu-Serif" in name for name in fonts), fonts
