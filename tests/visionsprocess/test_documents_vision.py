"""The adopted vision renders to a PDF with its decision reference and sources."""

import io

import pytest
from pypdf import PdfReader

from contributions.models import ParagraphCitation, Theme
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.documents.services import kind_metadata
from visionsprocess.models import Role
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db


def test_adopted_vision_document_renders_with_swedish_letters():
    process = ProcessFactory(title="Vision Vaggeryd 2030")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process)
    theme = Theme.objects.create(process=process, name="Föreningsliv och ömsesidighet")
    ParagraphCitation.objects.create(paragraph=version.paragraphs.get(order=2), theme=theme)
    adopt(version, clerk=clerk, bodies=bodies_for(process))
    version.refresh_from_db()
    kind = documents.get("adopted_vision")
    # As the worker renders it: the cover's Dnr and § are the XMP's fields (services.kind_metadata).
    pdf = render_pdf(
        template=kind.template,
        context=kind.build_context(version),
        metadata=kind_metadata(kind, version),
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf.page_count >= 1
    assert "Här gör vi plats för att göra skillnad" in text
    assert "Dnr KS 2019/160" in text and "§ 112" in text
    assert "kommunfullmäktige" in text
    assert "Föreningsliv och ömsesidighet" in text
    assert kind.source_version(version) == "v1-2019-11-25"
