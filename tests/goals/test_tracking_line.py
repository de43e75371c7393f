"""A contribution's tracking page shows the action-plan activity it led to."""

import pytest
from django.urls import reverse

from contributions.models import Contribution, ContributionTheme, ModerationState, Theme
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory

pytestmark = pytest.mark.django_db


def _contribution(process):
    return Contribution.objects.create(
        process=process,
        kind="idea",
        stage=process.stage_by_key("dialogue"),
        title="Fler cykelvägar",
        text="Bygg en cykelväg mellan Hok och Vaggeryd.",
        consent_to_publish=True,
        moderation_state=ModerationState.PUBLISHED,
    )


def test_tracking_page_shows_the_activity_a_contribution_led_to(client, role_users):
    process, _users = role_users
    contribution = _contribution(process)
    version = ActionPlanVersionFactory(plan__process=process, year=2027, published=True)
    item = ActionPlanItemFactory(version=version, activity="Cykelväg Hok–Vaggeryd")
    item.contributions.add(contribution)
    html = client.get(
        reverse("contributions:track", kwargs={"token": contribution.tracking_token})
    ).content.decode()
    assert "Cykelväg Hok–Vaggeryd" in html
    assert "handlingsplanen 2027" in html


def test_activity_linked_through_a_theme_is_shown_and_unpublished_versions_are_not(
    client, role_users
):
    process, _users = role_users
    contribution = _contribution(process)
    theme = Theme.objects.create(process=process, name="Trafik och pendling")
    ContributionTheme.objects.create(contribution=contribution, theme=theme)
    published = ActionPlanItemFactory(
        version=ActionPlanVersionFactory(plan__process=process, year=2026, published=True),
        activity="Pendlarparkering i Skillingaryd",
    )
    published.themes.add(theme)
    draft = ActionPlanItemFactory(
        version=ActionPlanVersionFactory(plan__process=process, year=2028, published=False),
        activity="Hemligt utkast",
    )
    draft.contributions.add(contribution)
    html = client.get(
        reverse("contributions:track", kwargs={"token": contribution.tracking_token})
    ).content.decode()
    assert "Pendlarparkering i Skillingaryd" in html
    assert "Hemligt utkast" not in html


def test_the_chain_goes_on_to_the_council_goal_and_the_indicators_latest_value(client, role_users):
    from decimal import Decimal

    from tests.goals.factories import IndicatorFactory, MeasurementFactory

    process, _users = role_users
    contribution = _contribution(process)
    item = ActionPlanItemFactory(
        version=ActionPlanVersionFactory(plan__process=process, year=2026, published=True),
        activity="Cykelväg Hok–Vaggeryd",
    )
    item.contributions.add(contribution)
    indicator = IndicatorFactory(goal=item.goal, name="Andel som cyklar till jobbet")
    MeasurementFactory(indicator=indicator, year=2024, value=Decimal("12"))
    MeasurementFactory(indicator=indicator, year=2025, value=Decimal("14.5"))
    html = client.get(
        reverse("contributions:track", kwargs={"token": contribution.tracking_token})
    ).content.decode()
    assert item.goal.title in html
    assert "Andel som cyklar till jobbet: 14,5 % (2025)" in html


def test_an_activity_carried_through_several_versions_is_one_line_the_newest(client, role_users):
    process, _users = role_users
    contribution = _contribution(process)
    plan = goal = None
    for year in (2026, 2027, 2028):
        version = ActionPlanVersionFactory(
            year=year, published=True, **({"plan": plan} if plan else {"plan__process": process})
        )
        plan = version.plan
        extra = {"goal": goal} if goal else {}
        item = ActionPlanItemFactory(version=version, activity="Cykelväg Hok–Vaggeryd", **extra)
        goal = item.goal
        item.contributions.add(contribution)
    html = client.get(
        reverse("contributions:track", kwargs={"token": contribution.tracking_token})
    ).content.decode()
    assert html.count("Cykelväg Hok–Vaggeryd") == 1
    assert "handlingsplanen 2028" in html
