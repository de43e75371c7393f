"""The goal hierarchy and its constraints: vision → council goals → committee goals →
indicators and measurements, budget frames, governing documents."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from goals import services
from goals.models import (
    CommitteeGoal,
    CouncilGoal,
    DocumentType,
    Indicator,
    IndicatorSource,
    Measurement,
    Unit,
)
from tests.factories import BodyFactory, ProcessFactory
from tests.goals.conftest import PDF_BYTES
from tests.goals.factories import (
    CommitteeFactory,
    CouncilGoalFactory,
    IndicatorFactory,
    MeasurementFactory,
)
from visionsprocess.models import BodyKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_vision_is_saved_once_per_process_and_updated_in_place():
    process = ProcessFactory()
    services.vision_save(process=process, statement="Här gör vi plats", valid_until=2030)
    vision = services.vision_save(
        process=process, statement="Här gör vi plats för att göra skillnad", valid_until=2030
    )
    assert process.vision == vision
    assert vision.statement.endswith("skillnad")


def test_council_goals_get_the_next_order_and_can_be_reordered():
    process = ProcessFactory()
    a = services.council_goal_save(process=process, term_start=2019, term_end=2022, title="A")
    b = services.council_goal_save(process=process, term_start=2019, term_end=2022, title="B")
    c = services.council_goal_save(process=process, term_start=2019, term_end=2022, title="C")
    assert [a.order, b.order, c.order] == [0, 1, 2]
    services.council_goal_move(goal=c, direction="up")
    titles = list(
        CouncilGoal.objects.filter(process=process)
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert titles == ["A", "C", "B"]
    services.council_goal_move(goal=a, direction="up")  # already first: nothing moves
    titles = list(
        CouncilGoal.objects.filter(process=process)
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert titles == ["A", "C", "B"]


def test_term_cannot_end_before_it_starts():
    process = ProcessFactory()
    with pytest.raises(ValidationError) as info:
        services.council_goal_save(process=process, term_start=2022, term_end=2019, title="X")
    assert "term_end" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilGoal.objects.create(process=process, term_start=2022, term_end=2019, title="X")


def test_committee_goal_needs_at_least_one_council_goal():
    process = ProcessFactory()
    body = CommitteeFactory(municipality=process.municipality)
    with pytest.raises(ValidationError) as info:
        services.committee_goal_save(process=process, body=body, title="Mål", council_goals=[])
    assert "at least one council goal" in " ".join(info.value.messages)
    assert not CommitteeGoal.objects.exists()


def test_committee_goal_serves_goals_of_its_own_process_only():
    process = ProcessFactory()
    foreign = CouncilGoalFactory()
    body = CommitteeFactory(municipality=process.municipality)
    with pytest.raises(ValidationError):
        services.committee_goal_save(
            process=process, body=body, title="Mål", council_goals=[foreign]
        )


def test_only_committees_and_companies_set_committee_goals():
    goal = CouncilGoalFactory()
    council = BodyFactory(municipality=goal.process.municipality, kind=BodyKind.KF, short_name="KF")
    with pytest.raises(ValidationError) as info:
        services.committee_goal_save(
            process=goal.process, body=council, title="Mål", council_goals=[goal]
        )
    assert "body" in info.value.message_dict


def test_committee_goal_can_serve_several_council_goals():
    process = ProcessFactory()
    goals = [CouncilGoalFactory(process=process) for _ in range(2)]
    body = CommitteeFactory(municipality=process.municipality)
    cg = services.committee_goal_save(process=process, body=body, title="Mål", council_goals=goals)
    assert set(cg.council_goals.all()) == set(goals)
    assert goals[0].committee_goals.get() == cg


def test_kolada_indicator_needs_a_key_figure_id():
    goal = CouncilGoalFactory()
    with pytest.raises(ValidationError) as info:
        services.indicator_save(
            goal=goal,
            name="Invånare",
            unit=Unit.COUNT,
            source=IndicatorSource.KOLADA,
            kolada_kpi="",
        )
    assert "kolada_kpi" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_save(
            goal=goal,
            name="Invånare",
            unit=Unit.COUNT,
            source=IndicatorSource.KOLADA,
            kolada_kpi="X123",
        )
    ok = services.indicator_save(
        goal=goal,
        name="Invånare",
        unit=Unit.COUNT,
        source=IndicatorSource.KOLADA,
        kolada_kpi="N01951",
    )
    assert ok.pk


def test_indicator_target_in_percent_cannot_exceed_100():
    with pytest.raises(ValidationError) as info:
        services.indicator_save(
            goal=CouncilGoalFactory(),
            name="Andel",
            unit=Unit.PERCENT,
            target_value=Decimal("120"),
            target_year=2022,
        )
    assert "target_value" in info.value.message_dict


def test_one_value_per_indicator_and_year_in_the_database():
    m = MeasurementFactory(year=2020)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(indicator=m.indicator, year=2020, value=1)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("12,5", Unit.PERCENT, Decimal("12.50")),
        ("80 %", Unit.PERCENT, Decimal("80.00")),
        ("1 234", Unit.COUNT, Decimal("1234.00")),
        ("250 kr", Unit.SEK, Decimal("250.00")),
        ("3 dagar", Unit.DAYS, Decimal("3.00")),
    ],
)
def test_values_are_read_as_people_type_them(text, unit, expected):
    assert services.parse_value(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("120", Unit.PERCENT, "between 0 and 100"),
        ("12 kr", Unit.PERCENT, "Wrong unit"),
        ("80 %", Unit.COUNT, "Wrong unit"),
        ("många", Unit.COUNT, "not a number"),
        ("<script>", Unit.COUNT, "not a number"),
        ("2,5", Unit.COUNT, "whole number"),
        ("-3", Unit.DAYS, "negative"),
        ("", Unit.COUNT, "Enter a value"),
        ("NaN", Unit.COUNT, "finite"),
    ],
)
def test_wrong_values_give_clear_messages(text, unit, message):
    with pytest.raises(ValidationError) as info:
        services.parse_value(text, unit)
    assert message in " ".join(info.value.messages)


def test_years_outside_the_followed_period_are_refused_and_nothing_saved():
    indicator = IndicatorFactory(baseline_year=2018, target_year=2022)
    rows = [
        services.ValueRow(indicator, 2021, Decimal(70)),
        services.ValueRow(indicator, 2031, Decimal(71)),
    ]
    with pytest.raises(ValidationError) as info:
        services.measurements_record(rows=rows)
    assert "2031 is outside" in " ".join(info.value.messages)
    assert not Measurement.objects.exists()


def test_duplicate_years_in_one_submission_are_refused():
    indicator = IndicatorFactory()
    rows = [
        services.ValueRow(indicator, 2021, Decimal(70)),
        services.ValueRow(indicator, 2021, Decimal(71)),
    ]
    with pytest.raises(ValidationError) as info:
        services.measurements_record(rows=rows)
    assert "two values for 2021" in " ".join(info.value.messages)


def test_existing_value_is_not_overwritten_unless_asked():
    m = MeasurementFactory(year=2020, value=Decimal(60))
    with pytest.raises(ValidationError):
        services.measurements_record(
            rows=[services.ValueRow(m.indicator, 2020, Decimal(65))], overwrite=False
        )
    m.refresh_from_db()
    assert m.value == Decimal(60)
    created, updated = services.measurements_record(
        rows=[services.ValueRow(m.indicator, 2020, Decimal(65))], overwrite=True
    )
    m.refresh_from_db()
    assert (created, updated, m.value) == (0, 1, Decimal(65))


def test_indicator_period_spans_baseline_to_target_or_term():
    indicator = IndicatorFactory(
        baseline_year=2016, target_year=2030, goal__term_start=2019, goal__term_end=2022
    )
    assert (indicator.first_year, indicator.last_year) == (2016, 2030)
    plain = Indicator(goal=CouncilGoalFactory(term_start=2019, term_end=2022), name="x")
    assert (plain.first_year, plain.last_year) == (2018, 2022)


def test_budget_frame_year_must_lie_in_the_term_and_be_unique_per_body():
    goal = CouncilGoalFactory()
    body = CommitteeFactory(municipality=goal.process.municipality)
    with pytest.raises(ValidationError) as info:
        services.budget_frame_save(
            process=goal.process, body=body, year=2025, amount_ksek=100, goals=[goal]
        )
    assert "outside the term" in " ".join(info.value.messages)
    services.budget_frame_save(
        process=goal.process, body=body, year=2020, amount_ksek=100, goals=[goal]
    )
    with pytest.raises(ValidationError) as info:
        services.budget_frame_save(
            process=goal.process, body=body, year=2020, amount_ksek=200, goals=[goal]
        )
    assert "already has a budget frame" in " ".join(info.value.messages)
    with pytest.raises(ValidationError):
        services.budget_frame_save(
            process=goal.process, body=body, year=2021, amount_ksek=5, goals=[]
        )


def _upload(content, name="policy.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_governing_document_file_must_really_be_a_pdf():
    goal = CouncilGoalFactory()
    with pytest.raises(ValidationError) as info:
        services.governing_document_save(
            process=goal.process,
            name="Kulturpolicy",
            doc_type=DocumentType.POLICY,
            file=_upload(b"<html><script>alert(1)</script></html>"),
        )
    assert "not a PDF" in " ".join(info.value.messages)
    doc = services.governing_document_save(
        process=goal.process,
        name="Kulturpolicy",
        doc_type=DocumentType.POLICY,
        file=_upload(PDF_BYTES),
        goals=[goal],
        dnr="KFN 2015/61",
    )
    assert doc.file.name.endswith(".pdf")
    assert list(goal.governing_documents.all()) == [doc]


@pytest.mark.parametrize("dnr", ["2019/160", "KS2019/160", "KS 19/160", "ks 2019-160"])
def test_governing_document_dnr_is_validated(dnr):
    process = ProcessFactory()
    with pytest.raises(ValidationError) as info:
        services.governing_document_save(
            process=process, name="Plan", doc_type=DocumentType.PLAN, dnr=dnr
        )
    assert "dnr" in info.value.message_dict


def test_governing_document_has_a_file_or_a_link_not_both():
    process = ProcessFactory()
    with pytest.raises(ValidationError):
        services.governing_document_save(
            process=process,
            name="Plan",
            doc_type=DocumentType.PLAN,
            file=_upload(PDF_BYTES),
            link="https://www.vaggeryd.se/plan.pdf",
        )


def test_document_past_its_validity_is_flagged():
    import datetime as dt

    process = ProcessFactory()
    old = services.governing_document_save(
        process=process,
        name="Kulturpolicy",
        doc_type=DocumentType.POLICY,
        valid_until=dt.date(2020, 12, 31),
    )
    new = services.governing_document_save(
        process=process,
        name="Översiktsplan",
        doc_type=DocumentType.PLAN,
        valid_until=dt.date(2099, 12, 31),
    )
    assert old.is_past_validity and not new.is_past_validity
