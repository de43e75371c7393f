"""Site search in the browser: a citizen searches from the header of the start page, reads the
hits grouped by kind, opens all hits of one kind and pages through them, then follows a hit; on
a phone the search box sits in the menu. axe-core on every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll
from tests.contributions.factories import ContributionFactory
from tests.dialog.factories import MeetingFactory
from tests.factories import ProcessFactory
from tests.goals.focus_area_factories import FocusAreaFactory


def test_citizen_searches_the_site_and_pages_through_one_kind(page, mobile_page):
    process = ProcessFactory(title="Vision 2040", slug="vision-2040")
    for n in range(25):
        ContributionFactory(
            process=process,
            moderation_state="published",
            title=f"Skolgården {n}",
            text="Skolgården behöver fler träd och en plats att sitta i skugga.",
        )
    ContributionFactory(process=process, title="Ej publicerad skola", text="Skolan är hemlig.")
    MeetingFactory(
        process=process,
        title="Dialogmöte i Hok",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
        minutes="Föräldrarna talade om skolvägen och skolgården.",
    )
    FocusAreaFactory(process=process, title="Samverkan skola–lokalsamhälle")

    page.goto("/")
    search = page.get_by_role("search", name="Sök på webbplatsen")
    search.get_by_role("searchbox").fill("skolor")
    search.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök")
    expect(page.get_by_role("status")).to_have_text("27 träffar för ”skolor”")
    expect(page.get_by_role("heading", name="Bidrag 25")).to_be_visible()
    expect(page.get_by_role("heading", name="Möten och minnesanteckningar 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Fokusområden 1")).to_be_visible()
    expect(page.get_by_text("Ej publicerad skola")).to_have_count(0)
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Visa alla 25 träffar bland bidrag").click()
    expect(page.get_by_role("status")).to_have_text("25 träffar bland bidrag för ”skolor”")
    expect(page.get_by_text("Sida 1 av 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nästa").click()
    expect(page.get_by_text("Sida 2 av 2")).to_be_visible()
    page.get_by_role("link", name="Skolgården 0", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skolgården 0")

    # Nothing typed but small words: a sentence, not an error
    page.goto("/sok/?q=och+att")
    expect(page.get_by_role("status")).to_contain_text("Skriv ett eller flera ord")
    assert_accessible(page)

    # On a phone: the search box is in the menu
    mobile_page.goto("/")
    mobile_page.get_by_role("button", name="Visa meny").click()
    box = mobile_page.get_by_role("searchbox", name="Sök på webbplatsen")
    box.fill("hok")
    box.press("Enter")
    expect(
        mobile_page.get_by_role("heading", name="Möten och minnesanteckningar 1")
    ).to_be_visible()
    assert_no_sideways_scroll(mobile_page)
    assert_accessible(mobile_page)
