"""The "dialogue synthesis" document kind renders to a PDF with the themes in it."""

import io

import pytest
from pypdf import PdfReader

from contributions.documents import KEY, build_context, source_version
from contributions.models import ContributionTheme
from contributions.services.handling import contribution_moderate
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db


def test_synthesis_kind_is_registered():
    assert KEY in documents


def test_synthesis_renders_a_pdf_with_theme_names_and_quotes(role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Förskolor och äldreomsorg på landsbygden")
    c = StaffContributionFactory(process=process, text="Öppna förskolan i Åker även på kvällar")
    ContributionTheme.objects.create(contribution=c, theme=theme)
    contribution_moderate(contribution=c, action="published", by=users["official"])
    kind = documents.get(KEY)
    pdf = render_pdf(template=kind.template, context=build_context(process))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert "Förskolor och äldreomsorg" in flat
    assert "Åker" in flat
    assert pdf.page_count >= 1


def test_source_version_changes_when_a_contribution_arrives(role_users):
    process, _users = role_users
    before = source_version(process)
    assert source_version(process) == before
    StaffContributionFactory(process=process)
    assert source_version(process) != before
