"""Signed-out registrations wait for their e-mail link, take no seat until confirmed, expire, and
the per-meeting limit cannot be filled by a handful of clients to shut everyone out."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialog import services
from dialog.models import PendingRegistration, Registration, RegistrationStatus
from tests.conftest import set_rate
from tests.dialog.factories import MeetingFactory, PendingRegistrationFactory, RegistrationFactory
from tests.factories import UserFactory
from visionsprocess.models import Follow

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/anmalan/bekrafta/[^/\s]+/)")


def detail_url(meeting):
    return reverse("dialog:meeting_detail", kwargs={"slug": meeting.process.slug, "pk": meeting.pk})


def register(meeting, email, ip, name="Elin Sjöberg"):
    return Client().post(detail_url(meeting), {"name": name, "email": email}, REMOTE_ADDR=ip)


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_signed_out_registration_waits_for_the_link_and_takes_no_seat(
    client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(meeting), {"name": "Elin", "email": "elin@example.org"}, follow=True
        )
    body = response.content.decode()
    assert "Ett steg kvar" in body and "elin@example.org" not in body
    assert Registration.objects.count() == 0
    assert response.context["seats_left"] == 1
    (message,) = mail.outbox
    assert message.to == ["elin@example.org"]
    assert "Bekräfta din anmälan" in message.subject and "inom 24 timmar" in message.body
    url = link_in(message)
    # Opening the link (a mail scanner does) registers no one.
    page = client.get(url)
    assert page.status_code == 200 and Registration.objects.count() == 0
    assert "Bekräfta min anmälan" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(url)
    registration = Registration.objects.get()
    assert confirmed["Location"] == reverse("dialog:registration_status", args=[registration.token])
    assert registration.status == RegistrationStatus.CONFIRMED and registration.user is None
    assert "Du är anmäld" in mail.outbox[1].subject or "anmäld" in mail.outbox[1].subject
    assert Follow.objects.active().of(meeting).filter(subscriber__email="elin@example.org")
    # The link again leads to the registration; no second one is made.
    assert client.get(url)["Location"] == confirmed["Location"]
    assert client.post(url)["Location"] == confirmed["Location"]
    assert Registration.objects.count() == 1


def test_whoever_confirms_first_gets_the_last_seat_the_other_waits():
    meeting = MeetingFactory(capacity=1)
    first = PendingRegistrationFactory(meeting=meeting)
    second = PendingRegistrationFactory(meeting=meeting)
    assert services.registration_confirm(pending=second).status == RegistrationStatus.CONFIRMED
    waiting = services.registration_confirm(pending=first)
    assert waiting.status == RegistrationStatus.WAITING and waiting.position == 1


def test_an_expired_link_registers_no_one(client):
    pending = PendingRegistrationFactory(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("dialog:registration_confirm", args=[pending.token])
    assert "Länken har gått ut" in client.get(url).content.decode()
    answer = client.post(url)
    assert answer.status_code == 200 and "Länken har gått ut" in answer.content.decode()
    assert Registration.objects.count() == 0


def test_a_new_request_for_the_same_address_replaces_the_unconfirmed_one(
    client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        register(meeting, "elin@example.org", "192.0.2.1")
        register(meeting, "elin@example.org", "192.0.2.1", name="Elin S")
    old, new = (link_in(m) for m in mail.outbox)
    assert "Länken har gått ut" in client.get(old).content.decode()
    client.post(old)
    assert not Registration.objects.exists()
    client.post(new)
    assert Registration.objects.get().name == "Elin S"


def test_requests_repeated_for_one_address_still_count_against_its_daily_mails(
    settings, django_capture_on_commit_callbacks
):
    """Replacing an unconfirmed request must not reset the count: else anyone could mail a
    stranger without end by asking again and again."""
    settings.REGISTRATION_MAILS_PER_ADDRESS_PER_DAY = 3
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            register(meeting, "stranger@example.org", f"192.0.2.{n}").status_code for n in range(6)
        ]
    assert answers == [302, 302, 302, 200, 200, 200]
    assert len(mail.outbox) == 3


def test_an_address_already_registered_is_told_so_and_no_mail_goes_out(client):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, email="elin@example.org")
    response = register(meeting, "ELIN@example.org", "192.0.2.1")
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert PendingRegistration.objects.count() == 0 and not mail.outbox


def test_four_clients_cannot_shut_anyone_out_of_a_meeting(
    settings, django_capture_on_commit_callbacks
):
    """The attack of the issue: four client addresses fill the per-meeting limit of signed-out
    registrations. Here the per-client rate is lifted too (as when the cache is down)."""
    set_rate(settings, "dialog.register", "1000/h")
    settings.REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR = 40
    meeting = MeetingFactory(capacity=10)
    attackers = [f"203.0.113.{n}" for n in range(1, 5)]
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            for ip in attackers:
                answers.append(register(meeting, f"victim{n}-{ip}@example.org", ip).status_code)
    # 40 requests fill the hour's allowance; after that each attacker holds one unconfirmed
    # request and is refused more: 40 mails in all, and no seat taken.
    assert answers.count(302) == 40 and answers.count(429) == 60
    assert len(mail.outbox) == 40
    assert Registration.objects.count() == 0
    # A citizen on another address still gets in, confirms, and has a seat.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert register(meeting, "elin@example.org", "192.0.2.77").status_code == 302
    assert Client().post(link_in(mail.outbox[0])).status_code == 302
    assert Registration.objects.get(email="elin@example.org").status == RegistrationStatus.CONFIRMED
    # Signed in, nobody is held back either.
    member = Client()
    member.force_login(UserFactory(email="anna@example.org"))
    answer = member.post(detail_url(meeting), {"name": "Anna", "email": "anna@example.org"})
    assert answer.status_code == 302
    assert Registration.objects.get(email="anna@example.org").status == "confirmed"
    # The attackers again: refused with a reason and Retry-After.
    refused = register(meeting, "victim-x@example.org", attackers[0])
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "logga in" in refused.content.decode()


def test_under_pressure_a_client_gets_one_more_once_its_request_is_confirmed(
    settings, django_capture_on_commit_callbacks
):
    """The limit counts unconfirmed requests: a confirmed one never holds anyone back."""
    settings.REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR = 2
    meeting = MeetingFactory()
    PendingRegistrationFactory.create_batch(2, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        assert register(meeting, "a@example.org", "192.0.2.5").status_code == 302
        assert register(meeting, "b@example.org", "192.0.2.5").status_code == 429
    Client().post(link_in(mail.outbox[0]))
    assert register(meeting, "b@example.org", "192.0.2.5").status_code == 302


def test_expired_requests_do_not_count_and_are_purged_a_day_later(settings):
    settings.REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR = 1
    meeting = MeetingFactory()
    past = timezone.now() - dt.timedelta(minutes=1)
    PendingRegistrationFactory.create_batch(3, meeting=meeting, expires_at=past)
    old = PendingRegistrationFactory(
        meeting=meeting, expires_at=timezone.now() - dt.timedelta(days=2)
    )
    assert register(meeting, "a@example.org", "192.0.2.5").status_code == 302
    assert services.pending_registrations_purge() == 1
    assert not PendingRegistration.objects.filter(pk=old.pk).exists()
    assert PendingRegistration.objects.count() == 4


def test_the_client_address_is_stored_only_as_a_keyed_hash():
    meeting = MeetingFactory()
    pending = services.registration_request(
        meeting=meeting, name="Elin", email="elin@example.org", client="192.0.2.44"
    )
    assert "192.0.2.44" not in pending.client_key and len(pending.client_key) == 64


def test_script_in_the_name_is_escaped_on_the_confirmation_page(client):
    pending = PendingRegistrationFactory(name="<script>alert(1)</script>")
    body = client.get(reverse("dialog:registration_confirm", args=[pending.token])).content
    assert b"<script>alert(1)</script>" not in body and b"&lt;script&gt;" in body
