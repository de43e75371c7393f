"""Each change in ``visionsprocess/pdf_patches.py`` checked against the library it changes.

The patches replace WeasyPrint and pydyf internals; these tests fail when a new release moves
or changes what a patch relies on, instead of the documents silently losing what it adds.
"""

import io
import re
import zlib
from importlib import metadata

import pydyf
import pytest
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader
from weasyprint import HTML

from visionsprocess import pdf_patches
from visionsprocess.rendering import BASE_URL, PDF_VARIANT, ProjectURLFetcher

PAGE = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title>
<style>@page {{ size: A5; margin: 20mm; @bottom-center {{ content: "Sida " counter(page) }} }}
</style></head><body>{body}</body></html>"""


def _pdf(body: str) -> bytes:
    pdf_patches.apply()
    document = HTML(
        string=PAGE.format(body=body), base_url=BASE_URL, url_fetcher=ProjectURLFetcher()
    ).render()
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def _content(reader: PdfReader) -> str:
    return reader.pages[0].get_contents().get_data().decode("latin-1")


def test_the_installed_versions_are_the_supported_ones():
    assert pdf_patches.unsupported_versions() == []
    pdf_patches.check_versions()


def test_a_version_the_patches_were_not_written_for_is_refused_with_what_to_do(monkeypatch):
    real = metadata.version

    def fake(package):
        return "71.0" if package == "weasyprint" else real(package)

    monkeypatch.setattr(pdf_patches, "installed_version", fake)
    with pytest.raises(ImproperlyConfigured) as refused:
        pdf_patches.check_versions()
    message = str(refused.value)
    assert "weasyprint 71.0 is installed" in message
    assert "weasyprint>=69.0,<71.0" in message
    assert "test_pdf_patches.py" in message


@pytest.mark.parametrize(
    ("text", "parsed"), [("70.0", (70, 0)), ("0.13.0", (0, 13, 0)), ("71.0rc1", (71, 0))]
)
def test_version_numbers_are_compared_as_numbers(text, parsed):
    assert pdf_patches._version_tuple(text) == parsed


def test_applying_twice_changes_nothing_more():
    pdf_patches.apply()
    references = pydyf.PDF.page_references
    zlib_seen = pydyf.zlib
    pdf_patches.apply()
    assert pydyf.PDF.page_references is references and pydyf.zlib is zlib_seen


def test_page_numbers_are_pagination_artifacts_and_the_text_stays_tagged():
    reader = PdfReader(io.BytesIO(_pdf("<p>Vaggeryd växer.</p>")))
    content = _content(reader)
    artifact = re.search(r"/Artifact\s*<<[^>]*/Pagination[^>]*>>\s*BDC(.*?)EMC", content, re.S)
    assert artifact, "the page number is not marked as a pagination artifact"
    assert "Tj" in artifact.group(1) or "TJ" in artifact.group(1)  # the number is drawn in it
    assert re.search(r"/\w+\s*<<\s*/MCID\s+\d+\s*>>\s*BDC", content)  # the body is tagged as before
    # the margin box is not in the structure tree: no structure element holds the page number
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    text = repr(root.get_object())
    assert "Sida" not in text


def test_links_say_where_they_go_in_words():
    reader = PdfReader(
        io.BytesIO(
            _pdf(
                '<p><a href="#mal">Mål 2: Attraktiva boendemiljöer</a></p>'
                '<p><a href="https://www.vaggeryd.se/">Vaggeryds kommun</a></p>'
                '<h2 id="mal">Mål 2</h2>'
            )
        )
    )
    contents = sorted(
        str(annotation.get_object().get("/Contents"))
        for annotation in reader.pages[0].get("/Annots", [])
    )
    assert contents == [
        "Gå till Mål 2: Attraktiva boendemiljöer i dokumentet",
        "Vaggeryds kommun – webbsida https://www.vaggeryd.se/",
    ]


def test_link_descriptions_without_words():
    assert pdf_patches.link_description("internal", "#x", "") == "Gå till ett avsnitt"
    assert (
        pdf_patches.link_description("external", "https://a.se/", "https://a.se/")
        == "Webbsida https://a.se/"
    )


def test_page_references_are_pydyfs_own_and_built_again_only_when_a_page_is_added():
    pdf_patches.apply()
    original = pdf_patches.ORIGINALS["page_references"].fget
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first == original(pdf) and len(first) == 3
    assert pdf.page_references is first  # kept while no page is added
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == original(pdf) and len(pdf.page_references) == 4


def test_streams_are_deflated_at_level_6():
    pdf_patches.apply()
    raw = b"BT /F1 12 Tf (Vaggeryd) Tj ET\n" * 400 + bytes(range(256)) * 40
    stream = pydyf.Stream([raw], compress=True)
    data = stream.data
    deflated = data[data.index(b"stream\n") + 7 : data.rindex(b"\nendstream")]
    level6 = zlib.compressobj(6)
    level9 = zlib.compressobj(9)
    assert deflated == level6.compress(raw) + level6.flush()
    assert zlib.decompress(deflated) == raw
    assert deflated != level9.compress(raw) + level9.flush() or pytest.skip("same bytes at 6 and 9")
