"""The clerk plans a decision path (two committees in parallel, then KF), keeps the distribution
list, records the decisions and sees the expediering; the public sees the path. axe-core on the
decisions page and the public process page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.visionsprocess.clerk_world import clerk_world
from visionsprocess.models import DecisionDispatch, OutgoingEmail


@pytest.fixture
def world(transactional_db):
    process, bodies, clerk = clerk_world(title="Strategiskt utvecklingsprogram 2019–2022")
    return {"process": process, "bodies": bodies, "clerk": clerk}


def test_clerk_plans_records_and_the_distribution_is_sent(page, world):
    process, bodies = world["process"], world["bodies"]
    login(page, world["clerk"])
    page.goto(f"/staff/processer/{process.slug}/beslut/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslut")

    page.locator("#id_dist-matter").select_option("programme")
    page.locator("#id_dist-name").fill("Samtliga nämnder")
    page.locator("#id_dist-email").fill("namnderna@example.org")
    page.get_by_role("button", name="Lägg till mottagare").click()
    expect(page.get_by_text("Mottagaren lades till på sändlistan.")).to_be_visible()

    for step, short_names, date in ((1, ("BUN", "SON"), "2019-09-18"), (2, ("KF",), "2019-11-25")):
        page.locator("#id_plan-matter").select_option("programme")
        page.locator("#id_plan-step").fill(str(step))
        for short_name in short_names:
            page.locator(f"input[name='plan-bodies'][value='{bodies[short_name].pk}']").check()
        page.locator("#id_plan-planned_date").fill(date)
        page.get_by_role("button", name="Lägg till i beslutsgången").click()
        expect(page.get_by_text("Steget lades till i beslutsgången.")).to_be_visible()
    expect(page.get_by_text("Steg 1: 2 organ parallellt")).to_be_visible()
    expect(page.locator("#overdue-banner")).to_contain_text("3 planerade beslut har passerat")
    assert_accessible(page)

    for short_name, date, number in (
        ("BUN", "2019-09-18", "40"),
        ("SON", "2019-09-19", "51"),
        ("KF", "2019-11-25", "112"),
    ):
        page.locator("#id_matter").select_option("programme")
        page.locator("#id_body").select_option(str(bodies[short_name].pk))
        page.locator("#id_meeting_date").fill(date)
        page.locator("#id_paragraph_number").fill(number)
        page.locator("#id_dnr").fill("KS 2019/160")
        page.get_by_role("button", name="Registrera beslut").click()
        expect(page.get_by_text("Beslutet registrerades.")).to_be_visible()

    expect(page.locator("#overdue-banner")).to_have_count(0)  # nothing overdue any more
    expect(page.locator("#dispatch-heading")).to_be_visible()
    expect(
        page.get_by_text("Samtliga nämnder med e-post till namnderna@example.org").first
    ).to_be_visible()
    assert DecisionDispatch.objects.count() == 3
    assert OutgoingEmail.objects.filter(to="namnderna@example.org").count() == 3
    # ... and sent: each decision's notice reached the list's address once, naming it.
    sent = [m for m in mail.outbox if m.to == ["namnderna@example.org"]]
    assert len(sent) == 3
    assert any("§ 112" in m.subject + m.body for m in sent)
    assert all(
        e.sent_at is not None for e in OutgoingEmail.objects.filter(to="namnderna@example.org")
    )
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"/process/{process.slug}/")
    path = page.locator("#beslutsgang")
    expect(path).to_contain_text("KF 25 november 2019, § 112, Dnr KS 2019/160")
    expect(path).not_to_contain_text("namnderna@example.org")
    assert_accessible(page)
