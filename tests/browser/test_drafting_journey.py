"""A politician edits and comments, compares versions; a clerk records KS and KF decisions;
the public sees the adopted text with its decision reference and what it builds on."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contributions.models import Contribution, ModerationState, ParagraphCitation, Theme
from tests.browser.conftest import assert_accessible, login
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import bodies_for, draft_world
from visionsprocess.drafting import services
from visionsprocess.models import Role

SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(title="Vision Vaggeryd 2030", current_stage="drafting")
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, first = draft_world(process, actor=politician)
    second = services.version_create_next(version=first, actor=politician, change_note="Runda 2")
    bodies = bodies_for(process)
    services.adoption_path_set(process=process, bodies=[bodies["KS"], bodies["KF"]], actor=clerk)
    theme = Theme.objects.create(process=process, name="Föreningslivet")
    letter = Contribution.objects.create(
        process=process,
        kind="letter",
        stage=process.stage_by_key("engagement"),
        title="Brev från 2040",
        text="Kära kommun, tack för att föreningarna fick vara med!",
        consent_to_publish=True,
        moderation_state=ModerationState.PUBLISHED,
    )
    paragraph = second.paragraphs.get(order=2)
    ParagraphCitation.objects.create(paragraph=paragraph, theme=theme)
    ParagraphCitation.objects.create(paragraph=paragraph, contribution=letter)
    return {"process": process, "politician": politician, "clerk": clerk, "second": second}


def test_drafting_to_adoption_journey(page, world):
    process = world["process"]
    login(page, world["politician"])
    page.goto(f"/staff/processer/{process.slug}/utkast/version/2/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 2")
    assert_accessible(page)

    page.get_by_role("link", name="Redigera stycke 3").click()
    page.get_by_label("Text").fill(
        "Alla som bor och arbetar här ska kunna påverka hur kommunen utvecklas."
    )
    page.get_by_role("button", name="Spara stycket").click()
    expect(page.get_by_text("Stycket sparades.")).to_be_visible()

    page.locator("#paragraph-" + str(world["second"].paragraphs.get(order=3).pk)).get_by_text(
        "0 kommentarstrådar"
    ).click()
    page.get_by_label("Kommentera stycke 3").fill("Bra att arbetet kom med!")
    page.get_by_role("button", name="Skicka kommentar").first.click()
    expect(page.get_by_text("Bra att arbetet kom med!")).to_be_visible()
    _shot(page, "drafting_version")

    page.get_by_role("link", name="Jämför versioner").first.click()
    page.get_by_label("Äldre version").select_option("1")
    page.get_by_label("Nyare version").select_option("2")
    page.get_by_role("button", name="Jämför", exact=True).click()
    expect(page.get_by_text("Ändrat", exact=True)).to_be_visible()
    expect(page.locator("ins")).to_contain_text("och arbetar")
    _shot(page, "drafting_compare")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, world["clerk"])
    for body, date, number in (
        ("KS – Kommunstyrelsen", "2019-11-06", "187"),
        ("KF – Kommunfullmäktige", "2019-11-25", "112"),
    ):
        page.goto(f"/staff/processer/{process.slug}/utkast/beslut/nytt/")
        page.get_by_label("Organ").select_option(label=body)
        page.get_by_label("Sammanträdesdag").fill(date)
        page.get_by_label("§").fill(number)
        page.get_by_label("Diarienummer (Dnr)").fill("KS 2019/160")
        page.locator("#id_outcome").select_option("approved")
        if body.startswith("KS"):
            assert_accessible(page)
        page.get_by_role("button", name="Registrera beslut").click()
        expect(page.get_by_text("Beslutet registrerades.")).to_be_visible()
    _shot(page, "drafting_adoption")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(process.get_absolute_url())
    expect(
        page.get_by_text("Antagen av kommunfullmäktige 25 november 2019, § 112, Dnr KS 2019/160")
    ).to_be_visible()
    page.get_by_text("Detta bygger på").first.click()
    expect(page.get_by_role("link", name="Föreningslivet")).to_be_visible()
    _shot(page, "drafting_public")
    assert_accessible(page)
    page.get_by_role("link", name="Brev från 2040").click()
    expect(page.get_by_text("tack för att föreningarna fick vara med")).to_be_visible()
    assert_accessible(page)


def test_public_consultation_page_is_accessible(page, world):
    services.consultation_send(
        version=world["second"],
        deadline=timezone.localdate() + dt.timedelta(days=20),
        actor=world["politician"],
    )
    page.goto(f"/process/{world['process'].slug}/")
    page.get_by_role("link", name="Läs och svara på remissen").click()
    expect(page.get_by_role("heading", name="Svara på remissen")).to_be_visible()
    page.get_by_label("Svaret gäller").select_option(index=3)
    page.get_by_label("Namn").fill("Kerstin Åberg")
    page.get_by_label("E-postadress").fill("kerstin@example.org")
    page.locator("#id_text").fill("Lägg till något om kollektivtrafiken.")
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Tack! Ditt svar har tagits emot.")).to_be_visible()
    _shot(page, "drafting_consultation")
    assert_accessible(page)
