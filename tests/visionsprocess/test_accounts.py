"""Accounts with allauth: sign-up, e-mail verification through Celery, login, password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _link(message):
    return re.search(r"https?://[^/\s]+(/konto/\S+)", message.body).group(1)


def test_sign_up_verify_e_mail_and_log_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "elin.sjoberg@example.org",
            "password1": "Fjärilar-i-Vaggeryd-2040",
            "password2": "Fjärilar-i-Vaggeryd-2040",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1, "the verification e-mail is sent (through the Celery task)"
    message = mail.outbox[0]
    assert message.to == ["elin.sjoberg@example.org"]
    confirm_url = _link(message)

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "elin.sjoberg@example.org", "password": "Fjärilar-i-Vaggeryd-2040"},
    )
    assert "/konto/confirm-email/" in response["Location"], "unverified accounts cannot log in yet"

    client.post(confirm_url)
    response = client.post(
        reverse("account_login"),
        {"login": "elin.sjoberg@example.org", "password": "Fjärilar-i-Vaggeryd-2040"},
    )
    assert response.status_code == 302
    assert client.get(reverse("account_email")).status_code == 200


def test_wrong_password_gives_a_swedish_error(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "fel"})
    assert response.status_code == 200
    assert "E-postadressen och/eller lösenordet är felaktigt" in response.content.decode()


def test_sign_up_with_bad_input_keeps_the_e_mail_and_explains(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "inte-en-adress", "password1": "kort", "password2": "annat"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="inte-en-adress"' in html
    assert "Fyll i en giltig e-postadress." in html


def test_password_reset_sends_an_e_mail(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_logout_requires_post_and_logs_out(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_logout"))
    assert client.get(reverse("account_email")).status_code == 302


def test_mfa_totp_is_available_to_every_account(client):
    client.force_login(UserFactory())
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert reverse("mfa_activate_totp") in response.content.decode()


def test_factory_password_works_for_login(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_login_page_points_people_without_an_account_to_sign_up(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "Har du inget konto?" in html
    assert f'<a href="{reverse("account_signup")}">Skapa ett</a>' in " ".join(html.split())
    assert "Har du redan ett konto?" not in html
