"""Personal data in the browser: a citizen reads the privacy notice from the contribution form;
the process administrator (who answers to the data protection officer) sets the retention rule
and closing day, reads the dry run, runs the gallring and reads the report. axe-core on every
page."""

import datetime as dt

from playwright.sync_api import expect

from contributions.models import Contribution
from tests.browser.conftest import assert_accessible, login
from tests.contributions.factories import PublishedContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import PrivacyNotice, RetentionReport, RetentionRule, Role


def test_citizen_reads_the_notice_and_the_administrator_runs_the_gallring(page):
    process = ProcessFactory(purpose="Vi vill veta hur du vill ha det i Vaggeryd 2040.")
    PrivacyNotice.objects.create(
        municipality=process.municipality,
        controller="Kommunstyrelsen i Vaggeryds kommun",
        controller_contact="kommun@vaggeryd.se",
        dpo_contact="dataskyddsombud@vaggeryd.se",
        purpose="Att genomföra medborgardialogen.",
    )
    RetentionRule.objects.create(
        municipality=process.municipality,
        name="Medborgardialog, synpunkter",
        plan_reference="Informationshanteringsplan KS 2.3",
        months_after_close=24,
    )
    PublishedContributionFactory(process=process, pseudonym="Stina S", email="stina@example.org")
    admin = ProcessRoleFactory(process=process, role=Role.ADMIN).user
    page.emulate_media(reduced_motion="reduce")

    # The citizen: from the contribution form to the process's privacy notice
    page.goto(f"/process/{process.slug}/bidrag/nytt/ide/")
    page.get_by_role("link", name="Så hanterar vi dina personuppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Så hanterar vi personuppgifter")
    expect(page.get_by_text("Kommunstyrelsen i Vaggeryds kommun")).to_be_visible()
    assert_accessible(page)
    page.goto("/integritet/")
    expect(page.get_by_text("dataskyddsombud@vaggeryd.se")).to_be_visible()
    assert_accessible(page)

    # The administrator: rule and closing day; the period has not passed yet
    login(page, admin)
    page.goto(f"/staff/processer/{process.slug}/gallring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gallring av personuppgifter")
    page.get_by_label("Gallringsregel").select_option(
        label="Informationshanteringsplan KS 2.3: Medborgardialog, synpunkter"
    )
    page.get_by_label("Avslutad den").fill("2099-01-01")
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("Processen kan inte avslutas ett datum som inte har kommit.")
    ).to_be_visible()
    assert_accessible(page)
    closed = (dt.date.today() - dt.timedelta(days=100)).isoformat()
    page.get_by_label("Avslutad den").fill(closed)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Gallringsfristen har inte gått ut")).to_be_visible()
    expect(page.get_by_role("button", name="Gallra personuppgifterna")).to_have_count(0)
    assert_accessible(page)

    # Three years on: the dry run counts the sender, the run removes it, the report says so
    page.get_by_label("Avslutad den").fill("2020-01-01")
    page.get_by_role("button", name="Spara").click()
    row = page.get_by_role("row", name="Namn, signaturer och e-postadresser")
    expect(row).to_contain_text("1")
    expect(page.get_by_text("Stina S")).to_have_count(0)
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gallra personuppgifterna").click()
    expect(page.get_by_text("Gallringen är klar")).to_be_visible()
    expect(page.get_by_text("Det finns inga personuppgifter kvar att gallra.")).to_be_visible()
    expect(page.get_by_role("heading", name="Gallring den")).to_be_visible()
    assert_accessible(page)
    assert Contribution.objects.get().pseudonym == ""
    assert RetentionReport.objects.get().run_by == admin
