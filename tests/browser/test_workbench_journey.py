"""An official's day at the workbench, keyboard only where it matters: three interviews recorded
in the quick form, forty contributions tagged and published at once, what the filter shows
exported; axe-core on each new page, and no staff page scrolls sideways on a 360 px phone."""

import csv
import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.core.files.base import ContentFile

from contributions.models import (
    Attachment,
    Channel,
    Contribution,
    ContributionTheme,
    MediaKind,
    ModerationState,
)
from tests.browser.conftest import assert_accessible, login
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from tests.contributions.test_workbench import PNG
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import District, Role


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    District.objects.create(municipality=process.municipality, name="Skillingaryd")
    theme = ThemeFactory(process=process, name="Gång och cykel")
    made = StaffContributionFactory.create_batch(
        40, process=process, kind="letter", letter_year=2040, text="Cykelvägar överallt 2040"
    )
    StaffContributionFactory.create_batch(3, process=process, kind="idea")
    picture = Attachment(
        contribution=made[0], media_kind=MediaKind.IMAGE, content_type="image/png",
        size=len(PNG), width=1, height=1, description="En teckning av en cykelväg",
    )  # fmt: skip
    picture.file.save("x.png", ContentFile(PNG), save=False)
    picture.save()
    return process, official, theme, made


def keyboard_select(page, selector, value):
    """Choose an option with the arrow keys, as a keyboard user does."""
    page.focus(selector)
    for _ in range(12):
        if page.eval_on_selector(selector, "el => el.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reachable in {selector}")


def test_official_records_interviews_bulk_tags_and_publishes_forty_and_exports(page, world):
    process, official, theme, made = world
    base = f"/staff/processer/{process.slug}"
    login(page, official)

    # Three interviews, one after another, without leaving the page.
    page.goto(f"{base}/bidrag/registrera/")
    assert_accessible(page)
    page.select_option("#id_channel", "interview")
    page.fill("#id_recorded_place", "Kramfors bibliotek")
    for n in range(1, 4):
        page.fill("#id_text", f"Intervju {n}: en mötesplats för unga i centrum")
        page.check("#id_age_bands_1")
        page.locator("#record-form [type=submit]").press("Enter")
        page.locator("#recent-list").get_by_text(f"Intervju {n}:").wait_for()
        page.locator("#record-note .alert-success").wait_for()
        assert page.url.endswith("/bidrag/registrera/")
        # The place stays for the next interview; the text is empty and has the focus.
        assert page.input_value("#id_recorded_place") == "Kramfors bibliotek"
        assert page.input_value("#id_text") == ""
    assert Contribution.objects.filter(channel=Channel.INTERVIEW, process=process).count() == 3
    assert_accessible(page)

    # The forty letters: tag them all at once, keyboard only, confirming the number.
    page.goto(f"{base}/bidrag/?kind=letter")
    page.focus("#scope-all")
    page.keyboard.press("Space")
    keyboard_select(page, "#bulk-action", "tag")
    keyboard_select(page, "#bulk-theme", str(theme.pk))
    page.focus("#bulk-submit")
    page.keyboard.press("Enter")
    confirm = page.locator("#bulk-confirm-form")
    confirm.wait_for()
    assert "40" in confirm.inner_text()
    assert_accessible(page)
    page.keyboard.press("Enter")  # the confirm button has the focus
    page.wait_for_url(re.compile(r"kind=letter"))
    page.locator(".alert-success").first.wait_for()
    assert ContributionTheme.objects.filter(theme=theme).count() == 40

    # Publish them all the same way; then the ticks are gone and the page says what was done.
    page.locator("#scope-all").check()
    page.select_option("#bulk-action", "published")
    page.locator("#bulk-submit").click()
    page.locator("#bulk-confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_text("40 bidrag publicerades").first.wait_for()
    assert Contribution.objects.filter(moderation_state=ModerationState.PUBLISHED).count() == 40
    assert page.locator(".vp-select:checked").count() == 0

    # Selection: tick two ideas, keep them internal; the rows update in place, unticked.
    page.goto(f"{base}/bidrag/?kind=idea")
    boxes = page.locator(".vp-select")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#bulk-action", "kept_internal")
    page.locator("#bulk-submit").click()
    page.locator("#bulk-note.alert-success").wait_for()
    assert page.locator(".vp-select:checked").count() == 0
    assert Contribution.objects.filter(moderation_state=ModerationState.INTERNAL).count() == 2

    # Export what the filter shows: the forty tagged letters, a Swedish header, the filter named.
    page.goto(f"{base}/bidrag/?theme={theme.pk}")
    with page.expect_download() as info:
        page.locator("#exports a", has_text="CSV").click()
    download = info.value
    assert "tema-gång-och-cykel" in download.suggested_filename
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Bidragsnummer" and len(rows) == 41

    # The contribution page shows the picture next to the publishing flags.
    page.goto(f"{base}/bidrag/{made[0].pk}/")
    assert page.locator("img.vp-attachment-image").count() == 1
    assert page.locator("#publish-flags").is_visible()
    assert_accessible(page)


def test_new_staff_pages_are_accessible(page, world):
    process, official, *_ = world
    base = f"/staff/processer/{process.slug}"
    login(page, official)
    for path in ("/bidrag/importera/", "/befolkning/", "/bidrag/oversikt/"):
        page.goto(base + path)
        assert_accessible(page)


STAFF_PAGES = [
    "/bidrag/",
    "/bidrag/?kind=letter",
    "/bidrag/registrera/",
    "/bidrag/importera/",
    "/bidrag/oversikt/",
    "/befolkning/",
    "/teman/",
]


def test_staff_pages_of_contributions_do_not_scroll_sideways_on_a_phone(mobile_page, world):
    process, official, _theme, made = world
    login(mobile_page, official)
    base = f"/staff/processer/{process.slug}"
    for path in [*STAFF_PAGES, f"/bidrag/{made[0].pk}/"]:
        mobile_page.goto(base + path)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"


def test_no_staff_page_scrolls_sideways_on_a_phone(mobile_page, transactional_db):
    """Every staff page reachable from the staff area with the demo data, as the demo superuser
    (each page of a process at most twice by its pattern: /bidrag/1/ and /bidrag/2/ look
    the same)."""
    from django.core.management import call_command

    from visionsprocess.demo import DEMO_PASSWORD
    from visionsprocess.models import User

    call_command("load_demo", verbosity=0)
    login(mobile_page, User.objects.get(username="admin"), password=DEMO_PASSWORD)
    seen, queue, wide, patterns = set(), ["/staff/"], [], {}
    while queue:
        path = queue.pop(0)
        pattern = re.sub(r"/\d+/", "/N/", path)
        if path in seen or patterns.get(pattern, 0) >= 2:
            continue
        seen.add(path)
        patterns[pattern] = patterns.get(pattern, 0) + 1
        response = mobile_page.goto(path)
        if (
            not response
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"{path} ({width} px)")
        for href in mobile_page.eval_on_selector_all(
            "a[href]", "a => a.map(e => e.getAttribute('href'))"
        ):
            url = urlparse(urljoin(path, href))
            if url.netloc or not url.path.startswith("/staff/") or url.query:
                continue
            if re.search(r"\.(csv|xlsx|ics|pdf|zip)$|/export|/fil/", url.path):
                continue
            queue.append(url.path)
    assert len(seen) > 60, f"only {len(seen)} staff pages reached"
    assert not wide, "scroll sideways at 360 px: " + ", ".join(wide)
