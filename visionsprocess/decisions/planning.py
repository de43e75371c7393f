"""The planned decision path of a matter: plan it, fill it with recorded decisions, read it.

A matter (``Decision.matter`` and ``target``) is planned as steps: each step one or more bodies
(several at one step handle it in parallel, before the next step), each with a planned meeting
date. A decision recorded on the matter fills the earliest open step of its body; a step whose
date has passed without a decision is overdue, and the clerk is told (the banner on the
decisions page and the staff task list).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit_log
from ..models import Body, Decision, PlannedStep, VisionProcess
from ..registry import decision_matters

#: At most this many planned steps per matter (a path people can still read).
MAX_STEPS = 30


def _check_matter(process: VisionProcess, matter: str, target: str) -> None:
    registered = decision_matters.get(matter)
    if registered is None:
        raise ValidationError({"matter": _("Choose what is to be decided.")})
    if registered.targets is not None and target:
        if target not in dict(registered.targets(process)):
            raise ValidationError({"target": _("Choose what the decision is about.")})
    elif target:
        raise ValidationError({"target": _("This matter is about the process as a whole.")})


@transaction.atomic
def planned_step_add(
    *,
    process: VisionProcess,
    matter: str,
    bodies: list[Body],
    step: int,
    planned_date: dt.date,
    actor,
    target: str = "",
    note: str = "",
) -> list[PlannedStep]:
    """Plan ``bodies`` at ``step`` of ``matter``'s decision path (several bodies: in parallel).
    A decision already recorded that matches fills the new step at once."""
    _check_matter(process, matter, target)
    if not bodies:
        raise ValidationError({"bodies": _("Choose at least one body.")})
    if any(body.municipality_id != process.municipality_id for body in bodies):
        raise ValidationError({"bodies": _("Choose bodies of the process's own municipality.")})
    VisionProcess.objects.select_for_update().filter(pk=process.pk).first()
    existing = PlannedStep.objects.of_matter(process, matter, target)
    if existing.count() + len(bodies) > MAX_STEPS:
        raise ValidationError(
            _("A decision path has at most %(count)s planned steps.") % {"count": MAX_STEPS}
        )
    rows = []
    for body in bodies:
        row = PlannedStep(
            process=process,
            matter=matter,
            target=target,
            step=step,
            body=body,
            planned_date=planned_date,
            note=" ".join(note.split())[:200],
        )
        row.full_clean(validate_constraints=False)
        rows.append(row)
    try:
        with transaction.atomic():
            for row in rows:
                row.save()
    except IntegrityError as error:
        raise ValidationError(
            {"bodies": _("One of these bodies is already planned at that step.")}
        ) from error
    plan_fill_existing(process=process, matter=matter, target=target)
    audit_log(
        process=process,
        actor=actor,
        action="decision_step_planned",
        obj=rows[0],
        matter=matter,
        target=target,
        step=step,
        bodies=[body.short_name for body in bodies],
        planned_date=planned_date.isoformat(),
    )
    return rows


@transaction.atomic
def planned_step_remove(*, planned_step: PlannedStep, actor) -> None:
    """Take a step out of the plan (a meeting that will not handle the matter after all). A step
    already filled by a decision stays: the record of what happened is not rewritten."""
    row = PlannedStep.objects.select_for_update().filter(pk=planned_step.pk).first()
    if row is None:
        return
    if row.decision_id:
        raise ValidationError(_("This step has its decision and stays in the path."))
    audit_log(
        process=row.process,
        actor=actor,
        action="decision_step_removed",
        obj=row,
        matter=row.matter,
        step=row.step,
        body=row.body.short_name,
    )
    row.delete()


def plan_fill(decision: Decision, *, target: str = "") -> PlannedStep | None:
    """Fill the earliest open planned step of ``decision``'s body on its matter (``target``: the
    object it was recorded on). Call inside the transaction that records the decision. A
    decision outside the plan fills nothing."""
    row = (
        PlannedStep.objects.select_for_update()
        .of_matter(decision.process, decision.matter, target)
        .filter(body_id=decision.body_id, decision__isnull=True)
        .order_by("step", "planned_date", "pk")
        .first()
    )
    if row is None:
        return None
    row.decision = decision
    row.save(update_fields=["decision", "modified"])
    return row


def plan_fill_existing(*, process: VisionProcess, matter: str, target: str = "") -> int:
    """Fill open steps with decisions recorded before they were planned (in date order). Only
    for matters about the process as a whole or decisions whose target is known: for a matter
    with several objects the target of an old decision is not stored on it, so nothing is
    guessed."""
    registered = decision_matters.get(matter)
    if registered is not None and registered.targets is not None:
        return 0
    taken = PlannedStep.objects.filter(decision__isnull=False).values("decision_id")
    decisions = (
        Decision.objects.filter(process=process, matter=matter)
        .exclude(pk__in=taken)
        .order_by("meeting_date", "pk")
    )
    filled = 0
    for decision in decisions:
        filled += plan_fill(decision) is not None
    return filled


# --- Reads --------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    planned: PlannedStep

    @property
    def decision(self) -> Decision | None:
        return self.planned.decision

    def overdue(self, today: dt.date) -> bool:
        return self.planned.decision_id is None and self.planned.planned_date < today


@dataclass
class TimelineStep:
    number: int
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def parallel(self) -> bool:
        return len(self.entries) > 1


@dataclass
class Timeline:
    matter: str
    target: str
    label: str
    steps: list[TimelineStep]
    today: dt.date

    @property
    def entries(self) -> list[TimelineEntry]:
        return [entry for step in self.steps for entry in step.entries]

    @property
    def overdue(self) -> list[PlannedStep]:
        return [entry.planned for entry in self.entries if entry.overdue(self.today)]

    @property
    def complete(self) -> bool:
        return all(entry.decision is not None for entry in self.entries)


def timelines(*, process: VisionProcess, today: dt.date | None = None) -> list[Timeline]:
    """Every planned decision path of ``process``, its steps in order, each body with its
    planned date and the decision that filled it (two queries)."""
    today = today or timezone.localdate()
    rows = list(
        PlannedStep.objects.filter(process=process)
        .select_related("body", "decision__body")
        .order_by("matter", "target", "step", "planned_date", "body__order", "pk")
    )
    result: dict[tuple[str, str], Timeline] = {}
    for row in rows:
        key = (row.matter, row.target)
        timeline = result.get(key)
        if timeline is None:
            timeline = result[key] = Timeline(
                matter=row.matter,
                target=row.target,
                label=_label(process, row.matter, row.target),
                steps=[],
                today=today,
            )
        if not timeline.steps or timeline.steps[-1].number != row.step:
            timeline.steps.append(TimelineStep(number=row.step))
        timeline.steps[-1].entries.append(TimelineEntry(planned=row))
    order = {matter.key: matter.order for matter in decision_matters}
    return sorted(result.values(), key=lambda t: (order.get(t.matter, 999), t.matter, t.target))


def _label(process, matter: str, target: str) -> str:
    registered = decision_matters.get(matter)
    if registered is None:
        return matter
    if target and registered.targets is not None:
        return dict(registered.targets(process)).get(target, str(registered.label))
    return str(registered.label)


def overdue_steps(*, process: VisionProcess, today: dt.date | None = None):
    """The planned steps of ``process`` whose date has passed without a decision."""
    today = today or timezone.localdate()
    return (
        PlannedStep.objects.filter(process=process)
        .overdue(today)
        .select_related("body")
        .order_by("planned_date", "pk")
    )
