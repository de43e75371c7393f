"""Compare versions opens on the previous version against the latest, never one with itself."""

import pytest
from django.urls import reverse

from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(current_stage="drafting")
    politician = ProcessRoleFactory(process=process, role="politician").user
    _round, version = draft_world(process, actor=politician)
    return {"process": process, "user": politician, "version": version}


def _url(world):
    return reverse("drafting:compare", args=[world["process"].slug])


def _next(version):
    new = services.version_create_next(version=version, actor=None)
    services.paragraph_edit(
        paragraph=new.paragraphs.get(order=2),
        text=f"Vi bygger framtiden ihop, version {new.number}.",
        base_revision=1,
        actor=None,
    )
    return new


def test_without_parameters_the_previous_version_is_compared_with_the_latest(client, world):
    v2 = _next(world["version"])
    v3 = _next(v2)
    client.force_login(world["user"])
    response = client.get(_url(world))
    assert response.status_code == 200
    assert (response.context["old"], response.context["new"]) == (v2, v3)
    assert response.context["form"]["a"].value() == str(v2.number)
    assert response.context["form"]["b"].value() == str(v3.number)
    body = response.content.decode()
    assert f"Ändringar från version {v2.number} till version {v3.number}" in body


def test_with_only_the_newer_side_the_older_is_the_one_before_it(client, world):
    v2 = _next(world["version"])
    _next(v2)
    client.force_login(world["user"])
    response = client.get(_url(world), {"b": v2.number})
    assert (response.context["old"], response.context["new"]) == (world["version"], v2)


def test_a_version_against_itself_is_refused_with_a_clear_message(client, world):
    v2 = _next(world["version"])
    client.force_login(world["user"])
    response = client.get(_url(world), {"a": v2.number, "b": v2.number})
    body = response.content.decode()
    assert response.status_code == 200 and response.context["rows"] is None
    assert f"Båda sidorna är version {v2.number}" in body and 'role="alert"' in body


@pytest.mark.parametrize("bad", ["<script>x</script>", "99", "-1", "1e9"])
def test_a_version_that_does_not_exist_is_a_form_error_not_a_500(client, world, bad):
    _next(world["version"])
    client.force_login(world["user"])
    response = client.get(_url(world), {"a": bad, "b": "2"})
    assert response.status_code == 200 and response.context["form"].errors["a"]
    assert "<script>x</script>" not in response.content.decode()


def test_with_one_version_the_page_says_a_comparison_needs_two(client, world):
    client.force_login(world["user"])
    response = client.get(_url(world))
    assert response.status_code == 200 and response.context["rows"] is None
    assert "Det finns bara en version än" in response.content.decode()
