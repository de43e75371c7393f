"""A municipality's officials sign in through its own identity provider in the browser: the
login page's staff button, allauth's confirmation, the provider's login form (a real OpenID
Connect provider, django-oauth-toolkit on 127.0.0.1, ``tests/oidc_provider``), and back with the
roles their group claim maps to. One provider process serves the module, as a regional IT
association's directory would serve both municipalities (a client of its own for each).

Vaggeryd is the live server's own host; Vansbro is ``vansbro.localhost`` (browsers resolve
``*.localhost`` to this machine). axe-core checks every page of ours on the way."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import MunicipalityFactory, ProcessFactory
from tests.visionsprocess.oidc_provider_fixture import (
    CLIENTS,
    OP_PASSWORD,
    free_port,
    start_provider,
)
from visionsprocess.models import (
    HostName,
    IdentityProvider,
    IdentityProviderGroupRole,
    IdentityProviderKind,
    ProcessRole,
    Role,
)

VANSBRO_CLIENT = ("personal", "vp-staff-vansbro", "vansbro-hemlighet")
SIGRID = {
    "username": "sigrid",
    "email": "sigrid.berg@vansbro.se",
    "first_name": "Sigrid",
    "groups": ["vansbro-utmaningen"],
}
INBOX = "/staff/processer/{slug}/bidrag/"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    port = urlsplit(live_server.url).port
    running = start_provider(
        tmp_path_factory.mktemp("op-staff"),
        hosts=(f"127.0.0.1:{port}", f"localhost:{port}", f"vansbro.localhost:{port}"),
        users=[SIGRID],
        clients=[VANSBRO_CLIENT],
    )
    yield running
    running.stop()


def staff_provider(municipality, issuer, *, client=("vp-staff", CLIENTS["personal"][1]), name):
    return IdentityProvider.objects.create(
        municipality=municipality,
        kind=IdentityProviderKind.STAFF,
        provider_id="personal",
        name=name,
        server_url=issuer,
        client_id=client[0],
        client_secret=client[1],
        trusts_email=True,
    )


@pytest.fixture
def world(transactional_db, live_server, provider, settings):
    settings.SITE_URL = live_server.url
    port = urlsplit(live_server.url).port
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vansbro, host="vansbro.localhost", is_primary=True)
    vision = ProcessFactory(municipality=vaggeryd, slug="vision-2040", title="Vision 2040")
    utmaningen = ProcessFactory(municipality=vansbro, slug="utmaningen", title="Utmaningen")
    IdentityProvider.objects.create(
        municipality=vaggeryd,
        kind=IdentityProviderKind.CITIZEN,
        provider_id="eid",
        name="E-legitimation",
        server_url=provider.issuer,
        client_id=CLIENTS["eid"][0],
        client_secret=CLIENTS["eid"][1],
    )
    vaggeryd_staff = staff_provider(vaggeryd, provider.issuer, name="Vaggeryds personalkonto")
    IdentityProviderGroupRole.objects.create(
        provider=vaggeryd_staff, group="vp-tjansteperson", role=Role.OFFICIAL
    )
    vansbro_staff = staff_provider(
        vansbro, provider.issuer, client=VANSBRO_CLIENT[1:], name="Vansbros personalkonto"
    )
    IdentityProviderGroupRole.objects.create(
        provider=vansbro_staff, group="vansbro-utmaningen", role=Role.OFFICIAL, process=utmaningen
    )
    return {
        "vaggeryd": live_server.url,
        "vansbro": f"http://vansbro.localhost:{port}",
        "vision": vision,
        "utmaningen": utmaningen,
        "vansbro_staff": vansbro_staff,
    }


def sign_in_at_provider(page, base, button, username, provider):
    """From our login page through the provider's login form, as a person would."""
    page.goto(f"{base}/konto/login/")
    page.get_by_role("link", name=button).click()
    assert_accessible(page)  # allauth's confirmation page, ours
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{provider.url}/login/**")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(OP_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def roles_of(email):
    return set(ProcessRole.objects.filter(user__email=email).values_list("process__slug", "role"))


def test_the_login_page_offers_the_staff_login_apart_from_e_id_and_only_at_its_host(page, world):
    page.set_default_timeout(30_000)  # the first page of a host name renders cold
    page.goto(f"{world['vaggeryd']}/konto/login/")
    eid = page.locator("#eid-providers")
    staff = page.locator("#staff-providers")
    expect(eid.get_by_role("heading", name="Logga in med e-legitimation")).to_be_visible()
    expect(eid.get_by_role("link", name="E-legitimation")).to_be_visible()
    expect(eid).not_to_contain_text("personalkonto")
    expect(staff.get_by_role("heading", name="För kommunens medarbetare")).to_be_visible()
    expect(staff.get_by_role("link", name="Vaggeryds personalkonto")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Vansbros personalkonto")
    assert_accessible(page)

    page.goto(f"{world['vansbro']}/konto/login/")
    expect(page.get_by_role("link", name="Vansbros personalkonto")).to_be_visible()
    expect(page.locator("#eid-providers")).to_have_count(0)  # Vansbro has no e-ID configured
    expect(page.locator("body")).not_to_contain_text("Vaggeryds personalkonto")
    expect(page.locator("body")).not_to_contain_text("E-legitimation")
    assert_accessible(page)


def test_an_official_signs_in_through_the_staff_provider_and_opens_the_inbox(page, world, provider):
    page.set_default_timeout(30_000)
    base = world["vaggeryd"]
    sign_in_at_provider(page, base, "Vaggeryds personalkonto", "erik", provider)

    page.wait_for_url(f"{base}/staff/")
    expect(page.get_by_role("link", name="Vision 2040").first).to_be_visible()
    assert_accessible(page)
    assert roles_of("erik.holm@vaggeryd.se") == {("vision-2040", Role.OFFICIAL)}
    page.goto(base + INBOX.format(slug="vision-2040"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vision 2040")
    assert_accessible(page)


def test_a_colleague_whose_claim_lacks_the_group_gets_no_role(page, world, provider):
    page.set_default_timeout(30_000)
    base = world["vaggeryd"]
    sign_in_at_provider(page, base, "Vaggeryds personalkonto", "karin", provider)

    page.wait_for_url(f"{base}/mina-sidor/")
    expect(page.get_by_role("status")).to_contain_text("ingen av dina grupper där ger någon roll")
    assert_accessible(page)
    assert roles_of("karin.sand@vaggeryd.se") == set()
    response = page.goto(base + INBOX.format(slug="vision-2040"))
    assert response.status in (403, 404)
    assert_accessible(page)


def test_at_vansbro_only_vansbro_s_groups_give_roles(page, world, provider):
    page.set_default_timeout(30_000)
    vansbro = world["vansbro"]
    # Erik is a Vaggeryd official; his Vaggeryd group means nothing at Vansbro.
    ProcessRole.objects.create(
        user=_user("erik", "erik.holm@vaggeryd.se"), process=world["vision"], role=Role.OFFICIAL
    )
    sign_in_at_provider(page, vansbro, "Vansbros personalkonto", "erik", provider)

    page.wait_for_url(f"{vansbro}/mina-sidor/")
    expect(page.get_by_role("status")).to_contain_text("ingen av dina grupper där ger någon roll")
    assert_accessible(page)
    assert roles_of("erik.holm@vaggeryd.se") == {("vision-2040", Role.OFFICIAL)}
    response = page.goto(vansbro + INBOX.format(slug="utmaningen"))
    assert response.status in (403, 404)

    # Sigrid's Vansbro group gives her Utmaningen, and nothing of Vaggeryd's.
    page.context.clear_cookies()
    sign_in_at_provider(page, vansbro, "Vansbros personalkonto", "sigrid", provider)
    page.wait_for_url(f"{vansbro}/staff/")
    page.goto(vansbro + INBOX.format(slug="utmaningen"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utmaningen")
    assert_accessible(page)
    assert roles_of("sigrid.berg@vansbro.se") == {("utmaningen", Role.OFFICIAL)}
    response = page.goto(world["vaggeryd"] + INBOX.format(slug="vision-2040"))
    assert response.status in (302, 403, 404) or "/konto/login/" in page.url


def test_a_staff_provider_that_is_down_gets_a_swedish_503_page(page, world):
    page.set_default_timeout(30_000)
    vansbro = world["vansbro"]
    world["vansbro_staff"].server_url = f"http://127.0.0.1:{free_port()}/o"
    world["vansbro_staff"].save()

    page.goto(f"{vansbro}/konto/login/")
    page.get_by_role("link", name="Vansbros personalkonto").click()
    with page.expect_response(lambda r: "/konto/oidc/personal/login/" in r.url) as answer:
        page.get_by_role("button", name="Fortsätt").click()

    assert answer.value.status == 503
    expect(page.get_by_text("Vansbros personalkonto går inte att nå just nu")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till inloggningen").click()
    page.wait_for_url(f"{vansbro}/konto/login/")


def test_a_sign_in_cancelled_at_the_provider_comes_back_with_a_clear_message(page, world, provider):
    page.set_default_timeout(30_000)
    base = world["vaggeryd"]
    page.goto(f"{base}/konto/login/")
    page.get_by_role("link", name="Vaggeryds personalkonto").click()
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{provider.url}/login/**")
    page.get_by_role("link", name="Avbryt inloggningen").click()

    page.wait_for_url(f"{base}/konto/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen avbröts")
    expect(page.get_by_role("status")).to_contain_text("du är inte inloggad")
    assert_accessible(page)
    assert roles_of("erik.holm@vaggeryd.se") == set()
    page.get_by_role("link", name="Tillbaka till inloggningen").click()
    page.wait_for_url(f"{base}/konto/login/")


def _user(username, email):
    from tests.factories import UserFactory

    return UserFactory(username=username, email=email)
