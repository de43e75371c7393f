"""The public budget page (anyone who may read the process, no editing controls) and the action
plan's yearly revision: the public page says when the next is due; the clerk is reminded when
the last revision is older than a year."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from goals import selectors
from goals.models import ActionPlanVersion
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.conftest import build_world
from visionsprocess.models import Role, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory()
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    return {
        "process": process,
        **build_world(process),
        "internal": {"process": internal, **build_world(internal)},
    }


def test_an_anonymous_visitor_reads_the_budget_without_editing_controls(client, world):
    process = world["process"]
    response = client.get(reverse("goals:budget_public", args=[process.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world["frame"].body.name in html
    assert reverse("goals:budget_create", args=[process.slug]) not in html
    assert "/staff/" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_budget_of_an_internal_process_stays_with_its_members(client, world):
    internal = world["internal"]["process"]
    response = client.get(reverse("goals:budget_public", args=[internal.slug]))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def _current(process):
    return selectors.current_version(process=process)


def test_the_next_revision_is_due_a_year_after_the_last(world):
    process = world["process"]
    version = _current(process)
    published = timezone.make_aware(dt.datetime(2024, 2, 29, 10, 0))
    ActionPlanVersion.objects.filter(pk=version.pk).update(published_at=published, decision=None)
    revision = selectors.revision_status(process=process, today=dt.date(2025, 2, 27))
    assert revision.last == dt.date(2024, 2, 29)
    assert revision.due == dt.date(2025, 2, 28)
    assert not revision.overdue
    assert selectors.revision_status(process=process, today=dt.date(2025, 3, 1)).overdue


def test_the_public_page_says_when_the_next_revision_is_due(client, world):
    process = world["process"]
    version = _current(process)
    ActionPlanVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.now() - dt.timedelta(days=30), decision=None
    )
    html = client.get(
        reverse("goals:action_plan", args=[process.slug]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "nästa revidering ska göras senast" in html


def test_the_clerk_is_reminded_when_the_last_revision_is_older_than_a_year(client, world):
    process = world["process"]
    version = _current(process)
    ActionPlanVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.now() - dt.timedelta(days=400), decision=None
    )
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    client.force_login(clerk)
    html = client.get(
        reverse("staff:process", args=[process.slug]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Det är dags för handlingsplanens årliga revidering." in html
    client.logout()
    public = client.get(
        reverse("goals:action_plan", args=[process.slug]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "har inte gjorts än" in public


def test_a_politician_is_not_shown_the_clerks_reminder(client, world):
    process = world["process"]
    version = _current(process)
    ActionPlanVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.now() - dt.timedelta(days=400), decision=None
    )
    client.force_login(ProcessRoleFactory(process=process, role=Role.POLITICIAN).user)
    html = client.get(reverse("staff:process", args=[process.slug])).content.decode()
    assert "årliga revidering" not in html and "yearly revision" not in html
