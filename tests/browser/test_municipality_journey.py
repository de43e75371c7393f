"""A citizen on a 360 px phone sees the whole municipality: what is open now, every process, the
vision above them, the calendar of all meetings with its one feed, and the associations that
chose to be listed. axe-core on every page."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

UPCOMING = "Dialogmöte i Skillingaryd: Visionen tar form"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_citizen_on_a_phone_sees_the_whole_municipality(mobile_page, demo):
    from dialog.models import Meeting

    page = mobile_page
    page.goto("/")
    expect(page.get_by_role("heading", name="Öppet nu")).to_be_visible()
    open_now = page.locator("#open-now li")
    assert open_now.count() >= 1
    expect(page.get_by_role("heading", name="Processer")).to_be_visible()
    expect(page.get_by_role("link", name="Framtidsbygget – en hel kommun").first).to_be_visible()
    visions = page.locator("section", has=page.get_by_role("heading", name="Kommunens vision"))
    expect(visions.get_by_text("Här gör vi plats för att göra skillnad").first).to_be_visible()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.get_by_role("link", name="Kalender med alla möten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalender")
    assert_accessible(page)

    starts = timezone.localtime(Meeting.objects.get(title=UPCOMING).starts_at)
    page.goto(f"/kalender/?manad={starts:%Y-%m}")
    expect(page.get_by_role("link", name=UPCOMING)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_role("link", name="Nästa månad").click()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(f"{starts:%Y}-{starts:%m}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner kalenderflödet (iCalendar)").click()
    body = Path(download_info.value.path()).read_bytes()
    assert body.startswith(b"BEGIN:VCALENDAR") and UPCOMING.encode() in body.replace(b"\r\n ", b"")
    assert b"meet.example.org" not in body

    page.goto("/")
    page.get_by_role("link", name="föreningar visas i det öppna föreningsregistret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Föreningar")
    expect(page.get_by_role("heading", name="Vaggeryds Hembygdsförening")).to_be_visible()
    expect(page.get_by_text("Inga Svensson")).to_have_count(0)
    assert_accessible(page)
