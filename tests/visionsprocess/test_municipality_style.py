"""The municipality's administrator sets its colours, the documents' typeface and footer at
/staff/kommun/utseende/; a too light colour is refused with a message at its field."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MunicipalityFactory, UserFactory
from visionsprocess.models import HostName, Municipality, MunicipalityRole

pytestmark = pytest.mark.django_db

VANSBRO_HOST = "dialog.vansbro.test"
URL = "/staff/kommun/utseende/"
GOOD = {
    "primary_colour": "#1F5F3A",
    "accent_colour": "#b5790a",
    "document_typeface": "dejavu-serif",
    "document_footer": "Vansbro kommun ·  780 50 Vansbro",
}


@pytest.fixture
def vansbro_admin():
    MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vansbro, host=VANSBRO_HOST, is_primary=True)
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=vansbro, user=admin)
    client = Client(HTTP_HOST=VANSBRO_HOST)
    client.force_login(admin)
    return vansbro, client


def test_the_url_is_the_staff_pages():
    assert reverse("staff:municipality_style") == URL


def test_the_administrator_sets_colours_typeface_and_footer(vansbro_admin):
    vansbro, client = vansbro_admin
    page = client.get(URL)
    assert page.status_code == 200 and "Vansbro kommun" in page.content.decode()
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    vansbro.refresh_from_db()
    assert (vansbro.primary_colour, vansbro.accent_colour) == ("#1f5f3a", "#b5790a")
    assert vansbro.document_typeface == "dejavu-serif"
    assert vansbro.document_footer == "Vansbro kommun · 780 50 Vansbro"
    assert "--vp-primary: #1f5f3a" in client.get("/theme.css").content.decode()


def test_a_too_light_accent_is_refused_at_its_field_and_nothing_changes(vansbro_admin):
    vansbro, client = vansbro_admin
    response = client.post(URL, {**GOOD, "accent_colour": "#f0b400"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["accent_colour"] and "minst 3:1" in errors["accent_colour"][0]
    assert Municipality.objects.get(pk=vansbro.pk).accent_colour != "#f0b400"


@pytest.mark.parametrize(
    "bad",
    [
        {"primary_colour": "red"},
        {"primary_colour": "#fff"},
        {"accent_colour": "#12345g"},
        {"document_typeface": "comic-sans"},
        {"document_footer": "x" * 151},
    ],
)
def test_bad_input_is_a_message_not_an_error(vansbro_admin, bad):
    _vansbro, client = vansbro_admin
    response = client.post(URL, {**GOOD, **bad})
    assert response.status_code == 200 and response.context["form"].errors


def test_script_in_the_footer_is_kept_as_text_and_escaped_on_the_page(vansbro_admin):
    vansbro, client = vansbro_admin
    client.post(URL, {**GOOD, "document_footer": "<script>alert(1)</script>"})
    page = client.get(URL).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_the_administrator_of_another_municipality_cannot_open_it(vansbro_admin):
    vaggeryd = Municipality.objects.get(code="0682")
    other = UserFactory()
    MunicipalityRole.objects.create(municipality=vaggeryd, user=other)
    client = Client(HTTP_HOST=VANSBRO_HOST)
    client.force_login(other)
    assert client.get(URL).status_code == 403
    assert client.post(URL, GOOD).status_code == 403
