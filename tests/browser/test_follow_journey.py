"""The whole loop on a 360 px phone, with the real parts: a citizen without an account sends a
letter from the future, follows the process and confirms by the link in the delivered e-mail;
officials give public feedback, cite the theme in a consultation draft, adopt the vision and
publish an action plan; each day the citizen receives one digest (through the real Celery worker
to a real SMTP server), sees each step on the tracking page and on "Ni sa – vi gjorde", and
finally unsubscribes with one click. axe-core checks every new page.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from contributions.models import Contribution
from contributions.services.handling import (
    contribution_moderate,
    contributions_tag,
    feedback_give,
)
from goals import services as goals_services
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.factories import ThemeFactory
from tests.factories import PASSWORD, ProcessFactory, ProcessRoleFactory, UserFactory
from tests.goals.factories import (
    ActionPlanItemFactory,
    ActionPlanVersionFactory,
    IndicatorFactory,
    MeasurementFactory,
)
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Role, StageKind, Subscriber
from visionsprocess.outbox import enqueue
from visionsprocess.tasks import send_notice_digests

ADDRESS = "saga.lind@example.org"


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def path_in(message, pattern) -> str:
    return re.search(pattern, body_of(message)).group(0)


def send_todays_digest():
    """The beat task at the digest hour, handed to the real worker through the outbox."""
    with transaction.atomic():
        enqueue(
            send_notice_digests,
            now=(timezone.now() + dt.timedelta(days=1)).isoformat(),
        )


@pytest.fixture
def world(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url
    process = ProcessFactory(
        slug="vision-2040",
        title="Vision 2040",
        horizon_year=2040,
        current_stage=StageKind.DIALOGUE,
    )
    return {
        "process": process,
        "official": ProcessRoleFactory(process=process, role=Role.OFFICIAL).user,
        "politician": ProcessRoleFactory(process=process, role=Role.POLITICIAN).user,
        "clerk": ProcessRoleFactory(process=process, role=Role.CLERK).user,
        "theme": ThemeFactory(process=process, name="Trygghet och gemenskap"),
    }


# The live server, the worker and the test write at the same moment: PostgreSQL (SQLite locks).
@pytest.mark.celery_worker
@pytest.mark.postgres
def test_a_citizen_follows_hears_each_step_in_a_daily_digest_and_unsubscribes(
    mobile_page, world, broker, smtp_server
):
    page, process, theme = mobile_page, world["process"], world["theme"]
    with broker.worker():
        # The citizen sends a letter from the future, without an account.
        page.goto(f"/process/{process.slug}/bidrag/nytt/brev/")
        page.locator("#id_text").fill(
            "Här känner alla sina grannar och parken lyser upp kvällarna i Skillingaryd."
        )
        page.locator("#id_email").fill(ADDRESS)
        page.locator("#id_consent_to_publish").check()
        page.locator("#submit-contribution").click()
        expect(page.locator("#receipt")).to_be_visible()
        letter = Contribution.objects.get()
        receipt = smtp_server.wait_for(lambda m: "Vision 2040" in body_of(m))
        tracking = path_in(receipt, r"/bidrag/folj/[\w-]+/")

        # ... follows the process, and confirms by the link in the delivered e-mail.
        page.goto(f"/process/{process.slug}/")
        page.locator("#follow-process").click()
        assert_accessible(page)
        assert_no_sideways_scroll(page)
        page.locator("#id_email").fill(ADDRESS)
        page.locator("#follow-submit").click()
        expect(page.locator("#follow-sent")).to_be_visible()
        assert_accessible(page)
        confirmation = smtp_server.wait_for(lambda m: "/folj/bekrafta/" in body_of(m))
        page.goto(path_in(confirmation, r"/folj/bekrafta/[\w-]+/"))
        assert_accessible(page)
        page.locator("#confirm-follow").click()
        expect(page.locator("#follow-confirmed")).to_be_visible()
        assert_accessible(page)

        # Day 1: the officials publish, tag and answer the letter; a draft goes on consultation.
        contribution_moderate(contribution=letter, action="published", by=world["official"])
        contributions_tag(
            process=process, contribution_ids=[letter.pk], theme=theme, by=world["official"]
        )
        feedback_give(
            contribution=letter,
            text="Tack! Belysningen i parken finns med i förslaget till handlingsplan.",
            by=world["official"],
        )
        _round, version = draft_world(process, actor=world["politician"])
        from contributions import citations

        citations.citation_add(
            paragraph=version.paragraphs.get(order=4), theme=theme, actor=world["politician"]
        )
        drafting.consultation_send(
            version=version,
            deadline=timezone.localdate() + dt.timedelta(days=30),
            actor=world["politician"],
        )
        send_todays_digest()
        day1 = smtp_server.wait_for(
            lambda m: "List-Unsubscribe" in m and "Belysningen i parken" in body_of(m)
        )
        assert "remiss" in body_of(day1) and "Trygghet och gemenskap" in body_of(day1)

        page.goto(tracking)
        expect(page.locator("#tracking-feedback")).to_contain_text("Belysningen i parken")
        expect(page.locator("#tracking-citations")).to_contain_text("Trygghet och gemenskap")
        assert_accessible(page)
        page.goto(f"/process/{process.slug}/bidrag/")
        expect(page.locator(f"#bidrag-{letter.pk}")).to_contain_text("Belysningen i parken")

        # Day 2: the council adopts the vision.
        final = drafting.version_create_next(version=version, actor=world["politician"])
        adopt(final, clerk=world["clerk"], bodies=bodies_for(process))
        send_todays_digest()
        day2 = smtp_server.wait_for(
            lambda m: "List-Unsubscribe" in m and "antagna visionen" in body_of(m)
        )
        assert "Belysningen i parken" not in body_of(day2), "each notice is sent once"
        page.goto(tracking)
        expect(page.locator("#tracking-citations")).to_contain_text("antagna visionen")

        # Day 3: the action plan is published with an activity resting on the theme.
        plan = ActionPlanVersionFactory(plan__process=process, year=2026, published=False)
        item = ActionPlanItemFactory(version=plan, activity="Belysning i parkerna i Skillingaryd")
        item.themes.set([theme])
        indicator = IndicatorFactory(goal=item.goal, name="Andel invånare som känner sig trygga")
        MeasurementFactory(indicator=indicator, year=2025, value=Decimal("71"))
        goals_services.action_plan_version_publish(version=plan)
        send_todays_digest()
        day3 = smtp_server.wait_for(
            lambda m: "List-Unsubscribe" in m and "Belysning i parkerna" in body_of(m)
        )

    digests = [m for m in smtp_server.messages if "List-Unsubscribe" in m]
    assert len(digests) == 3, "one digest a day"
    page.goto(tracking)
    expect(page.locator("#tracking-action-plan")).to_contain_text("Belysning i parkerna")
    expect(page.locator("#tracking-action-plan")).to_contain_text("Andel invånare som känner")
    expect(page.locator("#tracking-action-plan")).to_contain_text("2025")
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    page.goto(f"/process/{process.slug}/ni-sa-vi-gjorde/")
    block = page.locator(f"#tema-{theme.pk}")
    expect(block).to_contain_text("Antal bidrag: dolt")  # fewer than five, hidden (disclosure rule)
    expect(block).to_contain_text("Vi tar emot besökare")
    expect(block).to_contain_text("Belysning i parkerna i Skillingaryd")
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    # One click: the mail program POSTs to the List-Unsubscribe address (RFC 8058).
    header_url = re.fullmatch(r"<(.+)>", str(day3["List-Unsubscribe"]).strip()).group(1)
    response = page.request.post(header_url, form={"List-Unsubscribe": "One-Click"})
    assert response.ok
    assert Subscriber.objects.get(email=ADDRESS).stopped_at is not None
    page.goto(path_in(day3, r"/utskick/[\w-]+/avsluta/"))
    expect(page.locator("#unsubscribed")).to_be_visible()
    assert_accessible(page)
    page.goto(path_in(day3, r"/utskick/[\w-]+/"))
    expect(page.locator("#follow-list")).to_contain_text("Vision 2040")
    assert ADDRESS not in page.content()
    assert_accessible(page)


def test_a_signed_in_citizen_claims_a_letter_and_sees_it_on_my_pages(mobile_page, world):
    page, process = mobile_page, world["process"]
    citizen = UserFactory(email="ali.hassan@example.org", first_name="Ali")
    page.goto(f"/process/{process.slug}/bidrag/nytt/ide/")
    page.locator("#id_title").fill("Lekplats vid Hjortsjön")
    page.locator("#id_text").fill("En lekplats med grillplats vid Hjortsjön.")
    page.locator("#submit-contribution").click()
    expect(page.locator("#not-for-publication")).to_be_visible()
    assert_accessible(page)
    tracking = re.sub(r"^https?://[^/]+", "", page.locator("#tracking-link").get_attribute("href"))

    # Logging in from the tracking page leads back to it, not to the staff area.
    page.goto(tracking)
    expect(page.locator("#contribution-title")).to_have_text("Lekplats vid Hjortsjön")
    page.goto(f"/konto/login/?next={tracking}")
    page.get_by_label("E-post").fill(citizen.email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(re.escape(tracking) + "$"))
    page.locator("#claim-contribution").click()
    expect(page).to_have_url(re.compile(r"/mina-sidor/$"))
    expect(page.locator("#my-contributions")).to_contain_text("Lekplats vid Hjortsjön")
    expect(page.locator("#my-contributions")).to_contain_text("Ska inte publiceras")
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    # The idea form fills in the signed-in person's address.
    page.goto(f"/process/{process.slug}/bidrag/nytt/ide/")
    expect(page.locator("#id_email")).to_have_value("ali.hassan@example.org")


def test_logging_in_lands_a_citizen_on_my_pages(mobile_page, world):
    citizen = UserFactory(email="medborgare@example.org")
    login(mobile_page, citizen)
    expect(mobile_page).to_have_url(re.compile(r"/mina-sidor/$"))
    expect(mobile_page.locator("h1")).to_have_text("Mina sidor")
    assert_accessible(mobile_page)


FOLLOWER = "karin.holm@example.org"


def test_a_process_follower_gets_the_feedback_on_a_theme_and_a_contribution_over_smtp(
    page, mobile_page, live_server, settings, smtp_server
):
    """The promise of "Följ processen" – "återkoppling från kommunen" – for someone who sent
    nothing in: an official answers a contribution and a theme in the browser, the digest is sent
    by `manage.py send_digests --now` and arrives at a real SMTP server."""
    from django.core.management import call_command

    from contributions.models import ModerationState

    settings.SITE_URL = live_server.url
    process = ProcessFactory(
        slug="vision-2040", title="Vision 2040", horizon_year=2040, current_stage="dialogue"
    )
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    theme = ThemeFactory(process=process, name="Trygghet och gemenskap")
    idea = Contribution.objects.create(
        process=process,
        kind="idea",
        stage=process.stage_by_key("dialogue"),
        title="Belysning i parken",
        text="Tänd parken i Skillingaryd på kvällarna.",
        consent_to_publish=True,
        moderation_state=ModerationState.PUBLISHED,
    )

    # A citizen who sends nothing in follows the process and confirms by the delivered link.
    citizen = mobile_page
    citizen.goto(f"/process/{process.slug}/")
    citizen.locator("#follow-process").click()
    assert_accessible(citizen)
    citizen.locator("#id_email").fill(FOLLOWER)
    citizen.locator("#follow-submit").click()
    expect(citizen.locator("#follow-sent")).to_be_visible()
    confirmation = smtp_server.wait_for(
        lambda m: FOLLOWER in str(m["To"]) and "/folj/bekrafta/" in body_of(m)
    )
    citizen.goto(path_in(confirmation, r"/folj/bekrafta/[\w-]+/"))
    citizen.locator("#confirm-follow").click()
    expect(citizen.locator("#follow-confirmed")).to_be_visible()
    assert_accessible(citizen)

    # The official answers the contribution and the theme, in the browser.
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/bidrag/{idea.pk}/")
    page.locator("#feedback-form textarea").fill("Tack! Parkbelysningen finns med i budgeten 2027.")
    page.locator("#feedback-form button[type=submit]").click()
    expect(page.locator(".vp-feedback")).to_contain_text("Parkbelysningen finns med")
    assert_accessible(page)
    page.goto(f"/staff/processer/{process.slug}/teman/")
    page.locator("summary", has_text=theme.name).click()
    page.locator(f"#theme-feedback-{theme.pk}").fill("Trygghet blir ett mål i visionen.")
    page.locator(f"#theme-feedback-{theme.pk}").locator("xpath=..").locator("button").click()
    expect(page.locator(".messages")).to_contain_text("Återkopplingen på ”Trygghet och gemenskap”")
    assert_accessible(page)

    # The digest, sent by hand whatever the hour, reaches the follower through SMTP: once.
    call_command("send_digests", "--now")
    digest = smtp_server.wait_for(lambda m: FOLLOWER in str(m["To"]) and "List-Unsubscribe" in m)
    text = body_of(digest)
    assert "Parkbelysningen finns med i budgeten 2027." in text
    assert "Trygghet blir ett mål i visionen." in text
    assert "/utskick/" in text
    call_command("send_digests", "--now")
    digests = [
        m for m in smtp_server.messages if FOLLOWER in str(m["To"]) and "List-Unsubscribe" in m
    ]
    assert len(digests) == 1, "each notice is sent once"
