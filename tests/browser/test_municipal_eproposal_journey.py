"""The municipality's own e-förslag on a 360 px phone: the municipality administrator opens them
and sets the rules, a citizen finds them under "Öppet nu", proposes one, the administrator
publishes it, a neighbour supports it to its threshold and the clerk records Kommunstyrelsen's
decision; the answer is shown at ``/e-forslag/``. axe-core on every new page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contributions.models import EProposal, EProposalState
from contributions.services.municipal_eproposals import municipal_process
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.eproposal_factories import CommitteeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import MunicipalityRole, MunicipalityRoleKind, Role

TITLE = "Laddstolpar vid alla idrottsplatser"
SHOTS = "/tmp/munieforslag_shots"


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040", title="Vision 2040")
    municipality = process.municipality
    admin = UserFactory(first_name="Åsa")
    MunicipalityRole.objects.create(
        municipality=municipality, user=admin, role=MunicipalityRoleKind.ADMIN
    )
    committee = CommitteeFactory(municipality=municipality, name="Kommunstyrelsen", short_name="KS")
    return {"municipality": municipality, "admin": admin, "committee": committee}


def test_the_municipality_opens_e_proposals_and_answers_one(mobile_page, world):
    page = mobile_page
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(30_000)

    # The administrator opens the municipality's e-förslag and sets the rules.
    login(page, world["admin"])
    page.goto("/staff/e-forslag/")
    expect(page.locator("h1")).to_have_text("E-förslag till kommunen")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    shot(page, "1-open")
    page.locator("#open-municipal-eproposals").click()
    rules = page.locator("#eproposal-rules")
    rules.locator("[name=is_open]").check()
    rules.locator("[name=threshold]").fill("1")
    rules.locator("[name=committee]").select_option(str(world["committee"].pk))
    page.get_by_role("button", name="Spara reglerna").click()
    expect(page.locator("main")).to_contain_text("Reglerna för e-förslag sparades")
    assert_accessible(page)
    shot(page, "2-staff")
    standing = municipal_process(municipality=world["municipality"])
    clerk = ProcessRoleFactory(process=standing, role=Role.CLERK).user
    page.context.clear_cookies()

    # A citizen finds them under "Öppet nu" and proposes one.
    login(page, UserFactory())
    page.goto("/")
    page.locator('#open-now a[href="/e-forslag/"]').click()
    expect(page.locator("h1")).to_have_text("E-förslag")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    shot(page, "3-list-empty")
    page.locator("#new-eproposal").click()
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    shot(page, "4-form")
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Vad föreslår du?").fill("Sätt upp laddstolpar vid idrottsplatserna.")
    page.get_by_label("Varför?").fill("Bilen kan ladda medan barnen tränar.")
    page.get_by_label("Födelseår").fill("1980")
    page.get_by_label("Jag är folkbokförd i kommunen").check()
    page.locator("#eproposal-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Ditt e-förslag")
    proposal = EProposal.objects.get()
    assert proposal.process == standing
    page.context.clear_cookies()

    # The administrator publishes it.
    login(page, world["admin"])
    page.goto("/staff/e-forslag/")
    page.get_by_label("Publicera: det följer reglerna").check()
    page.get_by_role("button", name="Spara granskningen").click()
    expect(page.locator("main")).to_contain_text("Förslaget är publicerat och samlar stöd")
    page.context.clear_cookies()

    # A neighbour supports it at the municipality's address: the threshold is reached.
    login(page, UserFactory())
    page.goto(f"/e-forslag/{proposal.pk}/")
    expect(page.locator("#committee")).to_have_text("Kommunstyrelsen")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    shot(page, "5-detail")
    page.locator("#support-button").click()
    expect(page.locator("#support-count")).to_have_text("1")
    proposal.refresh_from_db()
    assert proposal.state == EProposalState.REACHED
    page.context.clear_cookies()

    # The clerk records the decision and publishes the answer.
    login(page, clerk)
    page.goto(f"/staff/processer/{standing.slug}/e-forslag/")
    prefix = f"#id_a{proposal.pk}-"
    page.locator(prefix + "answer").fill("Kommunstyrelsen bifaller förslaget. Stolparna byggs.")
    page.locator(prefix + "meeting_date").fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    page.locator(prefix + "paragraph_number").fill("12")
    page.locator(prefix + "dnr").fill("KS 2026/14")
    page.locator(prefix + "outcome").select_option("approved")
    page.get_by_role("button", name="Registrera beslutet och publicera svaret").click()
    expect(page.locator("main")).to_contain_text("Beslutet är registrerat och svaret publicerat")
    page.context.clear_cookies()

    page.goto(f"/e-forslag/{proposal.pk}/")
    answer = page.locator("#svar")
    expect(answer).to_contain_text("Stolparna byggs")
    expect(answer).to_contain_text("§ 12")
    expect(answer).to_contain_text("KS 2026/14")
    assert_accessible(page)
    shot(page, "6-answered")
    page.goto("/e-forslag/")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    shot(page, "7-list")
