"""On a 360 px phone, a citizen without an account answers a consultation anonymously, keeps the
private link of the receipt, and later reads the published remissammanställning; the official
writes and publishes it in between. axe-core on every new page."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import answers, services
from visionsprocess.models import Consultation, ConsultationAnswer, Role

SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def world(transactional_db):
    from django.utils import timezone

    process = ProcessFactory(
        title="Framtidsbygget", current_stage="drafting", allow_anonymous_contributions=True
    )
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _round, version = draft_world(process, actor=official)
    consultation = services.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=20),
        organisations="Vaggeryds Företagarförening\nPRO Skillingaryd",
        actor=official,
    )
    return {"process": process, "official": official, "consultation": consultation}


def test_anonymous_citizen_answers_on_a_phone_and_later_reads_the_summary(mobile_page, page, world):
    process, consultation = world["process"], world["consultation"]
    phone = mobile_page
    phone.goto(f"/process/{process.slug}/remiss/{consultation.pk}/")
    expect(phone.get_by_role("heading", name="Svara på remissen")).to_be_visible()
    assert_accessible(phone)

    # An empty answer: the error summary takes the focus, nothing is saved.
    phone.get_by_role("button", name="Skicka svar").click()
    errors = phone.locator("#form-errors")
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("Ditt svar har inte skickats än")
    assert_accessible(phone)
    assert not ConsultationAnswer.objects.exists()

    phone.get_by_label("Svaret gäller").select_option(label="3. Inflytande")
    phone.locator("#id_text").fill(
        "Dialogen måste gå att föra också på träffpunkterna, inte bara på webben."
    )
    phone.get_by_role("button", name="Skicka svar").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ditt remissvar")
    expect(phone.locator("#answer-status")).to_have_text("Mottaget (anonymt)")
    private_link = phone.locator("#tracking-link").get_attribute("href")
    assert_accessible(phone)
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/consultation_receipt_360.png", full_page=True)
    answer = ConsultationAnswer.objects.get()
    assert answer.respondent_name == "" and private_link.endswith(f"/{answer.tracking_token}/")

    # The consultation closes; the official writes the summary and publishes it.
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=dt.date.today() - dt.timedelta(days=1)
    )
    login(page, world["official"])
    page.goto(f"/staff/processer/{process.slug}/utkast/remiss/{consultation.pk}/sammanstallning/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remissammanställning")
    assert_accessible(page)
    group = page.get_by_role("group", name="3. Inflytande")
    group.get_by_label("Vad svaren sa").fill("Dialog också på träffpunkterna.")
    group.get_by_label("Kommunens ställningstagande").select_option("partly")
    group.get_by_label("Motivering").fill("Träffpunkterna skrivs in i handlingsplanen.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Sammanställningen sparades som utkast.")).to_be_visible()
    page.get_by_role("button", name="Publicera sammanställningen").click()
    expect(page.locator("#summary")).to_contain_text("Beaktas delvis")

    # Back on the phone, with the private link.
    phone.goto(private_link)
    expect(phone.locator("main")).to_contain_text("Beaktas delvis")
    expect(phone.locator("main")).to_contain_text("Träffpunkterna skrivs in i handlingsplanen.")
    assert_accessible(phone)
    phone.get_by_role("link", name="Läs hela remissammanställningen").click()
    summary = phone.locator("#summary")
    expect(summary).to_contain_text("Dialog också på träffpunkterna.")
    expect(summary).to_contain_text("En privatperson")
    assert_accessible(phone)
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/consultation_summary_360.png", full_page=True)
    phone.goto(f"/process/{process.slug}/")
    expect(phone.locator("#remissammanstallning")).to_contain_text("Beaktas delvis: 1")
    assert_accessible(phone)


def test_the_confirmation_page_of_a_named_answer_is_accessible(mobile_page, world):
    answer = services.consultation_answer_submit(
        consultation=world["consultation"],
        respondent_name="Gun",
        organisation="PRO Skillingaryd",
        email="gun@example.org",
        text="Bra.",
    )
    link = answers.confirm_link(answer)
    mobile_page.goto(link[link.index("/remissvar/") :])
    assert_accessible(mobile_page)
    mobile_page.get_by_role("button", name="Bekräfta mitt svar").click()
    expect(mobile_page.locator("#answer-status")).to_have_text("Mottaget och bekräftat")
