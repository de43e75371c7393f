"""allauth's login throttling keeps guessers out but is no tool to lock an official out.

Failed logins are counted per account *and* client address (visionsprocess.adapters): five wrong
passwords for one account from one address throttle that address for that account; the
official, from their own address, still logs in.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PRODUCTION_RATE_LIMITS
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _allauth_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS  # as in production


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


def test_many_wrong_passwords_from_one_address_across_accounts_are_throttled():
    """allauth's per-address limit still holds: ten failed logins a minute from one address."""
    accounts = [UserFactory() for _ in range(11)]
    answers = [login("203.0.113.66", user.email, "fel") for user in accounts]
    assert all(a.status_code == 200 for a in answers[:10])
    assert answers[10].status_code == 429 or "För många" in answers[10].content.decode()
    assert login("192.0.2.10", accounts[0].email, PASSWORD).status_code == 302


def test_logging_in_forgives_the_failed_tries_of_that_account_from_that_address():
    official = UserFactory()
    for _ in range(4):
        login("192.0.2.10", official.email, "fel")
    assert login("192.0.2.10", official.email, PASSWORD).status_code == 302
    for _ in range(4):
        assert login("192.0.2.10", official.email, "fel").status_code == 200
    assert login("192.0.2.10", official.email, PASSWORD).status_code == 302


def test_sign_up_is_capped_per_address_by_hour():
    from django.core.cache import cache

    cache.clear()
    answers = [
        Client()
        .post(
            reverse("account_signup"),
            {
                "email": f"ny{n}@example.org",
                "password1": "Vaggeryd-2040!",
                "password2": "Vaggeryd-2040!",
            },
            REMOTE_ADDR="203.0.113.99",
        )
        .status_code
        for n in range(6)
    ]
    assert answers[:5] == [302] * 5
    assert answers[5] == 429


def test_the_adapter_overrides_no_private_allauth_method():
    from visionsprocess.adapters import AccountAdapter

    private = [
        name for name in vars(AccountAdapter) if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []
