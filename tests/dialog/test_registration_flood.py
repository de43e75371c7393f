"""Registration cannot be used to flood a meeting or to aim the municipality's mail at strangers.

Three limits (see dialog.services and settings.RATE_LIMITS): per client address (cache), per
e-mail address and per meeting (database, so they hold when the cache is down). The per-meeting
limit cannot be filled by a few clients: tests/dialog/test_registration_confirm.py.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from dialog.models import PendingRegistration, Registration
from tests.conftest import set_rate
from tests.dialog.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def detail_url(meeting):
    return reverse("dialog:meeting_detail", kwargs={"slug": meeting.process.slug, "pk": meeting.pk})


def register(client, meeting, n, **extra):
    return client.post(
        detail_url(meeting), {"name": f"Namn {n}", "email": f"person{n}@example.org"}, **extra
    )


def test_one_address_sending_100_registrations_is_answered_429_after_the_limit(
    client, settings, django_capture_on_commit_callbacks
):
    """The report: 100 anonymous registrations from one address in 3.7 s were all accepted."""
    limit = int(settings.RATE_LIMITS["dialog.register"].split("/")[0])
    meeting = MeetingFactory(capacity=13)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [register(client, meeting, n).status_code for n in range(100)]
    assert answers[:limit] == [302] * limit
    assert answers[limit:] == [429] * (100 - limit)
    # Signed out, each is a request waiting for its e-mail link: no seat is taken.
    assert PendingRegistration.objects.count() == limit
    assert Registration.objects.count() == 0
    assert len(mail.outbox) == limit
    page = register(client, meeting, 1000)
    assert page.status_code == 429 and 'id="rate-limited"' in page.content.decode()
    assert int(page["Retry-After"]) > 0
    # Someone else, on another connection, still gets in.
    assert register(client, meeting, 2000, REMOTE_ADDR="192.0.2.50").status_code == 302


def test_behind_the_load_balancer_each_citizen_has_a_bucket_of_their_own(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    set_rate(settings, "dialog.register", "2/h")
    meeting = MeetingFactory()
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(2):
        assert (
            register(client, meeting, n, HTTP_X_FORWARDED_FOR="203.0.113.1", **balancer).status_code
            == 302
        )
    assert (
        register(client, meeting, 3, HTTP_X_FORWARDED_FOR="203.0.113.1", **balancer).status_code
        == 429
    )
    assert (
        register(client, meeting, 4, HTTP_X_FORWARDED_FOR="203.0.113.2", **balancer).status_code
        == 302
    )
    # A client that writes its own header in front of the balancer's gains nothing.
    forged = "198.51.100.7, 203.0.113.1"
    assert register(client, meeting, 5, HTTP_X_FORWARDED_FOR=forged, **balancer).status_code == 429


def test_one_address_gets_at_most_three_registration_mails_a_day(
    settings, django_capture_on_commit_callbacks
):
    settings.REGISTRATION_MAILS_PER_ADDRESS_PER_DAY = 3
    meetings = MeetingFactory.create_batch(4)
    with django_capture_on_commit_callbacks(execute=True):
        for n, meeting in enumerate(meetings):
            # Each from another connection: the per-client limit plays no part.
            response = Client().post(
                detail_url(meeting),
                {"name": "Någon annan", "email": "Stranger@Example.org"},
                REMOTE_ADDR=f"192.0.2.{n}",
            )
    assert response.status_code == 200
    assert "dygn" in str(response.context["form"].errors["email"]) or "24 hours" in str(
        response.context["form"].errors["email"]
    )
    assert PendingRegistration.objects.count() == 3
    assert len(mail.outbox) == 3
