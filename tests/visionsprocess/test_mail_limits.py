"""Mail to strangers: confirmation links and receipts are limited per recipient address, and
every 429 says when to try again.

Four client addresses, each within its own rate limit, sent 40 confirmation e-mails to one
stranger's address. The count is now kept per recipient, in the database.
"""

import pytest
from django.test import Client
from django.urls import reverse

from contributions.models import Contribution
from tests.conftest import PRODUCTION_RATE_LIMITS, set_rate
from tests.factories import ProcessFactory
from visionsprocess.models import EmailKind, OutgoingEmail, StageKind

pytestmark = pytest.mark.django_db

STRANGER = "granne@example.org"


@pytest.fixture(autouse=True)
def _generous_client_limits(settings):
    set_rate(settings, "contributions.submit", "100/h")
    settings.FOLLOW_RATE_LIMIT = "100/h"


def _follow(process, email, address):
    url = reverse("notices:follow", kwargs={"kind": "process", "reference": process.slug})
    return Client().post(url, {"email": email}, REMOTE_ADDR=address)


def test_four_clients_cannot_flood_one_address_with_confirmation_links():
    processes = [ProcessFactory(title=f"Vision 2040 del {n}") for n in range(6)]
    clients = ["203.0.113.1", "203.0.113.2", "198.51.100.3", "192.0.2.4"]
    answers = [_follow(process, STRANGER, clients[n % 4]) for n, process in enumerate(processes)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    sent = OutgoingEmail.objects.filter(to=STRANGER, kind=EmailKind.CONFIRMATION)
    assert sent.count() == 3
    refused = answers[3].content.decode()
    assert "redan fått flera bekräftelsemejl i dag" in refused
    assert sent.count() == 3  # nothing more went out, however many clients asked
    # the address, written in capitals, is the same address
    assert "redan fått" in _follow(processes[5], STRANGER.upper(), "192.0.2.99").content.decode()
    # someone else's address is not affected
    _follow(processes[4], "annan@example.org", clients[0])
    assert OutgoingEmail.objects.filter(to="annan@example.org").count() == 1


def test_contributions_are_kept_but_receipts_to_one_address_stop_at_the_limit():
    process = ProcessFactory(current_stage=StageKind.DIALOGUE)
    url = reverse("contributions:submit", args=[process.slug, "ide"])
    for n in range(5):
        response = Client().post(
            url,
            {
                "title": f"Idé {n}",
                "text": "Bygg en cykelväg mellan Hok och Skillingaryd.",
                "consent_to_publish": "on",
                "email": STRANGER,
            },
            REMOTE_ADDR=f"203.0.113.{n + 10}",
        )
        assert response.status_code == 302
    assert Contribution.objects.filter(process=process).count() == 5  # nothing is lost
    receipts = OutgoingEmail.objects.filter(to=STRANGER, kind=EmailKind.RECEIPT)
    assert receipts.count() == 3


def test_a_429_from_allauths_sign_up_limit_says_when_to_try_again(settings):
    settings.ACCOUNT_RATE_LIMITS = {**PRODUCTION_RATE_LIMITS, "signup": "1/h/ip"}
    data = {"email": "ny@example.org", "password1": "Vaggeryd-2040!", "password2": "Vaggeryd-2040!"}
    Client().post(reverse("account_signup"), data, REMOTE_ADDR="203.0.113.50")
    second = Client().post(
        reverse("account_signup"), {**data, "email": "ny2@example.org"}, REMOTE_ADDR="203.0.113.50"
    )
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0


def test_a_429_of_the_follow_form_says_when_to_try_again(settings):
    settings.FOLLOW_RATE_LIMIT = "1/h"
    process = ProcessFactory()
    _follow(process, "a@example.org", "203.0.113.60")
    second = _follow(process, "b@example.org", "203.0.113.60")
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
