"""A municipality's administrator sets its colours in a browser: a too light accent is refused
with the message at the field, a readable one is saved and the site's header takes the colour;
axe-core finds nothing on the page, with and without the error."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import MunicipalityFactory, UserFactory
from visionsprocess.models import Municipality, MunicipalityRole


@pytest.fixture
def admin(transactional_db):
    municipality = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    user = UserFactory()
    MunicipalityRole.objects.create(municipality=municipality, user=user)
    return user


def test_the_administrator_sets_a_readable_accent_after_a_too_light_one(page, live_server, admin):
    page.set_default_timeout(30_000)  # a loaded machine renders the first pages cold
    login(page, admin)
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Färger och dokument").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Färger och dokument")
    assert_accessible(page)
    page.screenshot(path="/tmp/tenant_style_page.png", full_page=True)

    page.get_by_label("Accentfärg").fill("#f0b400")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_accent_colour")).to_have_class("textinput form-control is-invalid")
    expect(page.locator("body")).to_contain_text("minst 3:1")
    assert_accessible(page)
    page.screenshot(path="/tmp/tenant_style_error.png", full_page=True)

    page.get_by_label("Accentfärg").fill("#b5790a")
    page.get_by_label("Huvudfärg").fill("#1f5f3a")
    page.get_by_label("DejaVu Serif").check()
    page.get_by_label("Sidfot i dokumenten").fill("Vaggeryds kommun · 568 80 Skillingaryd")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".alert-success")).to_be_visible()
    municipality = Municipality.objects.get(code="0682")
    assert municipality.accent_colour == "#b5790a" and municipality.document_typeface == (
        "dejavu-serif"
    )
    header = page.locator(".site-header .navbar")
    expect(header).to_have_css("background-color", "rgb(31, 95, 58)")
