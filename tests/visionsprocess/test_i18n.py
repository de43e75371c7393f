"""Swedish first, English second: complete catalogues, pages in both languages."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import ProcessFactory
from visionsprocess.management.commands.compile_translations import Command as Compile

# Every Swedish catalogue, found as compile_translations finds them (any depth).
CATALOGUES = sorted(
    path for path in Compile._catalogues(Path(settings.BASE_DIR)) if path.parts[-3] == "sv"
)


def test_the_catalogues_include_the_third_party_corrections():
    assert any("overrides" in path.parts for path in CATALOGUES)


def test_there_are_swedish_catalogues():
    assert any("visionsprocess" in str(path) for path in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_swedish_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.django_db
def test_start_page_is_swedish_by_default(client):
    ProcessFactory(title="Vision 2040")
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till huvudinnehållet" in html
    assert "Tillgänglighetsredogörelse" in html


@pytest.mark.django_db
def test_language_switch_to_english_changes_lang_and_text(client):
    process = ProcessFactory(title="Vision 2040")
    response = client.post("/i18n/setlang/", {"language": "en", "next": process.get_absolute_url()})
    assert response.status_code == 302
    html = client.get(process.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Where the process stands" in html
    assert "Dialogue meetings" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("url", ["/", "/tillganglighet/", "/konto/login/", "/konto/signup/"])
def test_public_pages_render_in_both_languages(client, language, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
