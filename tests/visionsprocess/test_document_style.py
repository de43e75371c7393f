"""Each municipality's PDFs carry its colours, typeface and footer (``document_style.py``): the
HTML and CSS handed to WeasyPrint differ as the two municipalities set them, and a real render
embeds the chosen typeface and prints the footer."""

import io
import os
import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from tests.factories import MunicipalityFactory, ProcessFactory
from visionsprocess.document_style import style_css
from visionsprocess.documents.text import pdf_text
from visionsprocess.models import DocumentTypeface
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db

VANSBRO_FOOTER = "Vansbro kommun · Järnvägsgatan 3 · 780 50 Vansbro"


@pytest.fixture
def two():
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(
        name="Vansbro kommun",
        code="2021",
        primary_colour="#1f5f3a",
        accent_colour="#b5790a",
        document_typeface=DocumentTypeface.DEJAVU_SERIF,
        document_footer=VANSBRO_FOOTER,
    )
    return {
        "vaggeryd": ProcessFactory(municipality=vaggeryd, title="Vision 2040", slug="v"),
        "vansbro": ProcessFactory(municipality=vansbro, title="Utmaningen", slug="u"),
    }


def _html(process):
    kind = documents.get("process_overview")
    return render_to_string(kind.template, kind.build_context(process))


def _fonts(content: bytes) -> set[str]:
    """The embedded fonts of a PDF, without their subset prefix ("ABCDEF+")."""
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return {name.rstrip(",") for name in names}


def _style(html):
    return re.search(r"<style>(.*?)</style>", html, re.S).group(1)


def test_the_html_handed_to_weasyprint_carries_each_municipalitys_style(two):
    vaggeryd, vansbro = _html(two["vaggeryd"]), _html(two["vansbro"])
    assert _style(vaggeryd) != _style(vansbro)
    assert '"Source Sans 3"' in _style(vaggeryd) and "#00558c" in _style(vaggeryd)
    assert "#b37d00" in _style(vaggeryd) and 'class="doc-footer"' not in vaggeryd
    assert '"DejaVu Serif"' in _style(vansbro)
    assert "h1, h2, h3 { color: #1f5f3a; }" in _style(vansbro)
    assert "border-bottom: 1.5pt solid #b5790a" in _style(vansbro)
    assert f'<div class="doc-footer">{VANSBRO_FOOTER}</div>' in vansbro
    assert "Vansbro kommun" in vansbro and "Vaggeryds kommun" in vaggeryd


def test_script_in_the_footer_is_text_and_a_forged_colour_never_reaches_the_css(two):
    process = two["vansbro"]
    municipality = process.municipality
    municipality.document_footer = '<script>alert(1)</script>"}; html { display: none'
    municipality.accent_colour = "red; } html { display: none"  # past the validators
    municipality.document_typeface = "comic-sans"
    html = _html(process)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    css = _style(html)
    assert "display: none" not in css and "#b37d00" in css and '"Source Sans 3"' in css
    assert style_css(None) == style_css(type("Bare", (), {})())


def test_a_real_render_embeds_the_typeface_and_prints_the_footer(two, tmp_path):
    pdfs = {}
    for name, process in two.items():
        kind = documents.get("process_overview")
        rendered = render_pdf(template=kind.template, context=kind.build_context(process))
        pdfs[name] = rendered.content
        (tmp_path / f"{name}.pdf").write_bytes(rendered.content)
        if dump := os.environ.get("DOCUMENT_STYLE_DUMP"):  # to look at them as PNG
            Path(dump, f"{name}.pdf").write_bytes(rendered.content)
    assert {"DejaVu-Serif", "DejaVu-Serif-Bold"} <= _fonts(pdfs["vansbro"])
    assert {"Source-Sans-3", "Source-Sans-3-Bold"} <= _fonts(pdfs["vaggeryd"])
    assert not any(font.startswith("DejaVu") for font in _fonts(pdfs["vaggeryd"]))
    assert "Järnvägsgatan 3" in pdf_text(pdfs["vansbro"])
    assert "Järnvägsgatan" not in pdf_text(pdfs["vaggeryd"])
