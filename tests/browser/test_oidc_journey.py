"""A citizen signs in with e-ID in the browser, through a real OpenID Connect provider's login
page (django-oauth-toolkit on 127.0.0.1, ``tests/oidc_provider``): the login page's button,
allauth's confirmation, the provider's login form, and back, signed in."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import MunicipalityFactory
from tests.visionsprocess.oidc_provider_fixture import CLIENTS, OP_PASSWORD, start_provider
from visionsprocess.models import IdentityProvider, IdentityProviderKind


@pytest.fixture
def provider(live_server, tmp_path):
    running = start_provider(tmp_path, hosts=(urlsplit(live_server.url).netloc,))
    yield running
    running.stop()


def test_a_citizen_signs_in_with_e_id_through_the_provider_s_login_page(page, provider):
    client_id, secret = CLIENTS["eid"]
    IdentityProvider.objects.create(
        municipality=MunicipalityFactory(),
        kind=IdentityProviderKind.CITIZEN,
        provider_id="eid",
        name="E-legitimation",
        server_url=provider.issuer,
        client_id=client_id,
        client_secret=secret,
    )

    page.goto("/konto/login/", timeout=30_000)
    page.get_by_role("link", name="E-legitimation").click()
    assert_accessible(page)
    page.get_by_role("button", name="Fortsätt").click()

    # Waits (not measures): the provider and the project run on a busy test machine.
    page.wait_for_url(f"{provider.url}/login/**", timeout=30_000)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(OP_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url("**/mina-sidor/", timeout=30_000)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_a_provider_that_is_down_is_explained_in_the_browser(page, live_server):
    IdentityProvider.objects.create(
        municipality=MunicipalityFactory(),
        kind=IdentityProviderKind.CITIZEN,
        provider_id="eid",
        name="E-legitimation",
        server_url="http://127.0.0.1:9/o",
        client_id="vp-eid",
        client_secret="x",
    )

    page.goto("/konto/login/", timeout=30_000)
    page.get_by_role("link", name="E-legitimation").click()
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_text("E-legitimation går inte att nå just nu")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till inloggningen").click()
    page.wait_for_url("**/konto/login/", timeout=30_000)
