"""Services of the dialog app: meetings, registrations, waiting list, reminders, invitations."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from dialog import services, tasks
from dialog.models import (
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Organisation,
    Registration,
    RegistrationStatus,
)
from tests.dialog.factories import (
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    in_days,
)
from tests.factories import ProcessFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def register(meeting, email="elin@example.org", **kwargs):
    return services.registration_create(meeting=meeting, name="Elin", email=email, **kwargs)


def test_registration_is_confirmed_and_mails_a_cancel_link(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(meeting)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"/anmalan/{registration.token}/avboka/" in body
    assert f"/anmalan/{registration.token}/kalender.ics" in body


def test_full_meeting_puts_people_on_the_waiting_list_in_order():
    meeting = MeetingFactory(capacity=1)
    first = register(meeting, "a@example.org")
    second = register(meeting, "b@example.org")
    third = register(meeting, "c@example.org")
    assert first.status == RegistrationStatus.CONFIRMED
    assert (second.status, second.position) == (RegistrationStatus.WAITING, 1)
    assert (third.status, third.position) == (RegistrationStatus.WAITING, 2)


def test_cancel_moves_the_first_waiting_up_and_tells_them(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    first = register(meeting, "a@example.org")
    second = register(meeting, "b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)
    second.refresh_from_db()
    assert promoted == [second]
    assert second.status == RegistrationStatus.CONFIRMED and second.position is None
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_duplicate_registration_gives_a_clear_message():
    meeting = MeetingFactory()
    register(meeting, "elin@example.org")
    with pytest.raises(ValidationError) as error:
        register(meeting, "ELIN@example.org")
    assert "already registered" in str(error.value)


def test_can_register_again_after_cancelling():
    meeting = MeetingFactory()
    registration = register(meeting)
    services.registration_cancel(registration=registration)
    again = register(meeting)
    assert again.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "<script>@x.se"])
def test_malformed_email_is_refused(email):
    with pytest.raises(ValidationError) as error:
        register(MeetingFactory(), email)
    assert "email" in error.value.message_dict


def test_registration_closed_after_the_deadline():
    meeting = MeetingFactory(registration_deadline=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="closed"):
        register(meeting)


def test_registration_closed_for_cancelled_meeting():
    meeting = MeetingFactory(status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        register(meeting)


def test_internal_meeting_takes_no_registrations():
    meeting = MeetingFactory(kind=MeetingKind.INTERNAL)
    with pytest.raises(ValidationError):
        register(meeting)


def test_create_refuses_past_and_reversed_dates():
    process = ProcessFactory()
    base = {"kind": "broad", "format": "physical", "title": "Möte"}
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            process=process,
            data=base | {"starts_at": in_days(-2), "ends_at": in_days(-2) + dt.timedelta(hours=1)},
        )
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            process=process,
            data=base | {"starts_at": in_days(5), "ends_at": in_days(5) - dt.timedelta(hours=1)},
        )
    assert "ends_at" in error.value.message_dict


def test_capacity_cannot_go_below_confirmed_and_nothing_is_lost():
    meeting = MeetingFactory(capacity=5)
    for n in range(3):
        register(meeting, f"p{n}@example.org")
    with pytest.raises(ValidationError) as error:
        services.meeting_update(meeting=meeting, data={"capacity": 2})
    assert "capacity" in error.value.message_dict
    services.meeting_update(meeting=meeting, data={"title": "Nytt namn", "capacity": 3})
    assert meeting.registrations.confirmed().count() == 3


def test_raising_capacity_moves_waiting_people_up():
    meeting = MeetingFactory(capacity=1)
    register(meeting, "a@example.org")
    waiting = register(meeting, "b@example.org")
    services.meeting_update(meeting=meeting, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_cancel_meeting_tells_everyone_registered(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    register(meeting, "a@example.org")
    register(meeting, "b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = services.meeting_cancel(meeting=meeting)
    assert told == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_copy_is_planned_in_the_future_without_registrations():
    meeting = MeetingFactory(starts_at=in_days(-30), ends_at=in_days(-30) + dt.timedelta(hours=2))
    RegistrationFactory(meeting=meeting)
    copy = services.meeting_copy(meeting=meeting)
    assert copy.pk != meeting.pk and copy.starts_at > timezone.now()
    assert copy.registrations.count() == 0 and copy.status == MeetingStatus.PLANNED


def test_reminder_is_sent_exactly_once(django_capture_on_commit_callbacks):
    soon = timezone.now() + dt.timedelta(hours=20)
    meeting = MeetingFactory(starts_at=soon, ends_at=soon + dt.timedelta(hours=2))
    later = MeetingFactory(starts_at=in_days(5), ends_at=in_days(5) + dt.timedelta(hours=1))
    register(meeting, "a@example.org")
    register(later, "b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_meeting_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_meeting_reminders() == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert Registration.objects.get(email="a@example.org").reminder_sent_at is not None


def test_attendance_and_age_counts():
    meeting = MeetingFactory()
    a = register(meeting, "a@example.org")
    register(meeting, "b@example.org")
    assert services.attendance_mark(meeting=meeting, attended_ids=[a.pk]) == 1
    total = services.meeting_age_counts_save(
        meeting=meeting, counts={"13-19": 4, "20-34": 6, "80+": None}
    )
    meeting.refresh_from_db()
    assert total == 10 and meeting.participant_count == 10


def test_invitations_go_only_to_those_who_want_them_and_once(django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    municipality = meeting.process.municipality
    wants = OrganisationFactory(municipality=municipality)
    declines = OrganisationFactory(municipality=municipality, wants_invitations=False)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.invitations_create(meeting=meeting, organisations=[wants, declines])
    assert count == 1
    assert [m.to for m in mail.outbox] == [[wants.email]]
    invitation = Invitation.objects.get()
    assert f"/inbjudan/{invitation.token}/avsluta/" in mail.outbox[0].body
    assert tasks.send_invitations(meeting.pk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_create(meeting=meeting, organisations=[wants]) == 0
    services.invitation_unsubscribe(invitation=invitation)
    assert Organisation.objects.get(pk=wants.pk).wants_invitations is False


def test_registration_is_linked_to_the_organisation_by_name():
    meeting = MeetingFactory()
    organisation = OrganisationFactory(
        municipality=meeting.process.municipality, name="PRO Vaggeryd"
    )
    registration = register(meeting, organisation_name="  pro   VAGGERYD ")
    assert registration.organisation == organisation


def test_organisation_names_are_unique_when_normalised():
    municipality = MeetingFactory().process.municipality
    services.organisation_save(municipality=municipality, data={"name": "Hoks Sportklubb"})
    with pytest.raises(ValidationError) as error:
        services.organisation_save(municipality=municipality, data={"name": " hoks  sportklubb"})
    assert "name" in error.value.message_dict


def test_meeting_kind_values_are_constrained():
    assert Meeting._meta.get_field("kind").choices


def test_create_refuses_deadline_after_start_or_in_the_past():
    process = ProcessFactory()
    start = in_days(5)
    data = {
        "kind": "broad",
        "format": "physical",
        "title": "Möte",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=1),
    }
    for deadline in (start + dt.timedelta(hours=2), in_days(-1)):
        with pytest.raises(ValidationError) as error:
            services.meeting_create(
                process=process, data=data | {"registration_deadline": deadline}
            )
        assert "registration_deadline" in error.value.message_dict
