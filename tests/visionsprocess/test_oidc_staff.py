"""The staff provider's side of the sign-in (``visionsprocess.identity``), against the real
provider of ``tests/oidc_provider``: where an official lands at each municipality's host, what a
person whose groups give no role is told, how the login page offers the staff login apart from
e-ID, and a sign-in cancelled at the provider. The browser journey is
``tests/browser/test_oidc_staff_journey.py``."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, MunicipalityFactory, ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.oidc_provider_fixture import start_provider
from tests.visionsprocess.test_oidc import (
    configure,
    sign_in,
    signed_in_user,
    start,
)
from visionsprocess.models import HostName, IdentityProviderGroupRole, ProcessRole, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = start_provider(tmp_path_factory.mktemp("op-staff"))
    yield running
    running.stop()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Vaggeryds kommun")


@pytest.fixture
def staff_idp(municipality, provider):
    idp = configure(municipality, provider.issuer, "personal", trusts_email=True)
    IdentityProviderGroupRole.objects.create(
        provider=idp, group="vp-tjansteperson", role=Role.OFFICIAL
    )
    return idp


def test_a_staff_sign_in_whose_groups_give_no_role_lands_on_my_pages_and_says_why(
    client, staff_idp
):
    ProcessFactory()

    response = sign_in(client, "karin", "personal")

    assert response["Location"] == reverse("my_pages")
    assert not ProcessRole.objects.filter(user=signed_in_user(client)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "ingen av dina grupper där ger någon roll i kommunens arbete här" in page


def test_a_staff_sign_in_with_a_role_says_nothing_of_groups(client, staff_idp):
    ProcessFactory()

    response = sign_in(client, "erik", "personal")

    assert response["Location"] == reverse("staff:home")
    page = client.get(reverse("my_pages")).content.decode()
    assert "ingen av dina grupper" not in page


def test_an_official_of_another_municipality_lands_on_my_pages_not_an_empty_staff_area(
    client, municipality
):
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vansbro, host="vansbro.localhost", is_primary=True)
    official = ProcessRoleFactory(process=ProcessFactory(municipality=municipality)).user

    response = client.post(
        reverse("account_login"),
        {"login": official.email, "password": PASSWORD},
        HTTP_HOST="vansbro.localhost",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("my_pages")
    at_home = client.post(reverse("account_login"), {"login": official.email, "password": PASSWORD})
    assert at_home["Location"] == reverse("staff:home")


def test_the_login_page_offers_the_staff_login_under_its_own_heading(client, staff_idp, provider):
    configure(staff_idp.municipality, provider.issuer)  # e-ID

    html = client.get(reverse("account_login")).content.decode()

    eid_part = html.split('id="eid-providers"', 1)[1].split("</section>", 1)[0]
    staff_part = html.split('id="staff-providers"', 1)[1].split("</section>", 1)[0]
    assert "E-legitimation" in eid_part and "Personalinloggning" not in eid_part
    assert "Personalinloggning" in staff_part and "För kommunens medarbetare" in staff_part


def test_a_login_page_without_a_staff_provider_has_no_staff_heading(client, municipality, provider):
    configure(municipality, provider.issuer)

    html = client.get(reverse("account_login")).content.decode()

    assert "Logga in med e-legitimation" in html
    assert "För kommunens medarbetare" not in html


def test_a_sign_in_cancelled_at_the_provider_comes_back_with_a_clear_message(client, staff_idp):
    from urllib.parse import parse_qs, urlsplit

    state = parse_qs(urlsplit(start(client, "personal")).query)["state"][0]
    callback = reverse("oidc_callback", args=["personal"])

    response = client.get(f"{callback}?error=access_denied&state={state}", follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Inloggningen avbröts" in html and "du är inte inloggad" in html
    assert signed_in_user(client) is None


def test_the_test_provider_s_cancel_only_returns_to_a_registered_address(provider):
    import requests

    answer = requests.get(
        f"{provider.url}/cancel/",
        params={"next": "/o/authorize/?client_id=vp-staff&redirect_uri=https://evil.example/"},
        allow_redirects=False,
        timeout=10,
    )

    assert answer.status_code == 400


def test_an_identifier_another_municipality_uses_with_another_issuer_is_refused(staff_idp):
    from django.core.exceptions import ValidationError

    from visionsprocess.models import IdentityProvider, IdentityProviderKind

    def vansbro_provider(**fields):
        return IdentityProvider(
            municipality=vansbro,
            kind=IdentityProviderKind.STAFF,
            name="Vansbros personalkonto",
            client_id="vp-staff-vansbro",
            client_secret="s",
            **fields,
        )

    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    other_issuer = vansbro_provider(
        provider_id=staff_idp.provider_id, server_url="https://login.vansbro.example/oidc"
    )

    with pytest.raises(ValidationError, match="En annan kommun använder den här identifieraren"):
        other_issuer.full_clean()
    other_issuer.provider_id = "personal-vansbro"
    other_issuer.full_clean()
    # One regional directory serving both municipalities: the same subjects, the same people.
    vansbro_provider(
        provider_id=staff_idp.provider_id, server_url=staff_idp.server_url + "/"
    ).full_clean()
