"""The public association register: an association is listed only when it agreed (opt-in),
with the contact channel it publishes itself."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialog import services
from dialog.models import Organisation
from tests.dialog.factories import OrganisationFactory
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db

URL = reverse("dialog:associations")
CONSENT = dt.date(2026, 3, 2)


def _listed(municipality, name, channel="https://www.example.org/forening", **fields):
    return OrganisationFactory(
        municipality=municipality,
        name=name,
        is_listed_publicly=True,
        public_contact=channel,
        listing_consent_on=CONSENT,
        **fields,
    )


@pytest.fixture
def municipality():
    return ProcessFactory().municipality


def _save(municipality, organisation=None, **data):
    base = {"name": "Vaggeryds Hembygdsförening", "category": "culture"}
    return services.organisation_save(
        municipality=municipality, data={**base, **data}, organisation=organisation
    )


def test_only_associations_that_agreed_are_listed(client, municipality):
    _listed(municipality, "Vaggeryds Hembygdsförening")
    OrganisationFactory(municipality=municipality, name="Hoks Sportklubb")
    html = client.get(URL).content.decode()
    assert "Vaggeryds Hembygdsförening" in html
    assert "Hoks Sportklubb" not in html


def test_the_page_shows_no_contact_person_private_address_or_phone(client, municipality):
    _listed(
        municipality,
        "PRO Vaggeryd",
        channel="info@pro-vaggeryd.example.org",
        contact_person="Bertil Lind",
        email="bertil.lind@example.org",
        phone="0393-123 45",
    )
    html = client.get(URL).content.decode()
    assert 'href="mailto:info@pro-vaggeryd.example.org"' in html
    assert "Bertil" not in html and "bertil.lind" not in html and "123 45" not in html


def test_a_website_and_a_phone_channel_are_links(client, municipality):
    _listed(municipality, "Skillingaryds Musikkår", channel="https://musikkaren.example.org")
    _listed(municipality, "Klevshults Byalag", channel="0393-555 12")
    html = client.get(URL).content.decode()
    assert 'href="https://musikkaren.example.org"' in html
    assert 'href="tel:039355512"' in html


def test_another_municipalitys_associations_are_not_listed(client, municipality):
    other = MunicipalityFactory(name="Vansbro kommun", code="2021")
    _listed(other, "Vansbro Skidklubb")
    assert "Vansbro Skidklubb" not in client.get(URL).content.decode()


def test_names_are_escaped(client, municipality):
    _listed(municipality, "<script>alert(1)</script> IF")
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_listing_is_saved_with_channel_and_consent_date(municipality):
    organisation = _save(
        municipality,
        is_listed_publicly=True,
        public_contact="https://www.example.org/hembygd",
        listing_consent_on=CONSENT,
    )
    organisation.refresh_from_db()
    assert organisation.is_listed_publicly and organisation.listing_consent_on == CONSENT


def test_listing_without_consent_date_is_refused(municipality):
    with pytest.raises(ValidationError) as error:
        _save(municipality, is_listed_publicly=True, public_contact="info@hembygd.example.org")
    assert "listing_consent_on" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_listing_without_a_channel_is_refused(municipality):
    with pytest.raises(ValidationError) as error:
        _save(municipality, is_listed_publicly=True, listing_consent_on=CONSENT)
    assert "public_contact" in error.value.message_dict


def test_the_contact_persons_own_address_is_refused_as_public_channel(municipality):
    with pytest.raises(ValidationError) as error:
        _save(
            municipality,
            contact_person="Inga Svensson",
            is_listed_publicly=True,
            public_contact="inga.svensson@example.org",
            listing_consent_on=CONSENT,
        )
    assert "public_contact" in error.value.message_dict


@pytest.mark.parametrize("channel", ["ring oss", "javascript:alert(1)", "https://", "a@b", "12"])
def test_a_channel_that_is_no_website_address_or_phone_is_refused(municipality, channel):
    with pytest.raises(ValidationError) as error:
        _save(municipality, public_contact=channel)
    assert "public_contact" in error.value.message_dict


def test_a_consent_date_in_the_future_is_refused(municipality):
    with pytest.raises(ValidationError) as error:
        _save(
            municipality,
            is_listed_publicly=True,
            public_contact="info@hembygd.example.org",
            listing_consent_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "listing_consent_on" in error.value.message_dict


def test_the_database_refuses_a_listing_without_consent(municipality):
    from django.db import IntegrityError, transaction

    organisation = OrganisationFactory(municipality=municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(is_listed_publicly=True)


def test_staff_list_an_association_from_the_register_form(client, municipality):
    process = municipality.processes.get()
    admin = ProcessRoleFactory(process=process, role=Role.ADMIN).user
    organisation = OrganisationFactory(municipality=municipality, name="Teaterföreningen Kulissen")
    client.force_login(admin)
    response = client.post(
        reverse("dialog:register_edit", args=[organisation.pk]),
        {
            "name": "Teaterföreningen Kulissen",
            "category": "culture",
            "wants_invitations": "on",
            "is_listed_publicly": "on",
            "public_contact": "https://kulissen.example.org",
            "listing_consent_on": "2026-03-09",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "Teaterföreningen Kulissen" in client.get(URL).content.decode()


def test_a_bad_listing_in_the_form_is_answered_with_the_form(client, municipality):
    process = municipality.processes.get()
    admin = ProcessRoleFactory(process=process, role=Role.ADMIN).user
    organisation = OrganisationFactory(municipality=municipality, name="Kulissen")
    client.force_login(admin)
    response = client.post(
        reverse("dialog:register_edit", args=[organisation.pk]),
        {
            "name": "Kulissen",
            "category": "culture",
            "is_listed_publicly": "on",
            "listing_consent_on": "inte ett datum",
        },
    )
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert not organisation.is_listed_publicly


@pytest.mark.parametrize("size", [2, 20])
def test_query_count_stays_constant(client, django_assert_num_queries, municipality, size):
    for n in range(size):
        _listed(municipality, f"Förening {n}")
    client.get(URL)  # the municipality in the cache
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert response.content.decode().count('<li class="mb-3">') == size
