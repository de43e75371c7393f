"""Signing in through OpenID Connect: citizens with e-ID through a broker, staff with the
municipality's own identity provider, each configured per municipality.

Against a real provider (django-oauth-toolkit, ``tests/oidc_provider``) started on 127.0.0.1:
the browser's part (authorisation endpoint, the provider's login page) is walked with
``requests``, and the project's back channel (discovery, token and user info endpoints) makes
real HTTP calls to it. The project is driven with Django's test client, which keeps each test in
its own transaction; the browser journey through the same provider is in
``tests/browser/test_oidc_journey.py``.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    ProcessFactory,
    ProcessRoleFactory,
    UserFactory,
)
from tests.visionsprocess.oidc_provider_fixture import (
    CLIENTS,
    free_port,
    log_in_at_provider,
    start_provider,
)
from visionsprocess.models import (
    IdentityProvider,
    IdentityProviderGroupRole,
    IdentityProviderKind,
    ProcessRole,
    Role,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = start_provider(tmp_path_factory.mktemp("op"))
    yield running
    running.stop()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


def configure(municipality, issuer, provider_id="eid", **fields):
    client_id, secret = CLIENTS.get(provider_id, CLIENTS["eid"])
    kind = IdentityProviderKind.STAFF if provider_id == "personal" else IdentityProviderKind.CITIZEN
    defaults = {
        "kind": kind,
        "name": "Personalinloggning" if provider_id == "personal" else "E-legitimation",
        "server_url": issuer,
        "client_id": client_id,
        "client_secret": secret,
    }
    defaults.update(fields)
    return IdentityProvider.objects.create(
        municipality=municipality, provider_id=provider_id, **defaults
    )


@pytest.fixture
def eid(municipality, provider):
    return configure(municipality, provider.issuer)


@pytest.fixture
def staff_idp(municipality, provider):
    return configure(municipality, provider.issuer, "personal", trusts_email=True)


def start(client, provider_id="eid"):
    """Presses the provider's button on the login page: the redirect to the provider."""
    response = client.post(reverse("oidc_login", args=[provider_id]), {"process": "login"})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def callback_path(callback_url: str) -> str:
    parts = urlsplit(callback_url)
    return f"{parts.path}?{parts.query}"


def sign_in(client, username, provider_id="eid"):
    return client.get(callback_path(log_in_at_provider(start(client, provider_id), username)))


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


# --- The code flow ---------------------------------------------------------------------------


def test_a_citizen_signs_in_with_e_id_through_the_code_flow_with_pkce(client, eid):
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(eid.server_url + "/authorize/")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["response_type"] == ["code"] and query["client_id"] == ["vp-eid"]

    response = client.get(callback_path(log_in_at_provider(authorize, "anna")))

    assert response.status_code == 302
    assert response["Location"] == reverse("my_pages")
    user = signed_in_user(client)
    assert user.email == "anna.lind@example.org"
    assert SocialAccount.objects.get(user=user).provider == "eid"
    assert not ProcessRole.objects.filter(user=user).exists()


def test_a_second_e_id_sign_in_reaches_the_same_account(client, eid):
    sign_in(client, "olle")
    first = signed_in_user(client)
    client.logout()

    sign_in(client, "olle")

    assert signed_in_user(client) == first
    assert User.objects.filter(email="olle.berg@example.org").count() == 1


def test_the_login_page_shows_the_municipality_s_providers_and_lets_its_form_go_to_them(
    client, eid, staff_idp
):
    other = MunicipalityFactory(name="Jönköpings kommun", code="0680")
    configure(other, "https://eid.jonkoping.example/oidc", name="Jönköpings e-legitimation")

    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert "E-legitimation" in html and "Personalinloggning" in html
    assert "Jönköpings e-legitimation" not in html
    form_action = next(
        part for part in response["Content-Security-Policy"].split(";") if "form-action" in part
    )
    assert eid.server_url.rsplit("/o", 1)[0] in form_action
    assert "jonkoping" not in form_action


def test_a_disabled_provider_is_not_offered_and_its_address_answers_404(client, eid):
    eid.enabled = False
    eid.save()

    assert "E-legitimation" not in client.get(reverse("account_login")).content.decode()
    assert client.post(reverse("oidc_login", args=["eid"])).status_code == 404
    assert client.get("/konto/oidc/eid/login/callback/?code=x&state=y").status_code == 404


# --- What goes wrong ---------------------------------------------------------------------------


def test_a_wrong_state_is_refused_with_a_clear_swedish_message(client, eid):
    callback = log_in_at_provider(start(client), "anna")
    forged = callback.replace("state=", "state=x")

    response = client.get(callback_path(forged))

    assert response.status_code == 400
    assert "hör inte till en inloggning som startats här" in response.content.decode()
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "query",
    [
        "code=abc&state=forged",
        "state=<script>alert(1)</script>",
        "code=1&state=" + "9" * 5000,
        "error=access_denied&error_description=nej",
        "",
    ],
)
def test_a_forged_callback_never_gives_a_500(client, eid, query):
    response = client.get(f"/konto/oidc/eid/login/callback/?{query}")

    assert response.status_code in (302, 400, 404)
    assert "<script>alert" not in response.content.decode()
    assert signed_in_user(client) is None


def test_a_callback_for_an_unknown_provider_is_404(client, eid):
    assert client.get("/konto/oidc/okand/login/callback/?code=a&state=b").status_code == 404


def test_a_replayed_code_is_refused_by_the_provider_with_a_clear_message(client, eid):
    first = urlsplit(log_in_at_provider(start(client), "anna"))
    assert client.get(f"{first.path}?{first.query}").status_code == 302
    client.logout()
    used_code = parse_qs(first.query)["code"][0]
    # A new sign-in (its own state), answered with the code already spent.
    second = urlsplit(log_in_at_provider(start(client), "anna"))
    state = parse_qs(second.query)["state"][0]

    response = client.get(f"{second.path}?code={used_code}&state={state}")

    assert response.status_code == 400
    assert "koden har redan använts eller gått ut" in response.content.decode()
    assert signed_in_user(client) is None


def test_the_same_callback_twice_is_refused(client, eid):
    callback = callback_path(log_in_at_provider(start(client), "anna"))
    assert client.get(callback).status_code == 302
    client.logout()

    response = client.get(callback)

    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_an_expired_token_is_refused_with_a_clear_message(client, municipality, tmp_path):
    expired = start_provider(tmp_path, token_seconds=-60)
    try:
        configure(municipality, expired.issuer)
        response = sign_in(client, "anna")
    finally:
        expired.stop()

    assert response.status_code == 400
    assert "hade gått ut eller kunde inte kontrolleras" in response.content.decode()
    assert signed_in_user(client) is None


def test_a_provider_that_is_down_gets_a_swedish_message_and_the_password_still_works(
    client, municipality
):
    configure(municipality, f"http://127.0.0.1:{free_port()}/o")
    person = UserFactory(email="lena.ek@example.org")

    response = client.post(reverse("oidc_login", args=["eid"]), {"process": "login"})

    assert response.status_code == 503
    html = response.content.decode()
    assert "E-legitimation går inte att nå just nu" in html
    assert "e-postadress och ditt lösenord" in html
    response = client.post(
        reverse("account_login"), {"login": "lena.ek@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_user(client) == person


def test_a_provider_that_goes_down_before_the_callback_gets_a_clear_message(client, eid):
    callback = callback_path(log_in_at_provider(start(client), "anna"))
    eid.server_url = f"http://127.0.0.1:{free_port()}/o"
    eid.save()

    response = client.get(callback)

    assert response.status_code == 503
    assert "går inte att nå just nu" in response.content.decode()
    assert signed_in_user(client) is None


# --- One e-mail address, two ways in -----------------------------------------------------------


def test_e_id_reaches_the_password_account_when_the_address_is_verified_on_both_sides(client, eid):
    account = UserFactory(username="anna-lind", email="anna.lind@example.org")

    response = sign_in(client, "anna")

    assert response.status_code == 302
    assert signed_in_user(client) == account
    assert SocialAccount.objects.get(provider="eid").user == account
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "anna.lind@example.org", "password": PASSWORD}
    )
    assert signed_in_user(client) == account, "the password still works"


def test_e_id_does_not_reach_an_account_whose_address_was_never_confirmed(client, eid):
    account = UserFactory(username="anna-lind", email="anna.lind@example.org")
    account.emailaddress_set.update(verified=False)

    response = sign_in(client, "anna")

    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email__iexact="anna.lind@example.org").count() == 1
    # allauth answers as to any sign-up with a taken address (so that no one learns which
    # addresses have accounts): it says a mail was sent, and the mail tells the owner.
    page = client.get(response["Location"]).content.decode()
    assert "Verifiera din e-postadress" in page


def test_e_id_whose_provider_does_not_vouch_for_the_address_reaches_no_account(client, eid):
    account = UserFactory(username="berit-ek", email="berit.ek@example.org")

    sign_in(client, "berit")

    assert signed_in_user(client) != account
    assert not SocialAccount.objects.filter(user=account).exists()


def test_a_citizen_s_e_id_never_reaches_an_account_with_a_role(client, eid):
    official = UserFactory(username="anna-lind", email="anna.lind@example.org")
    ProcessRoleFactory(user=official, process=ProcessFactory(), role=Role.OFFICIAL)

    response = sign_in(client, "anna")

    assert response.status_code == 403
    assert "e-legitimation för invånare ger aldrig tillgång" in response.content.decode()
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


# --- Staff: roles follow the group claim -------------------------------------------------------


def test_a_staff_member_s_group_gives_the_role_in_every_process(client, staff_idp, municipality):
    first, second = ProcessFactory(), ProcessFactory(slug="vision-2050")
    IdentityProviderGroupRole.objects.create(
        provider=staff_idp, group="vp-tjansteperson", role=Role.OFFICIAL
    )

    response = sign_in(client, "erik", "personal")

    user = signed_in_user(client)
    assert user.email == "erik.holm@vaggeryd.se"
    assert set(ProcessRole.objects.filter(user=user).values_list("process", "role")) == {
        (first.pk, Role.OFFICIAL),
        (second.pk, Role.OFFICIAL),
    }
    assert response["Location"] == reverse("staff:home")


def test_a_group_the_claim_no_longer_lists_takes_its_role_away_and_leaves_others(client, staff_idp):
    process = ProcessFactory()
    IdentityProviderGroupRole.objects.create(
        provider=staff_idp, group="vp-tjansteperson", role=Role.OFFICIAL, process=process
    )
    karin = UserFactory(username="karin", email="karin.sand@vaggeryd.se")
    ProcessRole.objects.create(user=karin, process=process, role=Role.OFFICIAL)
    ProcessRole.objects.create(user=karin, process=process, role=Role.CLERK)  # given by hand

    sign_in(client, "karin", "personal")

    assert signed_in_user(client) == karin
    assert list(ProcessRole.objects.filter(user=karin).values_list("role", flat=True)) == [
        Role.CLERK
    ]


def test_a_citizen_s_e_id_never_gives_a_role_even_with_a_group_claim(client, eid):
    ProcessFactory()
    # Written past the admin's check, which refuses group roles on a citizens' e-ID.
    IdentityProviderGroupRole.objects.create(
        provider=eid, group="vp-tjansteperson", role=Role.ADMIN
    )

    sign_in(client, "erik")

    user = signed_in_user(client)
    assert user is not None
    assert not ProcessRole.objects.filter(user=user).exists()


def test_a_group_role_on_a_citizen_provider_is_refused(eid):
    rule = IdentityProviderGroupRole(provider=eid, group="vp-tjansteperson", role=Role.OFFICIAL)

    with pytest.raises(ValidationError, match="aldrig en roll"):
        rule.full_clean()


def test_a_group_role_in_another_municipality_s_process_is_refused(staff_idp):
    foreign = ProcessFactory(
        municipality=MunicipalityFactory(name="Jönköpings kommun", code="0680"), slug="jkpg"
    )
    rule = IdentityProviderGroupRole(
        provider=staff_idp, group="g", role=Role.OFFICIAL, process=foreign
    )

    with pytest.raises(ValidationError):
        rule.full_clean()


# --- Configuration -------------------------------------------------------------------------------


def test_the_settings_configure_e_id_when_the_municipality_has_none(client, municipality, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "eid",
                    "name": "E-legitimation (inställning)",
                    "client_id": "vp-eid",
                    "secret": "s",
                    "settings": {"server_url": "https://eid.example.se/oidc"},
                }
            ]
        }
    }

    assert "E-legitimation (inställning)" in client.get(reverse("account_login")).content.decode()
    configure(municipality, "https://broker.example.se/oidc", name="Kommunens e-legitimation")
    html = client.get(reverse("account_login")).content.decode()
    assert "Kommunens e-legitimation" in html
    assert "E-legitimation (inställning)" not in html


def test_the_admin_never_shows_the_client_secret_and_keeps_it_when_left_empty(client, eid):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:visionsprocess_identityprovider_change", args=[eid.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert CLIENTS["eid"][1] not in page.content.decode()
    data = {
        "municipality": eid.municipality_id,
        "kind": eid.kind,
        "provider_id": "eid",
        "name": "E-legitimation (BankID, Freja)",
        "server_url": eid.server_url,
        "client_id": eid.client_id,
        "client_secret": "",
        "token_auth_method": eid.token_auth_method,
        "group_claim": "groups",
        "enabled": "on",
        "group_roles-TOTAL_FORMS": "0",
        "group_roles-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    eid.refresh_from_db()
    assert eid.name == "E-legitimation (BankID, Freja)"
    assert eid.client_secret == CLIENTS["eid"][1]


def test_only_a_superuser_may_configure_providers(client, eid):
    client.force_login(UserFactory(username="staff", is_staff=True))

    response = client.get(reverse("admin:visionsprocess_identityprovider_changelist"))

    assert response.status_code == 403


def test_the_social_account_adapter_overrides_no_private_allauth_method():
    from visionsprocess.adapters import SocialAccountAdapter

    private = [
        name
        for name in vars(SocialAccountAdapter)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_the_login_page_reads_the_providers_once(client, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        configure(municipality, f"https://broker{n}.example.se/oidc", provider_id=f"eid{n}")

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("account_login")).content.decode()

    assert all(f"broker{n}" not in html for n in range(3))  # the issuer is not shown
    reads = [q["sql"] for q in queries if "visionsprocess_identityprovider" in q["sql"]]
    assert len(reads) == 1


def test_pages_that_list_no_provider_keep_the_strict_form_action(client, eid):
    response = client.get(reverse("home"))

    form_action = next(
        part for part in response["Content-Security-Policy"].split(";") if "form-action" in part
    )
    assert "127.0.0.1" not in form_action
