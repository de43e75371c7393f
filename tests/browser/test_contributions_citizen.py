"""A citizen on a 360 px phone sends in a letter from the future with a drawing, gets a receipt
and follows the contribution through the private tracking link; the wall shows it once published.

Elements are found by their ids (the Swedish catalogue for contributions is merged by the lead).
"""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from contributions.models import Attachment, Contribution, ContributionKind, ModerationState
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll
from tests.contributions.factories import ContributionThemeFactory, ThemeFactory
from tests.factories import ProcessFactory
from visionsprocess.models import StageKind


def drawing_png() -> bytes:
    """A child's drawing: a sun over a house."""
    image = Image.new("RGB", (320, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((230, 20, 290, 80), fill="yellow", outline="orange", width=4)
    draw.rectangle((60, 120, 180, 220), fill="red", outline="black", width=3)
    draw.polygon([(50, 120), (120, 60), (190, 120)], fill="brown")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def process(transactional_db):
    return ProcessFactory(slug="vision-2040", title="Vision 2040", current_stage=StageKind.DIALOGUE)


def test_citizen_sends_a_letter_with_a_drawing_and_follows_it(mobile_page, process):
    page = mobile_page
    page.goto(f"/process/{process.slug}/")
    expect(page.locator("#contributions-section")).to_be_visible()
    assert_accessible(page, context="#contributions-section")
    page.locator("#send-contribution").click()
    expect(page).to_have_url(re.compile(r"/bidrag/nytt/$"))
    assert_accessible(page)
    page.locator("#kind-letter").click()
    expect(page).to_have_url(re.compile(r"/bidrag/nytt/brev/$"))

    expect(page.locator("#id_letter_year")).to_have_value("2040")
    page.locator("#id_greeting").fill("Hej från Vaggeryd 2040!")
    page.locator("#id_text").fill(
        "Här går tåget till Jönköping var femtonde minut och skolgården är full av träd."
    )
    page.locator("#id_files").set_input_files(
        files=[{"name": "teckning.png", "mimeType": "image/png", "buffer": drawing_png()}]
    )
    page.locator("#id_media_description").fill("En teckning av ett rött hus och en gul sol")
    page.locator("#id_pseudonym").fill("Saga, 9 år")
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    # A year in the past keeps what was typed and says the files must be chosen again.
    page.locator("#id_letter_year").fill("1999")
    page.locator("#submit-contribution").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_greeting")).to_have_value("Hej från Vaggeryd 2040!")
    assert_accessible(page)
    page.locator("#id_letter_year").fill("2040")
    page.locator("#id_files").set_input_files(
        files=[{"name": "teckning.png", "mimeType": "image/png", "buffer": drawing_png()}]
    )
    page.locator("#id_consent_to_publish").check()
    page.locator("#submit-contribution").click()

    expect(page.locator("#receipt")).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    letter = Contribution.objects.get()
    assert letter.kind == ContributionKind.LETTER
    assert letter.letter_year == 2040
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith(".png") and "teckning" not in attachment.file.name

    # An official groups it into a theme and publishes it (the staff side does this in its UI).
    theme = ThemeFactory(process=process, name="Kollektivtrafik")
    ContributionThemeFactory(contribution=letter, theme=theme)
    Contribution.objects.filter(pk=letter.pk).update(moderation_state=ModerationState.PUBLISHED)

    page.locator("#tracking-link").click()
    expect(page).to_have_url(re.compile(rf"/bidrag/folj/{letter.tracking_token}/$"))
    expect(page.locator("#tracking-themes")).to_contain_text("Kollektivtrafik")
    expect(page.locator("#tracking-publication")).to_have_class(re.compile("is-done"))
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    page.goto(f"/process/{process.slug}/bidrag/")
    item = page.locator(f"#bidrag-{letter.pk}")
    expect(item.locator(".letter")).to_contain_text("Hej från Vaggeryd 2040!")
    drawing = item.get_by_role("img", name="En teckning av ett rött hus och en gul sol")
    expect(drawing).to_be_visible()
    assert page.evaluate(
        "(img) => img.complete && img.naturalWidth === 320", drawing.element_handle()
    )
    assert_no_sideways_scroll(page)
    assert_accessible(page)


def test_reporting_on_the_wall_asks_first_and_answers_in_place(mobile_page, process):
    from contributions.models import ContributionReport
    from tests.contributions.factories import PublishedContributionFactory

    contributions = PublishedContributionFactory.create_batch(
        6, process=process, kind=ContributionKind.IDEA, title="Fler bänkar i parken"
    )
    page = mobile_page
    page.goto(f"/process/{process.slug}/bidrag/")
    last = page.locator(f"#bidrag-{contributions[0].pk}")
    button = last.get_by_role("button", name=re.compile("Anmäl som kränkande"))
    page.once("dialog", lambda dialog: dialog.dismiss())  # "no": nothing is sent
    button.click()
    expect(button).to_be_visible()
    assert not ContributionReport.objects.exists()
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    status = last.get_by_role("status")
    expect(status).to_have_text("Tack. En tjänsteperson kommer att titta på bidraget du anmälde.")
    assert ContributionReport.objects.filter(contribution=contributions[0]).count() == 1
    assert page.evaluate("window.scrollY") > 0  # still where the reader was, no reload to the top
    assert_accessible(page)


def test_who_has_taken_part_fits_a_desktop_screen_with_seven_districts(page, process):
    """The age band × district table of Vaggeryd's seven districts stayed on one line per cell
    and pushed the page 158 px sideways at 1280 px; the line under the tables says how many
    gave no age band or district."""
    from contributions.models import PopulationFigure
    from tests.contributions.staff_factories import DistrictFactory, StaffContributionFactory

    municipality = process.municipality
    names = ["Vaggeryd", "Skillingaryd", "Hok", "Bondstorp", "Klevshult", "Svenarum", "Byarum"]
    districts = [
        DistrictFactory(municipality=municipality, name=name, order=i)
        for i, name in enumerate(names)
    ]
    bands = ["0-12", "13-19", "20-34", "35-49", "50-64", "65-79", "80+"]
    for band in bands:
        PopulationFigure.objects.create(
            municipality=municipality, age_band=band, year=2025, count=1900
        )
    for i, district in enumerate(districts):
        PopulationFigure.objects.create(
            municipality=municipality, district=district, year=2025, count=1000 + 300 * i
        )
        for j, band in enumerate(bands):  # 0 to 7 a cell: many say "färre än 5"
            StaffContributionFactory.create_batch(
                (i * 3 + j * 5) % 8, process=process, age_band=band, district=district
            )
    StaffContributionFactory.create_batch(6, process=process, age_band="", district=None)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/process/{process.slug}/")
    matrix = page.get_by_role("table", name="Åldersgrupp × kommundel")
    expect(matrix).to_be_visible()
    assert_no_sideways_scroll(page, 1280)
    expect(page.locator("#representation-unknown")).to_contain_text(
        "Angav ingen åldersgrupp: 6. Angav ingen kommundel: 6"
    )
    assert_accessible(page, "#representation-section")
