"""Playwright with Debian's Chromium, pytest-django's live server, and axe-core.

Use the ``page`` fixture (a fresh context per test, Swedish locale), ``login(page, user)`` to
sign in through the real form, and ``assert_accessible(page)`` to run axe-core (WCAG 2.1 A/AA).
"""

import os
import shutil

import pytest

from tests.conftest import REQUIRE_ALL
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if REQUIRE_ALL:
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(
        locale="sv-SE", base_url=live_server.url, timezone_id="Europe/Stockholm"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, live_server, transactional_db):
    """A 360 px wide phone screen."""
    context = browser.new_context(
        locale="sv-SE",
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        timezone_id="Europe/Stockholm",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, user, password=PASSWORD):
    """Sign in through the login form as a person would."""
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def assert_accessible(page, context=None):
    """axe-core finds no WCAG 2.1 A/AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        context=context,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()


def assert_no_sideways_scroll(page, screen=360):
    """The page is no wider than a ``screen`` px wide window: nothing scrolls sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= screen, f"the page scrolls sideways on a {screen} px screen ({width}px)"
