"""Goals in the browser: an official enters this year's indicator values; the public goal page
shows the new point on the chart and the action plan shows its status. axe-core on every page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from visionsprocess.demo import DEMO_PASSWORD

SLUG = "strategiskt-utvecklingsprogram"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_official_enters_values_and_the_public_sees_them(page, demo):
    from django.contrib.auth import get_user_model

    from goals.models import CouncilGoal, Indicator

    goal = CouncilGoal.objects.filter(process__slug=SLUG).order_by("order").first()
    indicators = list(Indicator.objects.filter(goal=goal).order_by("order"))
    first = indicators[0]

    # The public page before: four years, no point for 2022
    page.goto(f"/process/{SLUG}/mal/{goal.pk}/")
    chart = page.locator(
        f"svg[aria-labelledby='indicator-{first.pk}-title indicator-{first.pk}-desc']"
    )
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(4)
    expect(chart.locator("circle[data-year='2022']")).to_have_count(0)

    official = get_user_model().objects.get(username="tjansteperson")
    login(page, official, DEMO_PASSWORD)
    page.goto(f"/staff/processer/{SLUG}/mal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål och uppföljning")
    assert_accessible(page)
    page.get_by_role("link", name="Mata in årets värden").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorvärden för 2022")
    assert_accessible(page)

    # A wrong unit first: the error is tied to the field and what was typed stays
    page.get_by_label(first.name, exact=True).fill("14 300 kr")
    page.get_by_role("button", name="Spara värden för 2022").click()
    field = page.get_by_label(first.name, exact=True)
    expect(field).to_have_value("14 300 kr")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Fel enhet")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(first.name, exact=True).fill("14 250")
    page.get_by_label(f"Kommentar till {first.name}").fill("Preliminär siffra")
    page.get_by_label(indicators[1].name, exact=True).fill("86,5")
    page.get_by_role("button", name="Spara värden för 2022").click()
    expect(page.get_by_text("Värden för 2022 sparade: 2 nya")).to_be_visible()

    # The public goal page now shows the new point and the number in the table
    page.goto(f"/process/{SLUG}/mal/{goal.pk}/")
    chart = page.locator(
        f"svg[aria-labelledby='indicator-{first.pk}-title indicator-{first.pk}-desc']"
    )
    expect(chart.locator("circle[data-year='2022']")).to_have_count(1)
    table = page.get_by_role("table", name=f"{first.name}, värden per år")
    row = table.locator("tbody tr").filter(has_text="2022")
    expect(row).to_contain_text("14\u00a0250")
    expect(row).to_contain_text("Preliminär siffra")
    assert_accessible(page)

    # The action plan with its status
    page.get_by_role("link", name="Handlingsplan").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan för uppföljning")
    plan = page.get_by_role("table", name="Handlingsplanens aktiviteter")
    expect(plan.get_by_role("row").filter(has_text="Öppna en företagslots")).to_contain_text(
        "Pågår"
    )
    expect(page.get_by_text("Gällande version")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        f"/process/{SLUG}/mal/",
        f"/process/{SLUG}/agenda-2030/",
        f"/process/{SLUG}/handlingsplan/",
        f"/process/{SLUG}/styrdokument/",
        f"/process/{SLUG}/",
    ],
)
def test_public_goal_pages_are_accessible(page, demo, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


STAFF_PAGES = [
    "",
    "vision/",
    "nytt/",
    "namndmal/nytt/",
    "matris/",
    "indikatorer/ny/",
    "indikatorer/import/",
    "budget/",
    "budget/ny/",
    "styrdokument/ny/",
    "handlingsplan/",
]


def test_staff_goal_pages_are_accessible(page, demo):
    from django.contrib.auth import get_user_model

    from goals.models import ActionPlanVersion, CouncilGoal

    login(page, get_user_model().objects.get(username="tjansteperson"), DEMO_PASSWORD)
    goal = CouncilGoal.objects.filter(process__slug=SLUG).first()
    version = ActionPlanVersion.objects.get(plan__process__slug=SLUG, superseded_at__isnull=True)
    paths = [f"/staff/processer/{SLUG}/mal/{p}" for p in STAFF_PAGES] + [
        f"/staff/processer/{SLUG}/mal/{goal.pk}/redigera/",
        f"/staff/processer/{SLUG}/mal/handlingsplan/{version.pk}/atgard/ny/",
        f"/process/{SLUG}/handlingsplan/{version.pk}/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_csv_import_shows_errors_per_row(page, demo, tmp_path):
    from django.contrib.auth import get_user_model

    from goals.models import Indicator

    login(page, get_user_model().objects.get(username="tjansteperson"), DEMO_PASSWORD)
    indicator = Indicator.objects.filter(goal__process__slug=SLUG, kolada_kpi="N00945").get()
    csv_file = tmp_path / "varden.csv"
    csv_file.write_text(
        f"indikator;år;värde;kommentar\nN00945;2022;84,1;ok\n{indicator.pk};2040;80;fel år\n",
        encoding="utf-8",
    )
    page.goto(f"/staff/processer/{SLUG}/mal/indikatorer/import/")
    page.get_by_label("CSV-fil").set_input_files(str(csv_file))
    page.get_by_role("button", name="Granska filen").click()
    expect(page.get_by_text("1 rad har fel")).to_be_visible()
    expect(page.get_by_text("Året 2040 ligger utanför")).to_be_visible()
    expect(page.get_by_role("button", name="Importera de här värdena")).to_have_count(0)
    assert_accessible(page)


def test_goal_page_with_charts_fits_a_360px_phone(mobile_page, demo):
    from goals.models import CouncilGoal

    goal = CouncilGoal.objects.filter(process__slug=SLUG).order_by("order").first()
    mobile_page.goto(f"/process/{SLUG}/mal/{goal.pk}/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the goal page scrolls sideways on a phone ({width}px)"
    box = mobile_page.locator("svg.goal-chart-svg").first.bounding_box()
    assert box["width"] <= 360


def test_staff_process_page_links_to_the_goal_pages(page, demo):
    from django.contrib.auth import get_user_model

    login(page, get_user_model().objects.get(username="politiker"), DEMO_PASSWORD)
    page.goto(f"/staff/processer/{SLUG}/")
    page.get_by_role("link", name="Nämnder × fullmäktigemål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nämnder × fullmäktigemål")
    expect(page.get_by_role("link", name="Lägg till ett mål")).to_have_count(0)  # reads only
