"""allauth's login throttling keeps guessers out but is no tool to lock an official out.

Failed logins are counted per account *and* client address (visionsprocess.adapters): five wrong
passwords for one account from one address throttle that address for that account; the
official, from their own address, still logs in.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _allauth_rate_limits(settings):
    del settings.ACCOUNT_RATE_LIMITS  # allauth's defaults, as in production


def login(address, email, password, **extra):
    return Client().post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_an_attacker_guessing_is_throttled_but_cannot_lock_the_official_out():
    official = UserFactory(email="tjansteperson@vaggeryd.se")
    answers = [login("203.0.113.66", official.email, "fel").status_code for _ in range(6)]
    assert answers[:5] == [200] * 5  # wrong password, said so
    throttled = login("203.0.113.66", official.email, PASSWORD)
    assert throttled.status_code in (200, 429)
    assert "_auth_user_id" not in throttled.wsgi_request.session, "the guesser stays out"
    # The official, from the office, logs in at once.
    assert login("192.0.2.10", official.email, PASSWORD).status_code == 302


def test_the_attacker_behind_the_load_balancer_is_told_apart_by_the_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    official = UserFactory()
    for _ in range(6):
        login("10.0.0.2", official.email, "fel", HTTP_X_FORWARDED_FOR="203.0.113.66")
    answer = login("10.0.0.2", official.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert answer.status_code == 302
