"""The process map tells the truth: where a draft is on consultation, what is late, one date for
a one-day stage."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Role, Stage
from visionsprocess.services import process_update

pytestmark = pytest.mark.django_db


def _page(client, process):
    return client.get(process.get_absolute_url()).content.decode()


def _card(page, name):
    return page.split(f"<h3>{name}</h3>", 1)[1].split("</li>", 1)[0]


def test_sending_a_draft_on_consultation_makes_the_consultation_stage_current(client):
    process = ProcessFactory(template="service_plan", current_stage="writing")
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=30), actor=politician
    )
    process.refresh_from_db()
    assert process.current_stage.key == "consultation"
    card = _card(_page(client, process), process.current_stage.name_sv)
    assert "Pågående steg" in card and "Kommande" not in card


def test_a_process_further_on_stays_where_it_is_when_a_draft_goes_on_consultation():
    process = ProcessFactory(template="service_plan", current_stage="adoption")
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=30), actor=politician
    )
    process.refresh_from_db()
    assert process.current_stage.key == "adoption"


def test_a_current_stage_past_its_planned_end_is_shown_delayed(client):
    process = ProcessFactory(template="programme", current_stage="follow_up")
    Stage.objects.filter(process=process, key="follow_up").update(
        starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2022, 12, 31)
    )
    card = _card(_page(client, process), process.stage_by_key("follow_up").name_sv)
    assert "Försenad" in card and "Skulle ha avslutats 31 december 2022." in card


def test_a_coming_stage_whose_start_has_passed_is_shown_delayed(client):
    process = ProcessFactory(current_stage="dialogue")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Stage.objects.filter(process=process, key="engagement").update(starts_on=yesterday)
    page = _page(client, process)
    assert "Försenad" in _card(page, "Breddat engagemang")
    assert "Försenad" not in _card(page, "Skapande och formulering")


def test_a_stage_on_time_is_not_delayed(client):
    process = ProcessFactory(current_stage="dialogue")
    today = timezone.localdate()
    process_update(
        process=process,
        data={},
        stages={process.stage_by_key("dialogue"): {"starts_on": today, "ends_on": today}},
    )
    card = _card(_page(client, process), "Dialogmöten")
    assert "Försenad" not in card


def test_a_one_day_stage_prints_its_date_once(client):
    process = ProcessFactory(current_stage="dialogue")
    day = dt.date(timezone.localdate().year + 1, 11, 25)
    Stage.objects.filter(process=process, key="adoption").update(starts_on=day, ends_on=day)
    card = _card(_page(client, process), "Antagande")
    assert card.count(f"25 november {day.year}") == 1 and "–<time" not in card
