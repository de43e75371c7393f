"""Reads of the goals app, one per screen, with their joins done."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from visionsprocess.models import Body, Visibility

from .models import (
    CONTRIBUTING_BODY_KINDS,
    SDG,
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    ItemStatus,
    Measurement,
    Vision,
    VisionBasis,
)


def vision_for(*, process) -> Vision | None:
    """The vision ``process`` rests on (its own or the municipality's), with its decisions."""
    return (
        Vision.objects.filter(bases__process=process)
        .select_related("decision__body", "adoption_decision__body")
        .first()
    )


def vision_with_processes(*, process) -> tuple[Vision | None, list]:
    """The vision ``process`` rests on and the other public processes that rest on it, in one
    query (every basis of that vision, each with the vision and its process)."""
    bases = list(
        VisionBasis.objects.filter(vision__bases__process=process)
        .select_related("vision__decision__body", "vision__adoption_decision__body", "process")
        .order_by("process__title", "pk")
    )
    if not bases:
        return None, []
    others = [b.process for b in bases if b.process_id != process.pk and b.process.is_public]
    return bases[0].vision, others


def municipality_visions(*, municipality) -> list[Vision]:
    """The municipality's visions still valid this year, each with the public processes that
    rest on it (two queries)."""
    year = timezone.localdate().year
    public_bases = VisionBasis.objects.filter(
        process__visibility=Visibility.PUBLIC, process__published_at__isnull=False
    ).select_related("process__current_stage")
    return list(
        Vision.objects.filter(municipality=municipality, valid_until__gte=year)
        .select_related("decision__body", "adoption_decision__body")
        .prefetch_related(Prefetch("bases", queryset=public_bases.order_by("process__title")))
        .order_by("-valid_until", "pk")
    )


def council_goals(*, process, all_terms: bool = False):
    qs = CouncilGoal.objects.filter(process=process)
    if not all_terms:
        # The current term (the latest start), in the same query.
        latest = CouncilGoal.objects.filter(process=process).order_by("-term_start")
        qs = qs.filter(term_start=Subquery(latest.values("term_start")[:1]))
    return (
        qs.select_related("process", "decision__body")
        .order_by("-term_start", "order", "id")
        .prefetch_related(
            Prefetch("sdg_links", queryset=CouncilGoalSDG.objects.select_related("sdg"))
        )
    )


def council_goal_detail(*, process, pk) -> CouncilGoal:
    return get_object_or_404(
        CouncilGoal.objects.filter(process=process)
        .select_related("decision__body")
        .prefetch_related(
            Prefetch("sdg_links", queryset=CouncilGoalSDG.objects.select_related("sdg")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "id").prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("year"))
                ),
            ),
            Prefetch(
                "committee_goals",
                queryset=CommitteeGoal.objects.select_related("body").order_by(
                    "body__order", "order", "id"
                ),
            ),
            Prefetch(
                "governing_documents",
                queryset=GoverningDocument.objects.select_related("adopted_by").order_by("name"),
            ),
        ),
        pk=pk,
    )


def neighbours(*, goal: CouncilGoal) -> tuple[CouncilGoal | None, CouncilGoal | None]:
    siblings = list(
        CouncilGoal.objects.filter(process_id=goal.process_id, term_start=goal.term_start)
        .order_by("order", "id")
        .only("id", "title", "process_id")
    )
    for sibling in siblings:
        sibling.process = goal.process  # their links need the slug; no query each
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


@dataclass
class SdgRow:
    sdg: SDG
    links: list[CouncilGoalSDG]


def agenda2030(*, process) -> list[SdgRow]:
    """All 17 goals, each with the council goals of the process that serve it."""
    links = defaultdict(list)
    for link in (
        CouncilGoalSDG.objects.filter(goal__process=process)
        .select_related("goal__process")
        .order_by("goal__order", "goal_id")
    ):
        links[link.sdg_id].append(link)
    return [SdgRow(sdg=sdg, links=links.get(sdg.pk, [])) for sdg in SDG.objects.order_by("number")]


def contributing_bodies(*, process):
    return Body.objects.filter(
        municipality_id=process.municipality_id, kind__in=CONTRIBUTING_BODY_KINDS
    ).order_by("order", "name")


@dataclass
class MatrixCell:
    goal: CouncilGoal
    committee_goals: list[CommitteeGoal]

    @property
    def is_gap(self) -> bool:
        return not self.committee_goals


@dataclass
class MatrixRow:
    body: Body
    cells: list[MatrixCell]

    @property
    def gap_count(self) -> int:
        return sum(1 for c in self.cells if c.is_gap)


@dataclass
class Matrix:
    goals: list[CouncilGoal]
    rows: list[MatrixRow]

    @property
    def gap_count(self) -> int:
        return sum(r.gap_count for r in self.rows)


def committee_matrix(*, process) -> Matrix:
    """Committees and companies × council goals of the current term, with the goals in each cell."""
    goals = list(council_goals(process=process))
    bodies = list(contributing_bodies(process=process))
    cells = defaultdict(list)
    for cg in (
        CommitteeGoal.objects.filter(process=process, council_goals__in=goals)
        .select_related("body")
        .prefetch_related("council_goals")
        .distinct()
    ):
        for goal in cg.council_goals.all():
            cells[(cg.body_id, goal.pk)].append(cg)
    rows = [
        MatrixRow(
            body=b, cells=[MatrixCell(goal=g, committee_goals=cells[(b.pk, g.pk)]) for g in goals]
        )
        for b in bodies
    ]
    return Matrix(goals=goals, rows=rows)


@dataclass
class BudgetLine:
    goal: CouncilGoal
    total: Decimal
    share: Decimal
    frames: int


def budget_summary(*, process, year: int | None = None) -> list[BudgetLine]:
    """Per council goal: the sum of frames linked to it, and its share when a frame serves
    several goals and is split evenly between them."""
    frames = BudgetFrame.objects.filter(process=process).prefetch_related("goals")
    if year:
        frames = frames.filter(year=year)
    totals = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    for frame in frames:
        goals = list(frame.goals.all())
        for goal in goals:
            entry = totals[goal.pk]
            entry[0] += frame.amount_ksek
            entry[1] += frame.amount_ksek / len(goals)
            entry[2] += 1
    return [
        BudgetLine(
            goal=g,
            total=totals[g.pk][0],
            share=totals[g.pk][1].quantize(Decimal(1)),
            frames=totals[g.pk][2],
        )
        for g in council_goals(process=process, all_terms=True)
    ]


def budget_frames(*, process):
    return (
        BudgetFrame.objects.filter(process=process)
        .select_related("body")
        .prefetch_related("goals")
        .order_by("-year", "body__order")
    )


def budget_years(*, process) -> list[int]:
    return list(
        BudgetFrame.objects.filter(process=process)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def governing_documents(*, process):
    return (
        GoverningDocument.objects.filter(process=process)
        .select_related("adopted_by")
        .prefetch_related(Prefetch("goals", queryset=CouncilGoal.objects.select_related("process")))
        .order_by("name")
    )


def indicators(*, process):
    return (
        Indicator.objects.filter(goal__process=process)
        .select_related("goal")
        .prefetch_related("measurements")
        .order_by("goal__order", "order", "id")
    )


def committee_goals(*, process):
    return (
        CommitteeGoal.objects.filter(process=process)
        .select_related("body")
        .prefetch_related("council_goals")
        .order_by("body__order", "order", "id")
    )


def action_plan(*, process) -> ActionPlan | None:
    """The plan, with the vision its process rests on (``plan.process.vision_basis.vision``)."""
    return (
        ActionPlan.objects.filter(process=process)
        .select_related("process__vision_basis__vision")
        .first()
    )


def action_plan_versions(*, process, include_unpublished: bool):
    qs = ActionPlanVersion.objects.filter(plan__process=process).order_by("-revision")
    if not include_unpublished:
        qs = qs.filter(published=True)
    return qs


def current_version(*, process) -> ActionPlanVersion | None:
    return (
        ActionPlanVersion.objects.filter(
            plan__process=process, published=True, superseded_at__isnull=True
        )
        .order_by("-revision")
        .first()
    )


def version_items(*, version: ActionPlanVersion):
    return (
        ActionPlanItem.objects.filter(version=version)
        .select_related("goal__process", "responsible")
        .prefetch_related("themes", "contributions")
        .order_by("goal__order", "goal_id", "order", "id")
    )


def status_counts(items) -> list[tuple[str, str, int]]:
    counts = defaultdict(int)
    for item in items:
        counts[item.status] += 1
    return [(s.value, s.label, counts[s.value]) for s in ItemStatus]


@dataclass(frozen=True)
class Revision:
    """When the action plan was last revised and when the next revision is due (the seed:
    "Revidering minst en gång per år")."""

    version: ActionPlanVersion
    last: dt.date
    due: dt.date
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.due < self.today


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def revision_status(*, process, today: dt.date | None = None) -> Revision | None:
    """The current version's revision: the date of the decision that adopted it, or else the
    day it was published; the next is due a year later. ``None`` without a current version."""
    version = (
        ActionPlanVersion.objects.filter(
            plan__process=process, published=True, superseded_at__isnull=True
        )
        .select_related("decision")
        .order_by("-revision")
        .first()
    )
    if version is None:
        return None
    if version.decision is not None:
        last = version.decision.meeting_date
    elif version.published_at is not None:
        last = timezone.localdate(version.published_at)
    else:
        return None
    return Revision(
        version=version,
        last=last,
        due=_a_year_after(last),
        today=today or timezone.localdate(),
    )
