"""The association register: import with preview, broken rows, re-import, export, invitations."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dialog import services
from dialog.models import Invitation, Organisation
from tests.dialog.factories import MeetingFactory, OrganisationFactory, RegistrationFactory
from tests.factories import MunicipalityFactory, ProcessRoleFactory
from visionsprocess.models import District, Role

pytestmark = pytest.mark.django_db

CSV = (
    "Namn;Kategori;Kontaktperson;E-post;Telefon;Kommundel;Vill ha inbjudningar\n"
    "Hoks Sportklubb;Idrott;Per Nyström;per@example.org;0393-1;Hok;ja\n"
    "PRO Vaggeryd;social;Bertil;bertil@example.org;;;nej\n"
    ";Kultur;Ingen;;;;\n"
    "Trasig förening;Magi;Anna;inte-en-adress;;Atlantis;kanske\n"
    "hoks  sportklubb;Idrott;Dubblett;;;;\n"
)


def upload(content: bytes, name="register.csv"):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def municipality(db):
    municipality = MunicipalityFactory()
    District.objects.create(municipality=municipality, name="Hok")
    return municipality


@pytest.fixture
def official_client(client, municipality):
    role = ProcessRoleFactory(role=Role.OFFICIAL, process__municipality=municipality)
    client.force_login(role.user)
    return client


def test_parse_reports_errors_per_row(municipality, english):
    rows = services.organisations_parse(municipality=municipality, upload=upload(CSV.encode()))
    by_line = {row.line: row for row in rows}
    assert by_line[2].ok and by_line[2].values["district_id"]
    assert by_line[3].ok and by_line[3].values["wants_invitations"] is False
    assert any("name is missing" in e for e in by_line[4].errors)
    errors = " ".join(by_line[5].errors)
    assert "Unknown category" in errors and "e-mail" in errors and "district" in errors
    assert "yes or no" in errors
    assert any("row 2" in e for e in by_line[6].errors)
    assert Organisation.objects.count() == 0  # parsing saves nothing


def test_import_preview_then_confirm_and_reimport_updates(official_client, municipality):
    url = reverse("dialog:register_import")
    response = official_client.post(url, {"file": upload(CSV.encode())})
    assert response.status_code == 200
    assert response.context["valid_count"] == 2 and response.context["error_count"] == 3
    assert "Atlantis" in response.content.decode()
    response = official_client.post(reverse("dialog:register_import_confirm"))
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    # Re-import the same file with a changed contact: updated, not duplicated.
    official_client.post(url, {"file": upload(CSV.replace("Per Nyström", "Lisa Ny").encode())})
    official_client.post(reverse("dialog:register_import_confirm"))
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(name="Hoks Sportklubb").contact_person == "Lisa Ny"


def test_confirm_without_preview_says_so(official_client):
    response = official_client.post(reverse("dialog:register_import_confirm"), follow=True)
    assert (
        "Upload the file again" in response.content.decode() or "igen" in response.content.decode()
    )


def test_xlsx_import(official_client, municipality):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Namn", "Kategori", "E-post"])
    sheet.append(["Skillingaryds Musikkår", "kultur", "musik@example.org"])
    sheet.append([None, None, None])
    out = io.BytesIO()
    workbook.save(out)
    response = official_client.post(
        reverse("dialog:register_import"), {"file": upload(out.getvalue(), "lista.xlsx")}
    )
    assert response.context["valid_count"] == 1
    official_client.post(reverse("dialog:register_import_confirm"))
    assert Organisation.objects.get().category == "culture"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "tom.csv", "empty"),
        (b"Foo;Bar\n1;2\n", "fel.csv", "column names"),
        (b"PK\x03\x04 broken", "trasig.xlsx", "could not be read"),
        (b"MZ\x90\x00", "virus.xlsx", "not a valid Excel"),
        (b"%PDF-1.4", "fel.pdf", "CSV or XLSX"),
    ],
)
def test_bad_files_give_clear_messages(official_client, content, name, message):
    response = official_client.post(
        reverse("dialog:register_import"), {"file": upload(content, name)}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert errors  # a message on the file field, never a 500
    del message


def test_export_csv_and_xlsx(official_client, municipality):
    OrganisationFactory(municipality=municipality, name="=cmd|' /C calc'!A0", email="x@example.org")
    response = official_client.get(reverse("dialog:register_export"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "'=cmd" in text and "x@example.org" in text
    response = official_client.get(reverse("dialog:register_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value.startswith("'=")


def test_register_is_never_public(client, municipality):
    OrganisationFactory(municipality=municipality, email="kontakt@example.org")
    response = client.get(reverse("dialog:register"))
    assert response.status_code == 302


def test_list_query_count(official_client, municipality, django_assert_max_num_queries):
    OrganisationFactory.create_batch(15, municipality=municipality)
    with django_assert_max_num_queries(12):
        response = official_client.get(reverse("dialog:register"), {"category": "sport"})
    assert len(response.context["organisations"]) == 15


def test_register_shows_who_was_invited_and_who_came(official_client, municipality):
    organisation = OrganisationFactory(municipality=municipality, email="klubben@example.org")
    meeting = MeetingFactory(process__municipality=municipality, title="Föreningsmöte")
    Invitation.objects.create(organisation=organisation, meeting=meeting)
    RegistrationFactory(meeting=meeting, email="klubben@example.org", name="Kim", attended=True)
    response = official_client.get(reverse("dialog:register_edit", kwargs={"pk": organisation.pk}))
    content = response.content.decode()
    assert "Föreningsmöte" in content and "Kim" in content


def test_invite_through_view(official_client, municipality, django_capture_on_commit_callbacks):
    from django.core import mail

    role_process = municipality.processes.first()
    meeting = MeetingFactory(process=role_process)
    organisation = OrganisationFactory(municipality=municipality)
    url = reverse(
        "dialog:staff_meeting_invite", kwargs={"slug": role_process.slug, "pk": meeting.pk}
    )
    response = official_client.post(url, {})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(url, {"organisations": [organisation.pk]})
    assert response.status_code == 302
    assert mail.outbox[0].to == [organisation.email]
    unsubscribe = reverse("dialog:unsubscribe", kwargs={"token": Invitation.objects.get().token})
    official_client.post(unsubscribe)
    organisation.refresh_from_db()
    assert organisation.wants_invitations is False


@pytest.mark.django_db
def test_import_sets_districts_and_updates_existing_organisations_by_name():
    municipality = MunicipalityFactory()
    hok = District.objects.create(municipality=municipality, name="Hok")
    OrganisationFactory(municipality=municipality, name="Hoks Sportklubb", phone="")
    rows = [
        {"values": {"name": "Hoks Sportklubb", "phone": "0393-123 45", "district_id": hok.pk}},
        {"values": {"name": "Hoks Bygdegårdsförening", "district_id": hok.pk}},
        {"values": {"name": "Fel rad"}, "errors": ["Okänd kategori"]},
    ]
    assert services.organisations_import(municipality=municipality, rows=rows) == (1, 1)
    club = Organisation.objects.get(name="Hoks Sportklubb")
    assert club.phone == "0393-123 45" and club.district == hok
    assert Organisation.objects.get(name="Hoks Bygdegårdsförening").district == hok
    assert not Organisation.objects.filter(name="Fel rad").exists()
