"""A newcomer's journey through the foundation: start page, language, login, staff area."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from visionsprocess.demo import DEMO_PASSWORD


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_citizen_and_official_journey(page, demo):
    from django.contrib.auth import get_user_model

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vaggeryds kommun")
    expect(page.get_by_role("link", name="Vision 2040")).to_be_visible()
    expect(page.get_by_text("Medarbetardialog om visionen")).to_have_count(0)  # internal
    assert_accessible(page)

    page.get_by_role("link", name="Vision 2040").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vision 2040")
    current = page.locator(".timeline-step[aria-current='step']")
    expect(current).to_contain_text("Dialogmöten")
    expect(current).to_contain_text("Pågående steg")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".timeline-step[aria-current='step']")).to_contain_text("Dialogue meetings")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    official = get_user_model().objects.get(username="tjansteperson")
    login(page, official, DEMO_PASSWORD)
    page.get_by_role("link", name="Personalytan").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Personalytan")
    expect(
        page.get_by_role("link", name="Strategiskt utvecklingsprogram 2019–2022")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Vision 2040").click()
    page.get_by_role("link", name="Redigera process och steg").click()
    assert_accessible(page)


def test_process_page_works_on_a_360px_phone(mobile_page, demo):
    mobile_page.goto("/process/vision-2040/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"
    mobile_page.get_by_role("button", name="Visa meny").click()
    expect(mobile_page.get_by_role("link", name="Logga in")).to_be_visible()
    assert_accessible(mobile_page)
