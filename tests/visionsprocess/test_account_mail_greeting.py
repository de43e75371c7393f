"""Account mail (allauth) greets from the municipality: never "Hej från !"."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "Fjärilar-i-Vaggeryd-2040",
            "password2": "Fjärilar-i-Vaggeryd-2040",
        },
    )


def test_the_sign_up_mail_greets_from_the_municipality(client, django_capture_on_commit_callbacks):
    MunicipalityFactory(name="Vaggeryds kommun")
    with django_capture_on_commit_callbacks(execute=True):
        assert _sign_up(client, "elin.sjoberg@example.org").status_code == 302
    (message,) = mail.outbox
    assert "Hej från Vaggeryds kommun!" in message.body
    assert "Hej från !" not in message.body
    assert message.subject.startswith("[Vaggeryds kommun] ")
    assert "Tack för att du använder Vaggeryds kommun!" in message.body


def test_the_password_reset_mail_greets_from_the_municipality_too(
    client, django_capture_on_commit_callbacks
):
    MunicipalityFactory(name="Vaggeryds kommun")
    UserFactory(email="karin@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "karin@example.org"})
    (message,) = mail.outbox
    assert message.body.startswith("Hej från Vaggeryds kommun!")


def test_without_a_municipality_the_greeting_names_the_site(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://vision.example.se"
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "elin.sjoberg@example.org")
    (message,) = mail.outbox
    assert "Hej från vision.example.se!" in message.body
