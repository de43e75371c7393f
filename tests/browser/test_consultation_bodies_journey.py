"""An official sends a draft on consultation and names associations of the register as
consultation bodies; the public consultation page lists them; the drafters see who has answered."""

import os

import pytest
from playwright.sync_api import expect

from dialog.models import ConsultationInvitation
from tests.browser.conftest import assert_accessible, login
from tests.dialog.factories import OrganisationFactory, TargetGroupFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.models import Role

SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(title="Framtidsbygget", current_stage="drafting")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _round, version = draft_world(process, actor=official)
    municipality = process.municipality
    seniors = TargetGroupFactory(municipality=municipality, name="Seniorer")
    for name in ("PRO Vaggeryd", "SPF Seniorerna Skillingaryd"):
        OrganisationFactory(municipality=municipality, name=name).target_groups.set([seniors])
    OrganisationFactory(municipality=municipality, name="Byarums Intresseförening", email="")
    return {"process": process, "official": official, "version": version}


def test_official_names_register_associations_as_consultation_bodies(page, world):
    process = world["process"]
    login(page, world["official"])
    page.goto(f"/staff/processer/{process.slug}/utkast/version/1/remiss/")
    page.get_by_label("Sista svarsdag").fill("2099-01-31")
    page.get_by_role("button", name="Skicka på remiss").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remissvar")
    section = page.get_by_role("region", name="Remissinstanser ur föreningsregistret")
    expect(section).to_contain_text("Inga organisationer ur föreningsregistret")
    assert_accessible(page)

    section.get_by_role("link", name="Lägg till organisationer ur registret").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remissinstanser")
    assert_accessible(page)
    page.get_by_label("Seniorer", exact=True).check()
    page.get_by_label("Byarums Intresseförening (ingen e-post, nå dem på annat sätt)").check()
    page.get_by_role("button", name="Lägg till som remissinstanser").click()
    expect(page.get_by_text("3 organisationer lades till som remissinstanser.")).to_be_visible()
    section = page.get_by_role("region", name="Remissinstanser ur föreningsregistret")
    expect(section).to_contain_text("0 av 3 organisationer har svarat.")
    expect(section.get_by_role("row", name="Byarums Intresseförening")).to_contain_text(
        "Ingen e-post: nå dem på annat sätt"
    )
    expect(section.get_by_role("row", name="PRO Vaggeryd")).to_contain_text("E-post skickad")
    remind = section.get_by_role("button", name="Påminn de 2 remissinstanser som inte har svarat")
    expect(remind).to_be_visible()
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/consultation_bodies.png", full_page=True)
    assert ConsultationInvitation.objects.filter(sent_at__isnull=False).count() == 2

    remind.click()
    expect(page.get_by_text("Påminnelser är på väg till 2 remissinstanser.")).to_be_visible()
    expect(page.get_by_role("row", name="PRO Vaggeryd")).to_contain_text("påmind")
    assert ConsultationInvitation.objects.filter(reminded_at__isnull=False).count() == 2

    page.get_by_role("link", name="Den offentliga remissidan").click()
    expect(page.get_by_text("Föreningar som ombetts svara:")).to_be_visible()
    expect(page.locator("main")).to_contain_text("PRO Vaggeryd, SPF Seniorerna Skillingaryd")
    assert_accessible(page)
