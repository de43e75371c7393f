"""Focus areas in the browser: an official records one of Vansbro's focus areas with the person
responsible, writes a status update, and the citizen whose contribution it grew from sees it on
the tracking page and the focus area's own page, on a phone. axe-core on every page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.contributions.factories import ContributionFactory, ThemeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role


def test_official_records_a_focus_area_and_its_update_reaches_the_citizen(page, mobile_page):
    process = ProcessFactory(title="Utmaningen", slug="utmaningen", current_stage="implementation")
    theme = ThemeFactory(process=process, name="Jobb och kompetens")
    contribution = ContributionFactory(
        process=process,
        moderation_state="published",
        title="Koll på lokalsamhället",
        text="Att ungdomarna får koll på vad olika aktörer har att erbjuda dem.",
    )
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    login(page, official)

    page.goto("/staff/processer/utmaningen/mal/fokusomraden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fokusområden")
    assert_accessible(page)
    page.get_by_role("link", name="Nytt fokusområde").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Samverkan skola–lokalsamhälle")
    page.get_by_label("Beskrivning").fill("En arbetsplan för samverkan mellan skola och arbetsliv.")
    page.get_by_role("button", name="Spara").click()
    # Nobody responsible yet: a Swedish error, and what was typed stays
    expect(page.get_by_text("Ange den ansvariga personen eller organisationen")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Samverkan skola–lokalsamhälle")
    assert_accessible(page)
    page.get_by_label("Namn på ansvarig person").fill("Sandra Persson")
    page.get_by_label("Roll").fill("studie- och yrkesvägledare")
    page.get_by_label("Organisation").fill("Smedbergsskolan")
    page.get_by_label(theme.name).check()
    page.get_by_label("Bidrag som det växte fram ur").select_option(str(contribution.pk))
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("Fokusområdet ”Samverkan skola–lokalsamhälle” sparades.")
    ).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Lägesrapport\s*: Samverkan skola")).click()
    assert_accessible(page)
    page.get_by_label("Datum").fill("2015-02-02")
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Vad som har hänt").fill(
        "Från och med vårterminen 2015 tillämpas arbetsplanen i alla kommunala grundskolor."
    )
    page.get_by_role("button", name="Publicera lägesrapporten").click()
    expect(page.locator("tbody")).to_contain_text("Klart")

    # The citizen, on a phone: the tracking page, then the focus area's page
    mobile_page.goto(f"/bidrag/folj/{contribution.tracking_token}/")
    line = mobile_page.locator("#tracking-focus-areas")
    expect(line).to_contain_text("Samverkan skola–lokalsamhälle")
    expect(line).to_contain_text("Sandra Persson")
    expect(line).to_contain_text("tillämpas arbetsplanen i alla kommunala grundskolor")
    assert_accessible(mobile_page)
    line.get_by_role("link", name="Samverkan skola–lokalsamhälle").click()
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text(
        "Samverkan skola–lokalsamhälle"
    )
    expect(mobile_page.get_by_text("Koll på lokalsamhället")).to_be_visible()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(mobile_page)
    mobile_page.goto("/process/utmaningen/")
    expect(mobile_page.locator("#focus-areas")).to_contain_text("Klart")
    assert_accessible(mobile_page)
