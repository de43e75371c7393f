""" "Ni sa – vi gjorde" counts what the municipality did: focus areas, decisions, drafts on
consultation and the activities of the action plan, under their themes and for the process."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, ContributionKind, ModerationState
from contributions.services.handling import contributions_tag
from goals import services as goals_services
from tests.contributions.factories import ThemeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
from tests.goals.focus_area_factories import FocusAreaFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Role
from visionsprocess.outcome import Deed, outcome_deeds

pytestmark = pytest.mark.django_db


def _contribution(process, n=0):
    return Contribution.objects.create(
        process=process,
        kind=ContributionKind.IDEA,
        stage=process.stages.order_by("position").first(),
        title=f"Idé {n}",
        text="Mer samverkan mellan skolan och företagen.",
        moderation_state=ModerationState.PUBLISHED,
        consent_to_publish=True,
    )


def _page(client, process):
    return client.get(reverse("process_outcome", args=[process.slug])).content.decode()


def _theme_block(page, theme):
    return page.split(f'id="tema-{theme.pk}"', 1)[1].split("</article>", 1)[0]


def test_a_focus_area_grown_from_a_theme_is_what_we_did_under_it(client):
    process = ProcessFactory(title="Utmaningen")
    theme = ThemeFactory(process=process, name="Skola och arbetsliv")
    other = ThemeFactory(process=process, name="Kultur")
    items = [_contribution(process, n) for n in range(6)]
    contributions_tag(process=process, contribution_ids=[c.pk for c in items], theme=theme, by=None)
    contributions_tag(process=process, contribution_ids=[items[0].pk], theme=other, by=None)
    area = FocusAreaFactory(process=process, title="Samverkan skola–lokalsamhälle <i>")
    area.themes.set([theme])
    FocusAreaFactory(process=process, title="Hemligt utkast", is_published=False).themes.set(
        [theme]
    )
    page = _page(client, process)
    block = _theme_block(page, theme)
    assert "Samverkan skola–lokalsamhälle &lt;i&gt;" in block and "Fokusområde" in block
    assert "Ansvarig framåt: Sandra Persson" in block
    assert "Inte än" not in block
    assert "Inte än" in _theme_block(page, other), "a theme nothing grew from says so"
    assert "Hemligt utkast" not in page
    assert "Det här har kommunen gjort" in page


def test_a_process_without_themes_says_what_came_in_and_what_was_done(client):
    process = ProcessFactory(template="service_plan", current_stage="writing")
    for n in range(7):
        _contribution(process, n)
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=30), actor=politician
    )
    page = _page(client, process)
    assert "Inget att rapportera än" not in page
    assert "7 bidrag" in page
    assert "Ett förslag skickades på remiss" in page


def test_decisions_and_activities_are_deeds(client):
    process = ProcessFactory()
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process, actor=politician)
    adopt(version, clerk=clerk, bodies=bodies_for(process))
    plan = ActionPlanVersionFactory(plan__process=process, year=2027, published=False)
    ActionPlanItemFactory(version=plan, activity="Trygghetsvandring i Skillingaryd")
    goals_services.action_plan_version_publish(version=plan)
    page = _page(client, process)
    assert "KF:" in page and "25 november 2019" in page
    assert "Trygghetsvandring i Skillingaryd" in page


def test_another_app_can_register_deeds_through_the_same_registry(client):
    process = ProcessFactory()
    theme = ThemeFactory(process=process, name="Trygghet")
    items = [_contribution(process, n) for n in range(5)]
    contributions_tag(process=process, contribution_ids=[c.pk for c in items], theme=theme, by=None)

    def answers(p):
        if p.pk != process.pk:
            return []
        return [
            Deed(kind="Svar på e-förslag", title="Belysning i Hok", theme_ids=frozenset([theme.pk]))
        ]

    outcome_deeds.register("test.e_proposals", answers)
    try:
        block = _theme_block(_page(client, process), theme)
    finally:
        outcome_deeds._providers.pop("test.e_proposals")
    assert "Svar på e-förslag" in block and "Belysning i Hok" in block
