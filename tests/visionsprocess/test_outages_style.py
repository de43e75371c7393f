"""The municipality's style page (``/staff/kommun/utseende/``) with Redis (the cache) or the
Celery broker down: it answers, the administrator's colours are saved, and the public pages'
stylesheet shows them at once (never a stale cached one). "Down" is a port nothing listens on."""

import time

import pytest
from django.test import Client

from tests.conftest import DEAD_REDIS_URL, REDIS_URL
from tests.factories import MunicipalityFactory, UserFactory
from visionsprocess.models import HostName, Municipality, MunicipalityRole

URL = "/staff/kommun/utseende/"
HOST = "dialog.vansbro.test"
STYLE = {
    "primary_colour": "#1F5F3A",
    "accent_colour": "#b5790a",
    "document_typeface": "dejavu-serif",
    "document_footer": "Vansbro kommun · 780 50 Vansbro",
}


def _cache_settings(url):
    return {
        "default": {
            "BACKEND": "visionsprocess.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"vp-test-{time.monotonic_ns()}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _admin_client():
    municipality = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=municipality, host=HOST, is_primary=True)
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=municipality, user=admin)
    client = Client(HTTP_HOST=HOST)
    client.force_login(admin)
    return municipality, client


def _saves_and_shows(municipality, client):
    page = client.get(URL)
    assert page.status_code == 200 and "Vansbro kommun" in page.content.decode()
    assert "--vp-primary" in client.get("/theme.css").content.decode()
    response = client.post(URL, STYLE)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    saved = Municipality.objects.get(pk=municipality.pk)
    assert (saved.primary_colour, saved.accent_colour) == ("#1f5f3a", "#b5790a")
    assert "--vp-primary: #1f5f3a" in client.get("/theme.css").content.decode()
    refused = client.post(URL, {**STYLE, "accent_colour": "#f0b400"})
    assert refused.status_code == 200 and refused.context["form"].errors


@pytest.mark.django_db
def test_style_page_answers_and_saves_with_the_cache_down(settings):
    settings.CACHES = _cache_settings(DEAD_REDIS_URL)
    _saves_and_shows(*_admin_client())


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cache", ["up", "down"])
def test_style_page_answers_and_saves_with_the_broker_down(broker, settings, cache):
    settings.CACHES = _cache_settings(REDIS_URL if cache == "up" else DEAD_REDIS_URL)
    broker.down()
    started = time.monotonic()
    _saves_and_shows(*_admin_client())
    assert time.monotonic() - started < 20, "a broker that is down does not hang the page"
