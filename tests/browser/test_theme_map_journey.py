"""Temakarta as people see it: an official opens the map on a wide screen and publishes it, a
citizen reads the public map on a 360 px phone. Each circle is drawn where the map puts it (in
Swedish too, whose decimal comma SVG does not read), no circle covers another theme's name,
nothing scrolls sideways, and axe-core finds nothing."""

import pytest

from contributions.models import ContributionTheme
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role

#: (theme, how many contributions raised it alone)
THEMES = [
    ("Trafik och pendling", 9),
    ("Kultur och fritid", 8),
    ("Trygghet och gemenskap", 7),
    ("Skola och förskola", 3),
    ("Näringsliv och jobb", 2),
]

#: Every circle's box, and for each name whether it is drawn after every circle.
DRAWING = """() => {
  const svg = document.querySelector('.vp-theme-map svg').getBoundingClientRect();
  const circles = [...document.querySelectorAll('.vp-theme-map circle')].map(c => {
    const r = c.getBoundingClientRect(); return [r.x - svg.x, r.y - svg.y, r.width, r.height];
  });
  // A name drawn before a circle may be painted over by it: every name comes after them all.
  const last = [...document.querySelectorAll('.vp-theme-map circle')].pop();
  const labels = [...document.querySelectorAll('.vp-theme-map .vp-map-label')].map(t => [
    t.textContent, Boolean(last.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING),
  ]);
  return {width: svg.width, height: svg.height, circles, labels};
}"""


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(slug="vision-2040", title="Vision 2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    themes = [ThemeFactory(process=process, name=name) for name, _n in THEMES]
    for theme, (_name, count) in zip(themes, THEMES, strict=True):
        for _n in range(count):
            contribution = StaffContributionFactory(process=process, channel="web")
            ContributionTheme.objects.create(contribution=contribution, theme=theme)
    for _n in range(4):  # raised together: near each other and linked
        contribution = StaffContributionFactory(process=process, channel="web")
        for theme in themes[:2]:
            ContributionTheme.objects.create(contribution=contribution, theme=theme)
    return process, official


def _assert_drawn(page):
    drawing = page.evaluate(DRAWING)
    circles = drawing["circles"]
    assert len(circles) == len(THEMES)
    for x, y, width, height in circles:
        assert width > 4 and height > 4, "a circle with no size"
        assert x >= -1 and x + width <= drawing["width"] + 1
        assert y >= -1 and y + height <= drawing["height"] + 1
    assert len({(round(x), round(y)) for x, y, _w, _h in circles}) == len(circles), (
        "circles piled in one place"
    )
    covered = [name for name, after in drawing["labels"] if not after]
    assert len(drawing["labels"]) == len(THEMES)
    assert not covered, f"names a circle may cover: {covered}"


def test_an_official_publishes_the_map_and_a_citizen_reads_it_on_a_phone(page, mobile_page, world):
    process, official = world
    for p in (page, mobile_page):  # a shared, loaded machine
        p.set_default_timeout(30_000)
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/teman/karta/")
    _assert_drawn(page)
    assert_no_sideways_scroll(page, screen=1280)
    assert_accessible(page)
    page.get_by_role("button", name="Publicera kartan").click()
    page.wait_for_load_state()

    mobile_page.goto(f"/process/{process.slug}/temakarta/")
    _assert_drawn(mobile_page)
    assert_no_sideways_scroll(mobile_page)
    assert_accessible(mobile_page)
    table = mobile_page.locator("table").first
    assert "Trafik och pendling" in table.inner_text()
