"""A new process is a draft, seen by its staff only, until an administrator publishes it."""

import pytest
from django.urls import reverse

from tests.factories import ProcessRoleFactory, UserFactory
from visionsprocess.models import Municipality, Role, VisionProcess
from visionsprocess.services import process_create, process_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    municipality = Municipality.objects.create(name="Kramfors kommun", code="2282")
    admin = UserFactory()
    process = process_create(
        municipality=municipality,
        title="Framtidsbygget 2040",
        slug="framtidsbygget-2040",
        horizon_year=2040,
        template="service_plan",
        creator=admin,
    )
    process.admin = admin
    return process


def _public_urls(process):
    return [
        process.get_absolute_url(),
        reverse("process_outcome", args=[process.slug]),
        reverse("notices:follow", args=["process", process.slug]),
        reverse("contributions:wall", args=[process.slug]),
        reverse("contributions:submit_start", args=[process.slug]),
    ]


def test_a_process_made_from_a_template_starts_as_a_draft(draft):
    assert draft.is_draft and not draft.is_public
    assert not VisionProcess.objects.public().filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "official of another process"])
def test_the_public_pages_of_a_draft_are_not_found(client, draft, who):
    if who == "citizen":
        client.force_login(UserFactory())
    elif who != "anonymous":
        client.force_login(ProcessRoleFactory(role=Role.OFFICIAL).user)
    for url in _public_urls(draft):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("notices:follow", args=["process", draft.slug]), {"email": "ola@example.org"}
        ).status_code
        == 404
    )


def test_a_draft_is_not_on_the_start_page_but_its_staff_find_it(client, draft):
    assert "Framtidsbygget 2040" not in client.get(reverse("home")).content.decode()
    client.force_login(draft.admin)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Utkast – inte publicerad" in page
    overview = client.get(reverse("staff:process", args=[draft.slug])).content.decode()
    assert 'id="publish-process"' in overview


def test_an_official_of_the_draft_sees_it_but_cannot_publish_it(client, draft):
    official = ProcessRoleFactory(process=draft, role=Role.OFFICIAL).user
    client.force_login(official)
    overview = client.get(reverse("staff:process", args=[draft.slug])).content.decode()
    assert "En processadministratör publicerar den." in overview
    assert 'id="publish-process"' not in overview
    url = reverse("staff:process_publish", args=[draft.slug])
    assert client.post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_administrator_publishes_and_the_public_finds_it(client, draft):
    client.force_login(draft.admin)
    url = reverse("staff:process_publish", args=[draft.slug])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public
    client.logout()
    assert "Framtidsbygget 2040" in client.get(reverse("home")).content.decode()
    for url in _public_urls(draft):
        assert client.get(url).status_code in (200, 302), url


def test_publishing_twice_keeps_the_first_date(draft):
    first = process_publish(process=draft).published_at
    again = process_publish(process=VisionProcess.objects.get(pk=draft.pk)).published_at
    assert first == again


def test_an_internal_draft_stays_internal_once_published(draft):
    draft.visibility = "internal"
    draft.save()
    process_publish(process=draft)
    assert not draft.is_public
