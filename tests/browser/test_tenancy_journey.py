"""Two municipalities on one installation, in a browser: a citizen at Vansbro's host follows
Utmaningen and confirms by the link in the e-mail, which points at Vansbro's host and comes from
Vansbro's sender; a Vaggeryd official cannot open Vansbro's inbox, at either host. Browsers resolve
``*.localhost`` to this machine, as ``make run`` relies on for the demo."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, MunicipalityFactory, ProcessFactory, ProcessRoleFactory
from visionsprocess.models import HostName, Role, StageKind

ADDRESS = "saga.lind@example.org"


@pytest.fixture
def world(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url
    port = urlsplit(live_server.url).port
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(
        name="Vansbro kommun", code="2021", sender_email="Vansbro kommun <dialog@vansbro.test>"
    )
    HostName.objects.create(municipality=vansbro, host="vansbro.localhost", is_primary=True)
    vision = ProcessFactory(
        municipality=vaggeryd, slug="vision-2040", title="Vision 2040", current_stage="dialogue"
    )
    utmaningen = ProcessFactory(
        municipality=vansbro,
        slug="utmaningen",
        title="Utmaningen",
        current_stage=StageKind.DIALOGUE,
    )
    return {
        "vansbro_url": f"http://vansbro.localhost:{port}",
        "vaggeryd_url": live_server.url,
        "utmaningen": utmaningen,
        "official": ProcessRoleFactory(process=vision, role=Role.OFFICIAL).user,
    }


def test_a_citizen_at_vansbros_host_follows_utmaningen(page, world):
    page.set_default_timeout(30_000)  # the first page of a new host name renders cold
    base = world["vansbro_url"]
    page.goto(f"{base}/")
    expect(page.get_by_role("link", name="Utmaningen").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Vision 2040")
    assert_accessible(page)
    page.goto(f"{base}/process/utmaningen/")
    page.locator("#follow-process").click()
    page.locator("#id_email").fill(ADDRESS)
    page.locator("#follow-submit").click()
    expect(page.locator("#follow-sent")).to_be_visible()
    assert_accessible(page)
    message = next(m for m in mail.outbox if "/folj/bekrafta/" in m.body)
    assert message.from_email == "Vansbro kommun <dialog@vansbro.test>"
    link = re.search(r"http://[^\s]+/folj/bekrafta/[\w-]+/", message.body).group(0)
    assert link.startswith(f"{base}/")
    page.goto(link)
    page.locator("#confirm-follow").click()
    expect(page.locator("#follow-confirmed")).to_be_visible()
    # The same link at Vaggeryd's host is not found.
    path = urlsplit(link).path
    response = page.goto(f"{world['vaggeryd_url']}{path}")
    assert response.status == 404


def sign_in(page, base, user):
    page.goto(f"{base}/konto/login/")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def test_a_vaggeryd_official_cannot_open_vansbros_inbox(page, world):
    page.set_default_timeout(30_000)
    inbox = "/staff/processer/utmaningen/bidrag/"
    for base in (world["vaggeryd_url"], world["vansbro_url"]):
        sign_in(page, base, world["official"])  # the session cookie is the host's own
        response = page.goto(f"{base}{inbox}")
        assert response.status in (403, 404), base
        expect(page.locator("body")).not_to_contain_text("Utmaningen –")
        assert_accessible(page)
