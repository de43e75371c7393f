"""Input that did not come through the web: the quick form and the import with a preview."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from contributions.models import Channel, Contribution
from contributions.selectors.staff import search_filter
from tests.contributions.staff_factories import DistrictFactory

pytestmark = pytest.mark.django_db


def record_url(process):
    return reverse("contributions:staff_record", kwargs={"slug": process.slug})


def import_url(process):
    return reverse("contributions:staff_import", kwargs={"slug": process.slug})


INTERVIEW = {
    "channel": "interview",
    "kind": "idea",
    "recorded_on": "2026-03-14",
    "recorded_place": "Kramfors bibliotek",
    "text": "Ungdomarna vill ha en mötesplats i centrum, öppen på kvällarna.",
    "people": "1",
    "age_bands": ["13-19"],
    "consent_to_publish": "on",
}


def test_quick_form_records_one_after_another_without_leaving_the_page(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    for n in range(3):
        response = client.post(
            record_url(process), {**INTERVIEW, "text": f"Intervju {n}: mer kollektivtrafik"},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        html = response.content.decode()
        assert response.status_code == 200 and 'id="record-area"' in html
        assert "Sparat som bidrag" in html
        # What stays the same from one interview to the next is kept; the text is empty.
        assert 'value="Kramfors bibliotek"' in html and 'value="2026-03-14"' in html
        textarea = html.split('<textarea name="text"')[1].split("</textarea>")[0]
        assert "Intervju" not in textarea and "autofocus" in textarea
    saved = Contribution.objects.filter(process=process, channel=Channel.INTERVIEW)
    assert saved.count() == 3
    c = saved.first()
    assert c.recorded_by == users["official"] and c.recorded_place == "Kramfors bibliotek"
    assert c.age_band == "13-19" and c.group_size == 1 and c.consent_to_publish


def test_recorded_input_is_searched_and_filtered_like_any_other(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    client.post(record_url(process), INTERVIEW)
    found = search_filter(Contribution.objects.filter(process=process), "mötesplats")
    assert found.count() == 1
    inbox = client.get(
        reverse("contributions:staff_inbox", kwargs={"slug": process.slug}),
        {"channel": "interview"},
    )
    assert "mötesplats i centrum" in inbox.content.decode()


def test_quick_form_errors_keep_the_text_and_save_nothing(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    response = client.post(
        record_url(process),
        {**INTERVIEW, "people": "0", "text": "<script>alert(1)</script>", "channel": "web"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert not Contribution.objects.exists()


def test_politician_cannot_record_or_import(client, role_users):
    process, users = role_users
    client.force_login(users["politician"])
    assert client.post(record_url(process), INTERVIEW).status_code == 403
    assert client.get(import_url(process)).status_code == 403


CSV = (
    "Text;Kanal;Datum;Plats;Antal personer;Åldersgrupp;Kommundel;Samtycke\n"
    "Fler cykelvägar till skolan;Intervju;2026-02-01;Vansbro;1;13–19;Äppelbo;ja\n"
    ";Intervju;2026-02-01;Vansbro;1;;;ja\n"
    "Bättre bredband;Brevduva;2026-02-01;Vansbro;1;;;ja\n"
    "Bevara byskolan;Besök;1 februari;Dala-Järna;25;13–19, 35–49;Mars;kanske\n"
    "Mer service för äldre;Pappersenkät;2026-02-03;Biblioteket;1;80 eller äldre;Äppelbo;nej\n"
)


def upload(client, process, content, name="intervjuer.csv", **extra):
    file = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    return client.post(import_url(process), {"file": file, **extra})


def test_import_shows_a_preview_with_errors_per_row_and_saves_nothing_until_confirmed(
    client, role_users
):
    process, users = role_users
    DistrictFactory(municipality=process.municipality, name="Äppelbo")
    client.force_login(users["official"])
    response = upload(client, process, CSV)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Contribution.objects.exists()
    assert "2 rader kan importeras" in html and "3 rader har fel" in html
    assert "texten är tom" in html
    assert "okänd kanal ”Brevduva”" in html or "okänd kanal “Brevduva”" in html
    assert "2026-03-14" in html  # the date format is named in the error
    assert "ingen kommundel som heter" in html and "varken ja eller nej" in html
    payload = html.split('name="payload" value="')[1].split('"')[0]
    done = client.post(import_url(process), {"payload": payload})
    assert done.status_code == 302
    saved = Contribution.objects.order_by("pk")
    assert [c.text for c in saved] == ["Fler cykelvägar till skolan", "Mer service för äldre"]
    assert saved[1].channel == Channel.PAPER_FORM and not saved[1].consent_to_publish
    assert saved[0].district.name == "Äppelbo" and saved[0].recorded_by == users["official"]


def test_import_reads_excel_and_refuses_a_tampered_preview(client, role_users):
    process, users = role_users
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Text", "Kanal", "Antal personer", "Åldersgrupp"])
    sheet.append(["Fler mötesplatser för unga", "Telefonsamtal", 3, "20–34"])
    out = io.BytesIO()
    workbook.save(out)
    client.force_login(users["official"])
    html = upload(client, process, out.getvalue(), name="svar.xlsx").content.decode()
    assert "1 rad kan importeras" in html
    payload = html.split('name="payload" value="')[1].split('"')[0]
    forged = payload[:-3] + ("AAA" if payload[-3:] != "AAA" else "BBB")
    client.post(import_url(process), {"payload": forged})
    assert not Contribution.objects.exists()
    client.post(import_url(process), {"payload": payload})
    c = Contribution.objects.get()
    assert c.channel == Channel.PHONE and c.group_size == 3 and c.group_age_bands == ["20-34"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tom"),
        (b"Namn;Plats\nAnna;Vansbro\n", "Text"),
        (b"\x00\x01\x02PK", "Excel"),
    ],
)
def test_import_of_a_bad_file_is_a_clear_error(client, role_users, content, message):
    process, users = role_users
    client.force_login(users["official"])
    response = upload(
        client, process, content, name="fel.csv" if b"PK" not in content else "x.xlsx"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contribution.objects.exists()
