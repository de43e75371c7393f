"""Views of the dialog app: public pages, registration, staff screens, bad input."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialog.models import (
    ConversationKit,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from tests.dialog.factories import (
    KitFactory,
    MeetingFactory,
    RegistrationFactory,
    TargetGroupFactory,
    in_days,
)
from tests.factories import ProcessRoleFactory
from tests.media_files import pdf_bytes
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db


def detail_url(meeting):
    return reverse("dialog:meeting_detail", kwargs={"slug": meeting.process.slug, "pk": meeting.pk})


def staff_url(name, meeting):
    return reverse(name, kwargs={"slug": meeting.process.slug, "pk": meeting.pk})


@pytest.fixture
def official(db):
    return ProcessRoleFactory(role=Role.OFFICIAL)


def test_list_shows_upcoming_and_past_and_hides_internal(client):
    meeting = MeetingFactory(title="Öppet möte")
    process = meeting.process
    MeetingFactory(
        process=process,
        title="Hållet möte",
        starts_at=in_days(-5),
        ends_at=in_days(-5) + dt.timedelta(hours=1),
    )
    MeetingFactory(process=process, kind=MeetingKind.INTERNAL, title="Hemligt internmöte")
    response = client.get(reverse("dialog:meeting_list", kwargs={"slug": process.slug}))
    content = response.content.decode()
    assert "Öppet möte" in content and "Hållet möte" in content
    assert "Hemligt internmöte" not in content


def test_list_filters_by_kind_format_and_target_group(client):
    group = TargetGroupFactory(name="Ungdomar")
    meeting = MeetingFactory(title="För unga", kind=MeetingKind.SMALL_GROUP)
    meeting.target_groups.add(group)
    MeetingFactory(process=meeting.process, title="Brett möte")
    url = reverse("dialog:meeting_list", kwargs={"slug": meeting.process.slug})
    content = client.get(url, {"target_group": group.pk}).content.decode()
    assert "För unga" in content and "Brett möte" not in content
    content = client.get(url, {"kind": "broad"}).content.decode()
    assert "För unga" not in content and "Brett möte" in content
    assert client.get(url, {"kind": "internal", "format": "nonsense"}).status_code == 200


def test_list_query_count_does_not_grow_with_meetings(client, django_assert_max_num_queries):
    meeting = MeetingFactory()
    for _ in range(10):
        MeetingFactory(process=meeting.process).target_groups.add(TargetGroupFactory())
    url = reverse("dialog:meeting_list", kwargs={"slug": meeting.process.slug})
    with django_assert_max_num_queries(10):
        client.get(url)


def test_internal_meeting_page_is_404_even_for_members(client, official):
    meeting = MeetingFactory(process=official.process, kind=MeetingKind.INTERNAL)
    client.force_login(official.user)
    assert client.get(detail_url(meeting)).status_code == 404


def test_anonymous_registration_shows_confirmation_and_sends_mail(
    client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(meeting),
            {"name": "Elin", "email": "elin@example.org", "needs": "Hörslinga"},
            follow=True,
        )
    # Signed out: a request waiting for the link in the e-mail (see test_registration_confirm).
    assert "Ett steg kvar" in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox[0].to == ["elin@example.org"]
    token = mail.outbox[0].body.split("/anmalan/bekrafta/")[1].split("/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dialog:registration_confirm", args=[token]))
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.user is None
    assert registration.needs == "Hörslinga"
    assert mail.outbox[1].to == ["elin@example.org"]


def test_duplicate_registration_keeps_input_and_says_why(client):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, email="elin@example.org")
    response = client.post(detail_url(meeting), {"name": "Elin X", "email": "elin@example.org"})
    assert response.status_code == 200
    assert "Elin X" in response.content.decode()
    assert response.context["form"].errors["email"]
    assert Registration.objects.count() == 1


def test_malformed_email_and_script_are_handled(client):
    meeting = MeetingFactory()
    response = client.post(detail_url(meeting), {"name": "<script>alert(1)</script>", "email": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert response.context["form"].errors["email"]


def test_closed_registration_shows_no_form(client):
    meeting = MeetingFactory(registration_deadline=timezone.now() - dt.timedelta(hours=1))
    response = client.get(detail_url(meeting))
    assert response.context["registration_open"] is False
    response = client.post(detail_url(meeting), {"name": "Elin", "email": "elin@example.org"})
    assert response.status_code == 200 and not Registration.objects.exists()


def test_online_link_only_for_registered(client):
    meeting = MeetingFactory(format="digital", online_link="https://meet.example.org/rum")
    assert "meet.example.org/rum" not in client.get(detail_url(meeting)).content.decode()
    registration = RegistrationFactory(meeting=meeting)
    response = client.get(
        reverse("dialog:registration_status", kwargs={"token": registration.token})
    )
    assert "meet.example.org/rum" in response.content.decode()


def test_cancel_by_token_moves_waiting_up(client):
    meeting = MeetingFactory(capacity=1)
    first = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITING, position=1)
    response = client.post(reverse("dialog:registration_cancel", kwargs={"token": first.token}))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_past_meeting_shows_minutes_main_points_and_published_statements(client):
    from contributions.models import Contribution

    meeting = MeetingFactory(
        starts_at=in_days(-3),
        ends_at=in_days(-3) + dt.timedelta(hours=2),
        minutes="Vi pratade om skolan.",
        main_points="Fler cykelvägar\nMötesplatser för unga",
    )
    common = {
        "process": meeting.process,
        "kind": "statement",
        "stage": meeting.process.stage_by_key("dialogue"),
        "meeting": meeting,
    }
    Contribution.objects.create(
        text="Publicerat uttalande", moderation_state="published", consent_to_publish=True, **common
    )
    Contribution.objects.create(text="Opublicerat uttalande", **common)
    content = client.get(detail_url(meeting)).content.decode()
    assert "Vi pratade om skolan." in content and "Fler cykelvägar" in content
    assert "Publicerat uttalande" in content and "Opublicerat uttalande" not in content


def test_official_creates_meeting_and_bad_dates_keep_input(client, official):
    client.force_login(official.user)
    url = reverse("dialog:staff_meeting_create", kwargs={"slug": official.process.slug})
    start = in_days(7)
    data = {
        "title": "Kvällsmöte i Hok",
        "kind": "broad",
        "format": "physical",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "30",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors
    assert "Kvällsmöte i Hok" in response.content.decode()
    past = in_days(-7)
    response = client.post(
        url,
        data
        | {
            "starts_at": past.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (past + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "starts_at" in response.context["form"].errors
    data["ends_at"] = (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Meeting.objects.get().title == "Kvällsmöte i Hok"


def test_edit_refuses_capacity_below_confirmed(client, official):
    meeting = MeetingFactory(process=official.process, capacity=5)
    RegistrationFactory.create_batch(3, meeting=meeting)
    client.force_login(official.user)
    data = {
        "title": meeting.title,
        "kind": meeting.kind,
        "format": meeting.format,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "2",
    }
    response = client.post(staff_url("dialog:staff_meeting_edit", meeting), data)
    assert response.status_code == 200 and "capacity" in response.context["form"].errors
    assert meeting.registrations.count() == 3


def test_registrations_csv_neutralises_formulas(client, official):
    meeting = MeetingFactory(process=official.process)
    RegistrationFactory(meeting=meeting, name='=HYPERLINK("http://x")', email="a@example.org")
    client.force_login(official.user)
    response = client.get(staff_url("dialog:staff_registrations_csv", meeting))
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_politician_sees_meeting_but_not_personal_data(client):
    role = ProcessRoleFactory(role=Role.POLITICIAN)
    meeting = MeetingFactory(process=role.process)
    RegistrationFactory(meeting=meeting, email="hemlig@example.org")
    client.force_login(role.user)
    response = client.get(staff_url("dialog:staff_meeting", meeting))
    assert response.status_code == 200
    assert "hemlig@example.org" not in response.content.decode()


def test_attendance_and_record_through_views(client, official):
    meeting = MeetingFactory(process=official.process)
    registration = RegistrationFactory(meeting=meeting)
    client.force_login(official.user)
    client.post(staff_url("dialog:staff_attendance", meeting), {"attended": [registration.pk]})
    registration.refresh_from_db()
    assert registration.attended
    response = client.post(
        staff_url("dialog:staff_meeting_record", meeting),
        {
            "record-minutes": "Anteckningar",
            "record-main_points": "Punkt",
            "record-participant_count": "",
            "age-band_13-19": "5",
            "age-band_20-34": "-1",
        },
    )
    assert response.status_code == 200  # negative number refused with a message
    response = client.post(
        staff_url("dialog:staff_meeting_record", meeting),
        {"record-minutes": "Anteckningar", "record-main_points": "Punkt", "age-band_13-19": "5"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Anteckningar" and meeting.participant_count == 5


def test_cancel_and_copy_through_views(client, official, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(process=official.process)
    RegistrationFactory(meeting=meeting)
    client.force_login(official.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url("dialog:staff_meeting_cancel", meeting))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and len(mail.outbox) == 1
    response = client.post(staff_url("dialog:staff_meeting_copy", meeting))
    assert response.status_code == 302 and Meeting.objects.count() == 2


PDF = pdf_bytes()


def test_kit_upload_checks_magic_bytes(client, official):
    client.force_login(official.user)
    url = reverse("dialog:staff_kit_create", kwargs={"slug": official.process.slug})
    fake = SimpleUploadedFile("kit.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Samtal", "slug": "samtal", "printable": fake})
    assert response.status_code == 200 and "printable" in response.context["form"].errors
    real = SimpleUploadedFile("kit.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url, {"title": "Samtal", "slug": "samtal", "printable": real, "is_published": "on"}
    )
    assert response.status_code == 302
    kit = ConversationKit.objects.get()
    response = client.get(
        reverse("dialog:kit_download", kwargs={"slug": kit.process.slug, "kit": kit.slug})
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_kit_page_links_to_group_report_and_counts_groups(client):
    from contributions.models import Contribution

    kit = KitFactory()
    Contribution.objects.create(
        process=kit.process,
        kind="group_report",
        stage=kit.process.stage_by_key("engagement"),
        text="Vi pratade",
        kit=kit,
    )
    url = reverse("dialog:kit_detail", kwargs={"slug": kit.process.slug, "kit": kit.slug})
    response = client.get(url)
    assert response.context["group_count"] == 1
    assert f"/process/{kit.process.slug}/bidrag/nytt/?kit={kit.slug}" in response.content.decode()


def test_unpublished_kit_is_404_for_the_public(client):
    kit = KitFactory(is_published=False)
    url = reverse("dialog:kit_detail", kwargs={"slug": kit.process.slug, "kit": kit.slug})
    assert client.get(url).status_code == 404


def test_process_page_shows_upcoming_meetings_section(client):
    meeting = MeetingFactory(title="Kommande möte i Skillingaryd")
    MeetingFactory(process=meeting.process, kind=MeetingKind.INTERNAL, title="Internt möte X")
    content = client.get(meeting.process.get_absolute_url()).content.decode()
    assert "Kommande möte i Skillingaryd" in content and "Internt möte X" not in content


def test_staff_page_shows_dialog_section(client, official):
    client.force_login(official.user)
    response = client.get(reverse("staff:process", kwargs={"slug": official.process.slug}))
    assert reverse("dialog:staff_meetings", kwargs={"slug": official.process.slug}) in (
        response.content.decode()
    )


def test_staff_lists_and_export_have_fixed_query_counts(
    client, official, django_assert_max_num_queries
):
    meeting = MeetingFactory(process=official.process)
    RegistrationFactory.create_batch(20, meeting=meeting)
    for _ in range(5):
        MeetingFactory(process=official.process)
    client.force_login(official.user)
    with django_assert_max_num_queries(12):
        client.get(reverse("dialog:staff_meetings", kwargs={"slug": official.process.slug}))
    with django_assert_max_num_queries(12):
        client.get(staff_url("dialog:staff_meeting", meeting))
    with django_assert_max_num_queries(8):
        response = client.get(staff_url("dialog:staff_registrations_csv", meeting))
    assert response.content.decode("utf-8-sig").count("\n") == 21


def test_missing_pdf_file_is_404_not_500(client):
    kit = KitFactory(printable="kits/finns-inte.pdf")
    url = reverse("dialog:kit_download", kwargs={"slug": kit.process.slug, "kit": kit.slug})
    assert client.get(url).status_code == 404
