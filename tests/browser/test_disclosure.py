"""Hidden counts read clearly on the public pages: "dolt" in the cell, the note saying why, the
largest gaps named; and the pages stay accessible."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.contributions.test_disclosure_attack import build_kramfors, theme_dataset

pytestmark = pytest.mark.browser


@pytest.fixture
def kramfors(transactional_db):
    return build_kramfors()


def test_who_has_taken_part_shows_hidden_counts_with_the_reason(page, kramfors, tmp_path):
    process, districts, contributions = kramfors
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/process/{process.slug}/")
    section = page.locator("#representation-section")
    expect(section).to_be_visible()
    ullanger = page.locator("#representation-districts tr", has_text="Ullånger")
    expect(ullanger.locator("td").first).to_have_text("dolt")
    expect(page.locator("#representation-hidden-note")).to_contain_text("skyddar enskilda")
    expect(page.locator("#furthest-under")).to_contain_text(
        "12 år eller yngre (6,0 % av deltagarna, 15,5 % av befolkningen)"
    )
    section.screenshot(path=str(tmp_path / "vilka-har-deltagit.png"))
    assert_accessible(page, "#representation-section")


def test_you_said_we_did_shows_hidden_counts_with_the_reason(page, kramfors, tmp_path):
    process, districts, contributions = kramfors
    traffic, _bathing = theme_dataset(process, districts, contributions)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/process/{process.slug}/ni-sa-vi-gjorde/")
    theme = page.locator(f"#tema-{traffic.pk}")
    expect(theme).to_contain_text("Ullånger: dolt")
    expect(theme.locator(".outcome-hidden-note")).to_contain_text("skyddar enskilda")
    theme.screenshot(path=str(tmp_path / "ni-sa-vi-gjorde.png"))
    assert_accessible(page, "#outcome-themes")
