"""What the pages promise, in the browser: a process states its promise up front and says when
the promised feedback is late; "Ni sa – vi gjorde" counts what was done; the inbox on a phone
shows the first contribution before the filters. axe-core on each changed page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from contributions.models import Contribution, ContributionKind, ModerationState
from contributions.services.handling import contributions_tag
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.factories import ThemeFactory
from tests.contributions.staff_factories import StaffContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.focus_area_factories import FocusAreaFactory
from visionsprocess.models import Role, Stage, StageKind
from visionsprocess.services import process_update


def _input(process, n):
    return Contribution.objects.create(
        process=process,
        kind=ContributionKind.IDEA,
        stage=process.stage_by_key(StageKind.DIALOGUE),
        title=f"Idé {n} om skolan",
        text="Mer samverkan mellan skolan och företagen.",
        moderation_state=ModerationState.PUBLISHED,
        consent_to_publish=True,
    )


def test_the_promise_up_front_late_feedback_and_what_was_done(mobile_page, transactional_db):
    page = mobile_page
    process = ProcessFactory(title="Utmaningen", slug="utmaningen")
    process_update(
        process=process,
        data={
            "purpose": "Att öka förtroendet mellan invånare, tjänstemän och förtroendevalda.",
            "can_influence": "Vilka frågor fokusområdena tar upp.",
            "cannot_influence": "Projektets ram och finansiering.",
            "participation_level": "involve",
            "feedback_how": "Varje fokusområde har en ansvarig framåt, som berättar här.",
            "responsible_name": "Kommunkansliet",
            "contact_channel": "kommunen@vansbro.se",
        },
    )
    Stage.objects.filter(process=process, key=StageKind.DIALOGUE).update(
        feedback_due=timezone.localdate() - dt.timedelta(days=2)
    )
    items = [_input(process, n) for n in range(6)]
    theme = ThemeFactory(process=process, name="Skola och arbetsliv")
    contributions_tag(process=process, contribution_ids=[c.pk for c in items], theme=theme, by=None)

    page.goto("/process/utmaningen/")
    promise = page.locator("#promise")
    expect(promise).to_contain_text("Att öka förtroendet")
    expect(promise).to_contain_text("Dialog: vi arbetar fram det tillsammans med dig")
    expect(promise).to_contain_text("kommunen@vansbro.se")
    expect(promise).to_contain_text("Återkopplingen är försenad")
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    area = FocusAreaFactory(process=process, title="Samverkan skola–lokalsamhälle")
    area.themes.set([theme])
    page.goto("/process/utmaningen/ni-sa-vi-gjorde/")
    expect(page.locator("#outcome-deeds")).to_contain_text("Samverkan skola–lokalsamhälle")
    expect(page.locator(f"#tema-{theme.pk}")).to_contain_text("Fokusområde")
    expect(page.locator(f"#tema-{theme.pk}")).not_to_contain_text("Inte än")
    assert_no_sideways_scroll(page)
    assert_accessible(page)


def test_the_inbox_on_a_phone_shows_a_contribution_before_the_filters(
    mobile_page, transactional_db
):
    page = mobile_page
    process = ProcessFactory(slug="vision-2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    StaffContributionFactory.create_batch(3, process=process, kind="idea")
    login(page, official)
    page.goto("/staff/processer/vision-2040/bidrag/")
    expect(page.locator("#filter-form")).to_be_hidden()
    first_row = page.locator("#inbox-rows tr").first
    expect(first_row).to_be_visible()
    assert first_row.bounding_box()["y"] < 740 * 1.5, "the first contribution is near the top"
    assert_accessible(page)
    page.locator("#filter-toggle").click()
    expect(page.locator("#filter-form")).to_be_visible()
    expect(page.locator("#filter-toggle")).to_have_attribute("aria-expanded", "true")
    assert_no_sideways_scroll(page)
