"""A citizen who registers too often on one connection gets a clear, accessible 429 page."""

from tests.browser.conftest import assert_accessible
from tests.conftest import set_rate
from tests.dialog.factories import MeetingFactory


def test_registering_too_often_shows_an_accessible_page_that_says_why(mobile_page, settings):
    set_rate(settings, "dialog.register", "1/h")
    meeting = MeetingFactory(title="Stormöte i Skillingaryd")
    url = f"/process/{meeting.process.slug}/moten/{meeting.pk}/"
    for number in (1, 2):
        mobile_page.goto(url)
        mobile_page.get_by_label("Namn").fill(f"Elin Sjöberg {number}")
        mobile_page.get_by_label("E-post").fill(f"elin{number}@example.org")
        mobile_page.locator("form button[type=submit]").last.click()
    heading = mobile_page.get_by_role("heading", level=1)
    assert heading.inner_text() == "För många på en gång"
    assert "sparades inte" in mobile_page.locator("#rate-limited").inner_text()
    assert_accessible(mobile_page)
    mobile_page.screenshot(path="/tmp/vp-b-429.png", full_page=True)
