"""E-förslag on a 360 px phone: a citizen proposes (an error first, the input kept), an official
publishes it, a signed-in citizen and a neighbour with a confirmed e-mail address support it to
its threshold, and the clerk records Tekniska nämnden's decision and publishes the answer.
axe-core on every new page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contributions.models import EProposal, EProposalState, Participant
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.eproposal_factories import EProposalRulesFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import Role

TITLE = "Belysning längs gång- och cykelvägen till Skillingaryd"


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040", title="Vision 2040")
    rules = EProposalRulesFactory(process=process, threshold=2)
    return {
        "process": process,
        "committee": rules.committee,
        "official": ProcessRoleFactory(process=process, role=Role.OFFICIAL).user,
        "clerk": ProcessRoleFactory(process=process, role=Role.CLERK).user,
    }


def test_an_eproposal_collects_support_to_its_threshold_and_is_answered(mobile_page, world):
    page = mobile_page
    # A busy shared machine: the first pages of a cold server may take longer than the default.
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(30_000)
    process = world["process"]
    proposer = UserFactory(first_name="Karin")

    # The proposer finds e-förslag from the process page and writes one.
    login(page, proposer)
    page.goto(f"/process/{process.slug}/")
    page.locator("#read-eproposals").click()
    expect(page.locator("h1")).to_have_text("E-förslag")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.locator("#new-eproposal").click()
    assert_accessible(page)
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Varför?").fill("Det är mörkt på vintern och många cyklar till skolan.")
    page.get_by_label("Födelseår").fill("1984")
    page.get_by_label("Jag är folkbokförd i kommunen").check()
    page.locator("#eproposal-form button[type=submit]").click()
    # "What" was left empty: the summary has the focus, and what was typed is kept.
    expect(page.locator("#form-errors")).to_be_focused()
    expect(page.locator("#form-errors")).to_contain_text("Skriv vad du föreslår")
    expect(page.get_by_label("Rubrik")).to_have_value(TITLE)
    assert_accessible(page)
    page.get_by_label("Vad föreslår du?").fill("Sätt upp belysning längs cykelvägen vid väg 30.")
    page.get_by_label("Födelseår").fill("1984")
    page.get_by_label("Jag är folkbokförd i kommunen").check()
    page.locator("#eproposal-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Ditt e-förslag")
    expect(page.locator("main")).to_contain_text("Väntar på granskning")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    proposal = EProposal.objects.get()
    page.goto("/mina-sidor/")
    expect(page.locator("#my-eproposals")).to_contain_text(TITLE)
    page.context.clear_cookies()

    # An official checks it against the rules and publishes it.
    login(page, world["official"])
    page.goto(f"/staff/processer/{process.slug}/e-forslag/")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.get_by_label("Publicera: det följer reglerna").check()
    page.get_by_role("button", name="Spara granskningen").click()
    expect(page.locator("main")).to_contain_text("Förslaget är publicerat och samlar stöd")
    page.context.clear_cookies()

    # A signed-in citizen supports it (in place): the count, the days left, the committee.
    login(page, UserFactory())
    page.goto(f"/process/{process.slug}/e-forslag/{proposal.pk}/")
    expect(page.locator("#committee")).to_have_text("Tekniska nämnden")
    expect(page.locator("#stod")).to_contain_text("90 dagar kvar")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.locator("#support-button").click()
    expect(page.locator("#support-count")).to_have_text("1")
    expect(page.locator("#stod [role=status]")).to_contain_text("Tack för att du stöder")
    page.context.clear_cookies()

    # A neighbour without an account confirms an e-mail address and supports it too.
    page.goto(f"/process/{process.slug}/e-forslag/{proposal.pk}/")
    page.locator("#support-with-email").click()
    assert_accessible(page)
    page.get_by_label("Din e-postadress").fill("granne@example.org")
    page.locator("#participant-form button[type=submit]").click()
    expect(page.locator("#participant-sent")).to_be_visible()
    assert_accessible(page)
    token = Participant.objects.get(subscriber__email="granne@example.org").confirm_token
    page.goto(
        f"/bidrag/delta/bekrafta/{token}/?next=/process/{process.slug}/e-forslag/{proposal.pk}/"
    )
    page.locator("#participant-confirm").click()
    page.locator("#support-button").click()
    expect(page.locator("#support-count")).to_have_text("2")
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED
    page.reload()
    expect(page.locator("main")).to_contain_text("är nu ett ärende för Tekniska nämnden")
    page.context.clear_cookies()

    # The clerk records the committee's decision and publishes the answer.
    login(page, world["clerk"])
    page.goto(f"/staff/processer/{process.slug}/e-forslag/")
    assert_accessible(page)
    prefix = f"#id_a{proposal.pk}-"
    page.locator(prefix + "answer").fill(
        "Tekniska nämnden bifaller förslaget. Belysning sätts upp längs väg 30 nästa höst."
    )
    page.locator(prefix + "meeting_date").fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    page.locator(prefix + "paragraph_number").fill("87")
    page.locator(prefix + "dnr").fill("TN 2026/45")
    page.locator(prefix + "outcome").select_option("approved")
    page.get_by_role("button", name="Registrera beslutet och publicera svaret").click()
    expect(page.locator("main")).to_contain_text("Beslutet är registrerat och svaret publicerat")
    page.context.clear_cookies()

    # Everyone sees the answer with the decision (body, date, §, Dnr, outcome).
    page.goto(f"/process/{process.slug}/e-forslag/{proposal.pk}/")
    answer = page.locator("#svar")
    expect(answer).to_contain_text("Belysning sätts upp längs väg 30")
    expect(answer).to_contain_text("§ 87")
    expect(answer).to_contain_text("TN 2026/45")
    expect(page.locator("main")).to_contain_text(re.compile("Besvarat"))
    assert_accessible(page)
    assert_no_sideways_scroll(page)
