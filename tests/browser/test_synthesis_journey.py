"""From many voices to a published synthesis: an official accepts and rejects theme
suggestions, adopts a found theme, drafts the synthesis (in the worker), pins, reorders, adds a
sentence, writes an introduction and publishes; a citizen reads it on a 360 px phone. axe-core
on every new page."""

import csv
from pathlib import Path

import pytest

from contributions.models import (
    ContributionTheme,
    KeyPoint,
    ModerationState,
    SuggestionDecision,
    SynthesisState,
    SynthesisVersion,
    ThemeSuggestion,
)
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.staff_factories import (
    DistrictFactory,
    StaffContributionFactory,
    ThemeFactory,
)
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role

DATA = Path(__file__).resolve().parent.parent / "contributions" / "data"
SAID = [
    ("Bussarna går för sällan på kvällarna, man kommer inte hem från Jönköping.", "Vaggeryd"),
    ("Kvällsbussarna till Jönköping går för sällan, jag kommer inte hem efter jobbet.", "Hok"),
    ("Det går för få bussar på kvällarna mellan Jönköping och Vaggeryd.", "Skillingaryd"),
    ("Busskortet är för dyrt för ungdomar. Sänk priset på busskortet för alla under 20.", "Hok"),
    ("Tåget till Värnamo borde gå oftare på helgerna. Då kan fler pendla.", "Vaggeryd"),
    ("Pendeltåget till Jönköping är fullt på morgonen, sätt in fler vagnar.", "Skillingaryd"),
]


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    traffic = ThemeFactory(process=process, name="Kollektivtrafik", keywords="buss")
    ThemeFactory(process=process, name="Skola", keywords="skolan")
    districts = {
        name: DistrictFactory(municipality=process.municipality, name=name, order=n)
        for n, name in enumerate(("Vaggeryd", "Hok", "Skillingaryd"))
    }
    for text, district in SAID:
        c = StaffContributionFactory(
            process=process,
            text=text,
            district=districts[district],
            age_band="20-34",
            moderation_state=ModerationState.PUBLISHED,
        )
        ContributionTheme.objects.create(contribution=c, theme=traffic)
    with (DATA / "themes_ljusdal.csv").open(encoding="utf-8") as f:
        for row in list(csv.DictReader(f, delimiter=";"))[:30]:
            StaffContributionFactory(process=process, text=row["text"])
    accepted = StaffContributionFactory(
        process=process,
        text="Bussen till Skillingaryd borde gå varje halvtimme.",
        moderation_state=ModerationState.PUBLISHED,
    )
    rejected = StaffContributionFactory(
        process=process, text="Det var roligt när skolan hade öppet hus i våras."
    )
    return process, official, traffic, accepted, rejected


def test_official_publishes_a_synthesis_a_citizen_reads_it_on_a_phone(page, mobile_page, world):
    process, official, traffic, accepted, rejected = world
    staff = f"/staff/processer/{process.slug}"
    for p in (page, mobile_page):  # a long journey on a shared machine
        p.set_default_timeout(30_000)
    login(page, official)

    # Suggestions: one accepted, one rejected.
    page.goto(f"{staff}/bidrag/forslag/")
    page.locator(f"article:has(a[href$='/bidrag/{accepted.pk}/'])").get_by_role(
        "button", name="Godta Kollektivtrafik"
    ).click()
    page.get_by_text("Temat ”Kollektivtrafik” lades till.").wait_for()
    page.locator(f"article:has(a[href$='/bidrag/{rejected.pk}/'])").get_by_role(
        "button", name="Avvisa Skola"
    ).click()
    page.get_by_text("Förslaget avvisades").wait_for()
    assert ContributionTheme.objects.filter(contribution=accepted, theme=traffic).exists()
    assert ThemeSuggestion.objects.filter(
        contribution=rejected, decision=SuggestionDecision.REJECTED
    ).exists()

    # A found theme adopted.
    page.goto(f"{staff}/teman/hittade/")
    page.get_by_role("button", name="Sök i materialet").click()
    page.get_by_text("Senaste sökningen").wait_for()
    first = page.locator("article[id^=found-]").first
    first.get_by_label("Temats namn").fill("Mötesplatser för unga")
    first.get_by_role("button", name="Anta som tema").click()
    page.get_by_text("”Mötesplatser för unga” är ett tema nu").wait_for()

    # The synthesis: drafted in the worker (eager here), edited, published.
    page.goto(f"{staff}/teman/sammanstallning/")
    assert_accessible(page)
    page.get_by_role("button", name="Föreslå nyckelpunkter").click()
    theme = page.locator("article[id^=tema-]", has_text="Kollektivtrafik")
    theme.get_by_role("heading", name="Nyckelpunkter").wait_for()
    points = theme.locator("li.vp-key-point")
    assert points.count() >= 2
    second = points.nth(1).locator("blockquote").inner_text()
    points.nth(0).get_by_role("button", name="Fäst").click()
    page.get_by_text("Fäst", exact=True).first.wait_for()
    theme = page.locator("article[id^=tema-]", has_text="Kollektivtrafik")
    theme.locator("li.vp-key-point").nth(1).get_by_role("button", name="Flytta upp").click()
    theme = page.locator("article[id^=tema-]", has_text="Kollektivtrafik")
    assert theme.locator("li.vp-key-point blockquote").first.inner_text() == second
    theme.get_by_label("Inledning").fill("Många vill kunna ta bussen hem på kvällen.")
    theme.get_by_role("button", name="Spara inledningen").click()
    page.get_by_text("Inledningen sparades").wait_for()
    assert_accessible(page)

    theme = page.locator("article[id^=tema-]", has_text="Kollektivtrafik")
    theme.get_by_role("link", name="Lägg till en mening").click()
    page.get_by_role("heading", name="Lägg till en nyckelpunkt i ”Kollektivtrafik”").wait_for()
    assert_accessible(page)
    form = page.locator("form:has(button:has-text('Lägg till'))").first
    added = form.locator("span.flex-grow-1").inner_text()
    form.get_by_role("button").click()
    page.get_by_text("lades till som en fäst nyckelpunkt").wait_for()
    assert KeyPoint.objects.filter(text=added, pinned=True, source="added").exists()

    page.get_by_role("button", name="Publicera sammanställningen").click()
    page.get_by_text("är nu publik").wait_for()
    assert SynthesisVersion.objects.filter(state=SynthesisState.PUBLISHED).count() == 1
    assert_accessible(page)

    # A citizen reads it on a phone.
    phone = mobile_page
    phone.goto(f"/process/{process.slug}/ni-sa-vi-gjorde/")
    phone.get_by_role("link", name="Läs sammanställningen").click()
    phone.get_by_role("heading", name="Sammanställning", exact=True).wait_for()
    phone.get_by_text("Många vill kunna ta bussen hem på kvällen.").wait_for()
    assert phone.get_by_text(added).count()
    assert phone.get_by_text("sa ungefär detta").count()
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)
    phone.screenshot(path="/tmp/synthesis-360.png", full_page=True)
    phone.get_by_role("link", name="Läs bidraget bakom nyckelpunkt 1").first.click()
    phone.wait_for_load_state()
    assert "/bidrag/" in phone.url
