"""An official finds that people said the same thing in other words: starts the search for
similar contributions, confirms a proposal on a contribution's page, tags the whole group on the
groups page; axe-core on both pages, and neither scrolls sideways on a 360 px phone."""

import csv
from pathlib import Path

import pytest

from contributions.models import ContributionTheme, NearDuplicate
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role

DATA = Path(__file__).resolve().parent.parent / "contributions" / "data"


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    theme = ThemeFactory(process=process, name="Fritid och mötesplatser")
    mine = StaffContributionFactory(
        process=process, text="Vi behöver en ungdomsgård i Vaggeryd som är öppen på kvällarna."
    )
    alike = StaffContributionFactory(
        process=process, text="En fritidsgård för oss unga i Vaggeryd, öppen på kvällen, tack!"
    )
    with (DATA / "themes_ljusdal.csv").open(encoding="utf-8") as f:
        for row in list(csv.DictReader(f, delimiter=";"))[:30]:
            StaffContributionFactory(process=process, text=row["text"])
    return process, official, theme, mine, alike


def test_official_groups_what_says_the_same_thing_and_tags_the_group(page, world):
    process, official, theme, mine, alike = world
    base = f"/staff/processer/{process.slug}/bidrag"
    login(page, official)
    page.goto(f"{base}/liknande/")
    assert_accessible(page)
    page.get_by_role("button", name="Sök liknande bidrag").click()
    page.get_by_text("Kördes senast").wait_for()  # eager here: the worker's build ran at once

    page.goto(f"{base}/{mine.pk}/")
    section = page.locator("#similar")
    section.get_by_role("link", name=f"#{alike.pk}").wait_for()
    assert_accessible(page)
    section.get_by_role("button", name=f"Säger samma sak (#{alike.pk})").click()
    page.get_by_text("är nu i en grupp med 2 bidrag").wait_for()
    assert NearDuplicate.objects.filter(contribution=alike, group__representative=mine).exists()

    page.get_by_role("link", name="Visa gruppen").click()
    page.get_by_role("heading", name="2 bidrag säger ungefär detta").wait_for()
    page.get_by_label("Lägg till ett tema på hela gruppen").select_option(str(theme.pk))
    page.get_by_role("button", name="Lägg till").click()
    page.get_by_text("har lagts till på 2 bidrag").wait_for()
    assert ContributionTheme.objects.filter(theme=theme).count() == 2
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_no_sideways_scroll(page)


def test_official_searches_the_material_and_adopts_a_found_theme(page, world):
    process, official, _theme, _mine, _alike = world
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/teman/hittade/")
    assert_accessible(page)
    page.get_by_role("button", name="Sök i materialet").click()
    page.get_by_text("Senaste sökningen").wait_for()  # eager here: the worker's search ran at once
    first = page.locator("article[id^=found-]").first
    first.get_by_label("Temats namn").fill("Mötesplatser för unga")
    assert_accessible(page)
    first.get_by_role("button", name="Anta som tema").click()
    page.get_by_text("”Mötesplatser för unga” är ett tema nu").wait_for()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_no_sideways_scroll(page)
