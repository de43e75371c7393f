"""The clerk's chain: a matter's planned decision path (parallel steps, filled by decisions,
overdue flags), its distribution list sent once per decision (expediering), and parallel steps of
the text's adoption path."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from tests.factories import BodyFactory, MunicipalityFactory
from tests.visionsprocess.clerk_world import clerk_world
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.decisions import distribution, planning
from visionsprocess.decisions.services import decision_create
from visionsprocess.drafting import services as drafting
from visionsprocess.models import (
    DecisionDispatch,
    OutgoingEmail,
    PlannedStep,
    VersionState,
)

pytestmark = pytest.mark.django_db

PROGRAMME = "programme"


def record(process, body, date, number, clerk, **extra):
    return decision_create(
        process=process,
        matter=PROGRAMME,
        body=body,
        meeting_date=date,
        paragraph_number=number,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
        **extra,
    )


def plan(process, clerk, step, bodies, date, note=""):
    return planning.planned_step_add(
        process=process,
        matter=PROGRAMME,
        bodies=bodies,
        step=step,
        planned_date=date,
        note=note,
        actor=clerk,
    )


@pytest.fixture
def world():
    return clerk_world()


@pytest.fixture
def seed_plan(world):
    """The seed's path: the committees in parallel, then KSAU 28 Aug, KS 6 Nov, KF 25 Nov 2019."""
    process, bodies, clerk = world
    plan(process, clerk, 1, [bodies["BUN"], bodies["SON"]], dt.date(2019, 8, 20), "i nämnderna")
    plan(process, clerk, 2, [bodies["KSAU"]], dt.date(2019, 8, 28), "ramar och upplägg")
    plan(process, clerk, 3, [bodies["KS"]], dt.date(2019, 11, 6))
    plan(process, clerk, 4, [bodies["KF"]], dt.date(2019, 11, 25), "med programbudgeten")
    return world


def test_a_planned_path_reads_as_steps_with_parallel_bodies(seed_plan):
    process, bodies, _clerk = seed_plan
    (timeline,) = planning.timelines(process=process)
    assert [step.number for step in timeline.steps] == [1, 2, 3, 4]
    assert timeline.steps[0].parallel and not timeline.steps[1].parallel
    assert {e.planned.body.short_name for e in timeline.steps[0].entries} == {"BUN", "SON"}
    assert timeline.steps[3].entries[0].planned.planned_date == dt.date(2019, 11, 25)


def test_a_recorded_decision_fills_its_bodys_step_and_no_other(seed_plan):
    process, bodies, clerk = seed_plan
    decision = record(process, bodies["KSAU"], dt.date(2019, 8, 28), 120, clerk)
    filled = PlannedStep.objects.get(decision=decision)
    assert (filled.step, filled.body.short_name) == (2, "KSAU")
    assert PlannedStep.objects.filter(decision__isnull=False).count() == 1


def test_a_decision_on_another_date_still_fills_the_step_and_keeps_the_planned_date(seed_plan):
    process, bodies, clerk = seed_plan
    decision = record(process, bodies["KS"], dt.date(2019, 11, 13), 187, clerk)
    step = PlannedStep.objects.get(decision=decision)
    assert step.planned_date == dt.date(2019, 11, 6)


def test_decisions_recorded_before_the_plan_fill_it_in_date_order(world):
    process, bodies, clerk = world
    first = record(process, bodies["KSAU"], dt.date(2019, 8, 28), None, clerk)
    second = record(process, bodies["KSAU"], dt.date(2019, 10, 16), 231, clerk)
    plan(process, clerk, 1, [bodies["KSAU"]], dt.date(2019, 8, 28))
    plan(process, clerk, 2, [bodies["KSAU"]], dt.date(2019, 10, 16))
    assert PlannedStep.objects.get(step=1).decision == first
    assert PlannedStep.objects.get(step=2).decision == second


def test_a_step_past_its_date_without_a_decision_is_overdue(seed_plan):
    process, bodies, clerk = seed_plan
    record(process, bodies["BUN"], dt.date(2019, 8, 20), 45, clerk)
    overdue = list(planning.overdue_steps(process=process, today=dt.date(2019, 9, 1)))
    assert [(s.body.short_name, s.planned_date) for s in overdue] == [
        ("SON", dt.date(2019, 8, 20)),
        ("KSAU", dt.date(2019, 8, 28)),
    ]
    (timeline,) = planning.timelines(process=process, today=dt.date(2019, 9, 1))
    assert len(timeline.overdue) == 2 and not timeline.complete


def test_a_step_planned_for_today_or_later_is_not_overdue(world):
    process, bodies, clerk = world
    today = timezone.localdate()
    plan(process, clerk, 1, [bodies["KS"]], today)
    plan(process, clerk, 2, [bodies["KF"]], today + dt.timedelta(days=30))
    assert not planning.overdue_steps(process=process).exists()


def test_a_body_of_another_municipality_cannot_be_planned(world):
    process, _bodies, clerk = world
    elsewhere = BodyFactory(municipality=MunicipalityFactory(name="Nynäshamns kommun", code="0192"))
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        plan(process, clerk, 1, [elsewhere], dt.date(2019, 8, 28))
    assert "egen kommun" in " ".join(error.value.messages)
    assert not PlannedStep.objects.exists()


def test_the_same_body_twice_at_one_step_is_refused_with_a_message(seed_plan):
    process, bodies, clerk = seed_plan
    with pytest.raises(ValidationError):
        plan(process, clerk, 1, [bodies["BUN"]], dt.date(2019, 8, 21))
    assert PlannedStep.objects.filter(step=1).count() == 2


def test_an_unknown_matter_is_refused(world):
    process, bodies, clerk = world
    with pytest.raises(ValidationError):
        planning.planned_step_add(
            process=process,
            matter="<script>",
            bodies=[bodies["KS"]],
            step=1,
            planned_date=dt.date(2019, 8, 28),
            actor=clerk,
        )


def test_a_step_with_its_decision_cannot_be_removed(seed_plan):
    process, bodies, clerk = seed_plan
    decision = record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    with pytest.raises(ValidationError):
        planning.planned_step_remove(planned_step=decision.planned_step, actor=clerk)
    open_step = PlannedStep.objects.get(body=bodies["KS"])
    planning.planned_step_remove(planned_step=open_step, actor=clerk)
    assert not PlannedStep.objects.filter(body=bodies["KS"]).exists()


# --- Distribution and expediering -------------------------------------------------------------


@pytest.fixture
def with_list(world):
    process, bodies, clerk = world
    distribution.distribution_entry_add(
        process=process,
        matter=PROGRAMME,
        name="Samtliga nämnder",
        email="namnderna@example.org",
        actor=clerk,
    )
    distribution.distribution_entry_add(
        process=process, matter=PROGRAMME, name="Kommunens ledningsgrupp", actor=clerk
    )
    distribution.distribution_entry_add(
        process=process, matter=PROGRAMME, body=bodies["SON"], email="son@example.org", actor=clerk
    )
    return world


def test_recording_a_decision_sends_it_to_its_list_and_records_the_expediering(with_list):
    process, bodies, clerk = with_list
    decision = record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    sent = {row.recipient: row for row in decision.dispatches.all()}
    assert set(sent) == {"Samtliga nämnder", "Kommunens ledningsgrupp", "Socialnämnden"}
    assert sent["Samtliga nämnder"].sent_by == clerk and sent["Samtliga nämnder"].sent_at
    assert sent["Kommunens ledningsgrupp"].email == ""  # no address: sent by hand
    mails = list(OutgoingEmail.objects.order_by("to"))
    assert [mail.to for mail in mails] == ["namnderna@example.org", "son@example.org"]
    assert "KF 2019-11-25 § 112" in mails[0].subject
    assert "Dnr: KS 2019/160" in mails[0].body
    assert sent["Samtliga nämnder"].email_message == mails[0]


def test_sending_again_sends_nothing_twice(with_list):
    process, bodies, clerk = with_list
    decision = record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    assert distribution.decision_dispatch(decision=decision, actor=clerk) == []
    assert OutgoingEmail.objects.count() == 2
    assert DecisionDispatch.objects.count() == 3


def test_a_retried_recording_is_refused_and_sends_nothing_more(with_list):
    process, bodies, clerk = with_list
    record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    with pytest.raises(ValidationError):
        record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    record(process, bodies["KSAU"], dt.date(2019, 8, 28), None, clerk)
    with pytest.raises(ValidationError):
        record(process, bodies["KSAU"], dt.date(2019, 8, 28), None, clerk)
    assert OutgoingEmail.objects.count() == 4
    assert DecisionDispatch.objects.count() == 6


def test_a_recipient_added_later_gets_the_decision_once(with_list):
    process, bodies, clerk = with_list
    decision = record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    distribution.distribution_entry_add(
        process=process,
        matter=PROGRAMME,
        name="Vaggerydsbostäder AB",
        email="registrator@vbo.example.org",
        actor=clerk,
    )
    made = distribution.decision_dispatch(decision=decision, actor=clerk)
    assert [row.recipient for row in made] == ["Vaggerydsbostäder AB"]
    assert distribution.decision_dispatch(decision=decision, actor=clerk) == []
    assert OutgoingEmail.objects.filter(to="registrator@vbo.example.org").count() == 1


def test_a_recipient_needs_a_name_or_a_body(world):
    process, _bodies, clerk = world
    with pytest.raises(ValidationError):
        distribution.distribution_entry_add(process=process, matter=PROGRAMME, actor=clerk)


def test_a_bad_address_is_refused(world):
    process, _bodies, clerk = world
    with pytest.raises(ValidationError) as error:
        distribution.distribution_entry_add(
            process=process, matter=PROGRAMME, name="Nämnderna", email="<script>", actor=clerk
        )
    assert "email" in error.value.message_dict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_sending_at_once_send_each_recipient_one_mail():
    process, bodies, clerk = clerk_world()
    decision = record(process, bodies["KF"], dt.date(2019, 11, 25), 112, clerk)
    for name, email in (
        ("Samtliga nämnder", "namnderna@example.org"),
        ("Kommunens ledningsgrupp", "ledningsgruppen@example.org"),
    ):
        distribution.distribution_entry_add(
            process=process, matter=PROGRAMME, name=name, email=email, actor=clerk
        )
    barrier = threading.Barrier(2)
    counts = []

    def send():
        try:
            barrier.wait()
            counts.append(len(distribution.decision_dispatch(decision=decision, actor=clerk)))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 2]
    assert OutgoingEmail.objects.count() == 2


# --- Parallel steps of the text's adoption path -----------------------------------------------


def test_committees_in_parallel_must_all_decide_before_ks(world):
    process, bodies, clerk = world
    _round, version = draft_world(process)
    drafting.adoption_path_set(
        process=process,
        bodies=[[bodies["BUN"], bodies["SON"]], bodies["KS"], bodies["KF"]],
        actor=clerk,
    )
    assert str(process.adoption_path) == "BUN + SON → KS → KF"

    def decide(body, date, number):
        return drafting.decision_record(
            version=version,
            body=body,
            meeting_date=date,
            paragraph_number=number,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )

    with translation.override("sv"), pytest.raises(ValidationError) as error:
        decide(bodies["KS"], dt.date(2019, 11, 6), 187)
    assert "BUN, SON" in " ".join(error.value.messages)
    decide(bodies["SON"], dt.date(2019, 9, 18), 40)  # either committee may come first
    with pytest.raises(ValidationError):
        decide(bodies["KS"], dt.date(2019, 11, 6), 187)
    decide(bodies["BUN"], dt.date(2019, 9, 20), 51)
    with pytest.raises(ValidationError):  # before the committees' decisions
        decide(bodies["KS"], dt.date(2019, 9, 19), 150)
    decide(bodies["KS"], dt.date(2019, 11, 6), 187)
    version.refresh_from_db()
    assert version.state == VersionState.DECIDED
    decide(bodies["KF"], dt.date(2019, 11, 25), 112)
    version.refresh_from_db()
    assert version.state == VersionState.ADOPTED


def test_a_decision_on_the_text_fills_the_planned_path_of_its_matter(world):
    process, bodies, clerk = world
    _round, version = draft_world(process)
    drafting.adoption_path_set(process=process, bodies=[bodies["KF"]], actor=clerk)
    planning.planned_step_add(
        process=process,
        matter="draft_version",
        bodies=[bodies["KF"]],
        step=1,
        planned_date=dt.date(2019, 11, 25),
        actor=clerk,
    )
    decision = drafting.decision_record(
        version=version,
        body=bodies["KF"],
        meeting_date=dt.date(2019, 11, 25),
        paragraph_number=112,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
    )
    assert PlannedStep.objects.get().decision == decision
