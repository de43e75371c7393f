"""The action plan: yearly versions, copies, publishing, immutability of superseded versions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from goals import services
from goals.models import ActionPlanItem, ActionPlanVersion, ItemStatus
from tests.factories import ProcessFactory
from tests.goals.factories import CouncilGoalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def plan_setup():
    process = ProcessFactory()
    goal = CouncilGoalFactory(process=process)
    v1 = services.action_plan_version_create(process=process, year=2020)
    item = services.action_plan_item_save(
        version=v1, activity="Trygghetsvandring", goal=goal, status=ItemStatus.NOT_STARTED
    )
    services.action_plan_version_publish(version=v1)
    return process, goal, v1, item


def test_a_new_version_is_a_copy_of_the_latest(plan_setup):
    process, goal, v1, item = plan_setup
    v2 = services.action_plan_version_create(process=process, year=2021)
    assert v2.revision == 2 and not v2.published
    copy = v2.items.get()
    assert (copy.activity, copy.goal, copy.origin) == ("Trygghetsvandring", goal, item)


def test_publishing_supersedes_the_previous_version(plan_setup):
    process, goal, v1, item = plan_setup
    v2 = services.action_plan_version_create(process=process, year=2021)
    services.action_plan_version_publish(version=v2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.is_superseded and v2.is_current


def test_superseded_version_can_no_longer_be_changed(plan_setup):
    process, goal, v1, item = plan_setup
    v2 = services.action_plan_version_create(process=process, year=2021)
    services.action_plan_version_publish(version=v2)
    v1.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.action_plan_item_save(version=v1, item=item, activity="Ändrad", goal=goal)
    assert "superseded" in " ".join(info.value.messages)
    with pytest.raises(ValidationError):
        services.action_plan_item_save(version=v1, activity="Ny", goal=goal)
    with pytest.raises(ValidationError):
        services.action_plan_version_update(version=v1, year=2020, note="x")
    item.refresh_from_db()
    assert item.activity == "Trygghetsvandring"
    # the copy in the new version can still be followed up
    copy = v2.items.get()
    services.action_plan_item_save(
        version=v2, item=copy, activity=copy.activity, goal=goal, status=ItemStatus.DONE
    )
    copy.refresh_from_db()
    assert copy.status == ItemStatus.DONE
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_only_one_unpublished_version_at_a_time(plan_setup):
    process, *_ = plan_setup
    services.action_plan_version_create(process=process, year=2021)
    with pytest.raises(ValidationError):
        services.action_plan_version_create(process=process, year=2021)


def test_database_refuses_two_drafts_and_superseded_drafts(plan_setup):
    process, goal, v1, item = plan_setup
    ActionPlanVersion.objects.create(plan=v1.plan, year=2021, revision=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanVersion.objects.create(plan=v1.plan, year=2021, revision=6)


def test_item_cannot_point_at_a_goal_of_another_process(plan_setup):
    process, goal, v1, item = plan_setup
    v2 = services.action_plan_version_create(process=process, year=2021)
    with pytest.raises(ValidationError):
        services.action_plan_item_save(version=v2, activity="X", goal=CouncilGoalFactory())


def test_public_page_shows_current_version_and_history_but_not_drafts(client, plan_setup):
    process, goal, v1, item = plan_setup
    v2 = services.action_plan_version_create(process=process, year=2021)
    services.action_plan_version_publish(version=v2)
    services.action_plan_version_create(process=process, year=2022)
    response = client.get(reverse("goals:action_plan", kwargs={"slug": process.slug}))
    html = response.content.decode()
    assert "Trygghetsvandring" in html
    assert reverse("goals:action_plan_version", kwargs={"slug": process.slug, "pk": v1.pk}) in html
    assert "2022" not in html


def test_staff_can_make_and_publish_a_version_through_the_pages(client, role_users):
    process, users = role_users
    goal = CouncilGoalFactory(process=process)
    client.force_login(users["official"])
    url = reverse("goals:action_plan_version_create", kwargs={"slug": process.slug})
    response = client.post(url, {"year": 2021, "note": "Första"})
    assert response.status_code == 302
    version = ActionPlanVersion.objects.get(plan__process=process)
    response = client.post(
        reverse("goals:action_plan_item_create", kwargs={"slug": process.slug, "pk": version.pk}),
        {"activity": "Öppna fritidsbanken", "goal": goal.pk, "status": ItemStatus.ONGOING},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(
        reverse(
            "goals:action_plan_version_publish", kwargs={"slug": process.slug, "pk": version.pk}
        )
    )
    version.refresh_from_db()
    assert version.published
    item = ActionPlanItem.objects.get(version=version)
    assert item.activity == "Öppna fritidsbanken"
