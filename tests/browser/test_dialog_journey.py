"""A citizen finds a dialogue meeting and registers; afterwards the public page shows the minutes.

Also walks the officials' dialog pages with axe-core.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from visionsprocess.demo import DEMO_PASSWORD

UPCOMING = "Dialogmöte i Skillingaryd: Visionen tar form"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_citizen_registers_and_later_reads_the_minutes(page, demo):
    from contributions.models import Contribution
    from dialog.models import Meeting, Registration

    page.goto("/process/vision-2040/")
    expect(page.get_by_role("heading", name="Kommande dialogmöten")).to_be_visible()
    page.get_by_role("link", name="Alla möten, även genomförda med anteckningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogmöten")
    expect(page.get_by_text("Internt: tjänstepersoner")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Typ").select_option(label="Brett öppet möte")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_role("link", name="Frukostmöte med företagare")).to_have_count(0)
    page.get_by_role("link", name=UPCOMING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(UPCOMING)
    expect(page.get_by_text("Länken skickas till dem som har anmält sig.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Namn").fill("Elin Sjöberg")
    page.get_by_label("E-post").fill("elin.sjoberg@example.org")
    page.get_by_label("Behov (frivilligt)").fill("Hörslinga")
    page.get_by_role("button", name="Anmäl dig").click()
    # Signed out, the seat waits for the address to confirm by the link in the e-mail.
    expect(page.get_by_text("Ett steg kvar")).to_be_visible()
    assert_accessible(page)
    assert not Registration.objects.filter(email="elin.sjoberg@example.org").exists()
    link = next(
        re.search(r"https?://[^/\s]+(/anmalan/bekrafta/\S+/)", m.body).group(1)
        for m in mail.outbox
        if m.to == ["elin.sjoberg@example.org"] and "/anmalan/bekrafta/" in m.body
    )
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din anmälan")
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta min anmälan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din anmälan")
    expect(page.get_by_text("Du är anmäld")).to_be_visible()
    expect(page.get_by_text("meet.example.org/skillingaryd-2027")).to_be_visible()
    assert_accessible(page)

    registration = Registration.objects.get(email="elin.sjoberg@example.org")
    assert any(
        m.to == ["elin.sjoberg@example.org"] and registration.token in m.body for m in mail.outbox
    )
    ics_href = page.get_by_role("link", name="Lägg in i din kalender (.ics)").get_attribute("href")
    response = page.request.get(ics_href)
    assert response.ok and b"BEGIN:VCALENDAR" in response.body()

    # The registration can be cancelled with the token link; the page is accessible.
    page.get_by_role("link", name="Avboka min anmälan").click()
    expect(page.get_by_role("button", name="Ja, avboka min anmälan")).to_be_visible()
    assert_accessible(page)

    # After the meeting: an official writes the minutes; three statements are published.
    meeting = Meeting.objects.get(title=UPCOMING)
    past = timezone.now() - dt.timedelta(days=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=past, ends_at=past + dt.timedelta(hours=2)
    )
    for text in (
        "Vi vill ha fler mötesplatser i Skillingaryd.",
        "Bättre bussar till Jönköping.",
        "Bevara naturen runt Hok.",
    ):
        Contribution.objects.create(
            process=meeting.process,
            kind="statement",
            stage=meeting.process.stage_by_key("dialogue"),
            meeting=meeting,
            text=text,
            consent_to_publish=True,
            moderation_state="published",
        )
    from django.contrib.auth import get_user_model

    official = get_user_model().objects.get(username="tjansteperson")
    login(page, official, DEMO_PASSWORD)
    page.goto(f"/staff/processer/vision-2040/moten/{meeting.pk}/anteckningar/")
    assert_accessible(page)
    page.get_by_label("Anteckningar").fill("Ett fyrtiotal deltog och samtalade i smågrupper.")
    page.get_by_label("Huvudpunkter").fill("Mötesplatser\nKollektivtrafik")
    page.get_by_label("20–34").fill("12")
    page.get_by_role("button", name="Spara").click()
    expect(page).to_have_url(re.compile(rf"/moten/{meeting.pk}/$"))
    assert_accessible(page)

    page.goto(f"/process/vision-2040/moten/{meeting.pk}/")
    expect(page.get_by_role("heading", name="Det här sades", exact=True)).to_be_visible()
    expect(page.get_by_text("Ett fyrtiotal deltog")).to_be_visible()
    expect(page.get_by_text("Kollektivtrafik")).to_be_visible()
    expect(page.get_by_text("Bättre bussar till Jönköping.")).to_be_visible()
    expect(page.get_by_role("button", name="Anmäl dig")).to_have_count(0)
    assert_accessible(page)


def test_kit_page_and_official_pages_are_accessible(page, demo):
    from django.contrib.auth import get_user_model

    from dialog.models import Invitation, Meeting, Organisation

    page.goto("/process/vision-2040/samtalsmaterial/samtalsmaterial-vision-2040/")
    expect(page.get_by_role("link", name="Skicka in er grupps rapport")).to_have_attribute(
        "href", "/process/vision-2040/bidrag/nytt/?kit=samtalsmaterial-vision-2040"
    )
    assert_accessible(page)

    meeting = Meeting.objects.get(title=UPCOMING)
    invitation = Invitation.objects.create(
        organisation=Organisation.objects.get(name="PRO Vaggeryd"), meeting=meeting
    )
    page.goto(f"/inbjudan/{invitation.token}/avsluta/")
    assert_accessible(page)

    official = get_user_model().objects.get(username="tjansteperson")
    login(page, official, DEMO_PASSWORD)
    base = "/staff/processer/vision-2040"
    for url in (
        f"{base}/",
        f"{base}/moten/",
        f"{base}/moten/nytt/",
        f"{base}/moten/{meeting.pk}/",
        f"{base}/moten/{meeting.pk}/redigera/",
        f"{base}/moten/{meeting.pk}/inbjudningar/",
        f"{base}/moten/{meeting.pk}/stall-in/",
        f"{base}/samtalsmaterial/",
        f"{base}/samtalsmaterial/nytt/",
        f"{base}/samtalsmaterial/samtalsmaterial-vision-2040/redigera/",
        "/staff/foreningsregister/",
        "/staff/foreningsregister/ny/",
        "/staff/foreningsregister/import/",
        f"/staff/foreningsregister/{Organisation.objects.get(name='PRO Vaggeryd').pk}/",
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    # Import preview with a broken row
    page.goto("/staff/foreningsregister/import/")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        files=[
            {
                "name": "lista.csv",
                "mimeType": "text/csv",
                "buffer": "Namn;Kategori;E-post\nNy förening;Kultur;ny@example.org\n;Idrott;x\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Visa förhandsvisning").click()
    expect(page.get_by_text("Namnet saknas.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/tmp/dialog_import.png", full_page=True)
    page.get_by_role("button", name="Importera 1 rad").click()
    expect(page.get_by_text("Importen är klar: 1 nya, 0 uppdaterade.")).to_be_visible()


def test_meeting_pages_work_on_a_360px_phone(mobile_page, demo):
    from dialog.models import Meeting

    meeting = Meeting.objects.get(title=UPCOMING)
    for url in ("/process/vision-2040/moten/", f"/process/vision-2040/moten/{meeting.pk}/"):
        mobile_page.goto(url)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} scrolls sideways on a phone ({width}px)"
    expect(mobile_page.get_by_role("button", name="Anmäl dig")).to_be_visible()
    assert_accessible(mobile_page)
