"""An official handles a contribution: inbox, bulk tagging (htmx), publishing, feedback.

Elements are found by id and form names, so the test does not depend on the Swedish catalogue.
"""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from contributions.models import Contribution, ContributionTheme, ModerationState
from tests.browser.conftest import assert_accessible, login
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import District, Role
from visionsprocess.notices.digest import digests_send
from visionsprocess.notices.services import follow_implicit


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    district = District.objects.create(municipality=process.municipality, name="Skillingaryd")
    theme = ThemeFactory(process=process, name="Gång och cykel", keywords="cykel")
    ThemeFactory(process=process, name="Skola och förskola")
    letter = StaffContributionFactory(
        process=process,
        kind="letter",
        title="",
        greeting="Hej från Vaggeryd 2040!",
        text="Nu cyklar alla barn tryggt till skolan <script>alert(1)</script>",
        district=district,
        age_band="13-19",
        email="elsa@example.org",
    )
    follow_implicit(target=letter, email=letter.email)  # as when she sent it in
    StaffContributionFactory(process=process, text="Fler bänkar i parken")
    return process, official, theme, letter


def test_official_tags_publishes_and_gives_feedback(page, world):
    process, official, theme, letter = world
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/bidrag/")
    assert page.locator(f"#row-{letter.pk}").is_visible()
    assert_accessible(page)

    # Bulk tagging: select the letter, choose the theme, apply – the row updates in place.
    page.locator(f"#select-{letter.pk}").check()
    page.locator("#bulk-action").select_option("tag")
    page.locator("#bulk-theme").select_option(str(theme.pk))
    page.locator("#bulk-submit").click()
    page.locator(f"#row-{letter.pk} .vp-themes").get_by_text("Gång och cykel").wait_for()
    assert page.url.endswith("/bidrag/")  # no reload, still the inbox
    tagging = ContributionTheme.objects.get(contribution=letter, theme=theme)
    assert tagging.tagged_by == official

    # Publish.
    page.locator(f"#row-{letter.pk} a").first.click()
    page.locator("#moderation-form input[value='published']").check()
    page.locator("#moderation-form [type=submit]").click()
    page.wait_for_load_state()
    assert Contribution.objects.get(pk=letter.pk).moderation_state == ModerationState.PUBLISHED

    # Feedback.
    page.locator("#feedback-form textarea[name=text]").fill("Tack! Cykelvägen finns i planen.")
    page.locator("#feedback-form [type=submit]").click()
    page.wait_for_load_state()
    page.get_by_text("Tack! Cykelvägen finns i planen.").first.wait_for()
    # Elsa follows her letter; the feedback reaches her in the day's digest.
    digests_send(now=timezone.now() + dt.timedelta(days=1))
    assert "elsa@example.org" in [m.to[0] for m in mail.outbox]
    assert_accessible(page)


def test_overview_and_themes_pages_are_accessible(page, world):
    process, official, *_ = world
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/bidrag/oversikt/")
    assert page.locator("svg[role=img]").count() >= 5
    assert_accessible(page)
    page.screenshot(path="/tmp/contrib-overview.png", full_page=True)
    page.goto(f"/staff/processer/{process.slug}/teman/")
    assert_accessible(page)
    page.goto(f"/staff/processer/{process.slug}/bidrag/")
    page.screenshot(path="/tmp/contrib-inbox.png", full_page=True)
