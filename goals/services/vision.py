"""Writes of the vision, the council goals and the committee goals."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.model_update import model_assign

from ..models import (
    CONTRIBUTING_BODY_KINDS,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    Vision,
    VisionBasis,
)

# --- Vision and council goals -----------------------------------------------------------------


@transaction.atomic
def vision_save(
    *,
    process,
    statement: str,
    valid_until: int,
    text: str = "",
    values: str = "",
    name: str = "",
    valid_from: int | None = None,
) -> Vision:
    """Save the vision ``process`` rests on; a process that rests on none gets its own (drafted
    in it, belonging to its municipality). Every process resting on it shows the change."""
    vision = (
        Vision.objects.filter(bases__process=process).first()
        or Vision.objects.filter(process=process).first()  # its own, if it rested on another
        or Vision(process=process, municipality=process.municipality)
    )
    vision.statement = statement
    vision.valid_until = valid_until
    vision.valid_from = valid_from
    vision.name = name
    vision.text = text
    vision.values = values
    vision.full_clean()
    vision.save()
    VisionBasis.objects.get_or_create(process=process, defaults={"vision": vision})
    record_vision_change(vision)
    return vision


def record_vision_change(vision) -> None:
    """A vision is shown on the municipality page and the pages of every process resting on it."""
    for process_id in VisionBasis.objects.filter(vision=vision).values_list(
        "process_id", flat=True
    ):
        changes.record(process=process_id)
    changes.record(municipality=vision.municipality_id)


@transaction.atomic
def vision_rest_on(*, process, vision: Vision | None) -> VisionBasis | None:
    """Let ``process`` rest on ``vision`` (a vision of its municipality), or on none."""
    current = VisionBasis.objects.filter(process=process).select_related("vision").first()
    if vision is not None and vision.municipality_id != process.municipality_id:
        raise ValidationError(_("A process can rest only on a vision of its own municipality."))
    if current is not None and vision is not None and current.vision_id == vision.pk:
        return current
    if current is not None:
        previous = current.vision
        current.delete()
        record_vision_change(previous)
        changes.record(process=process)
    if vision is None:
        return None
    basis = VisionBasis(process=process, vision=vision)
    basis.full_clean()
    basis.save()
    record_vision_change(vision)
    return basis


COUNCIL_GOAL_FIELDS = (
    "term_start",
    "term_end",
    "title",
    "summary",
    "description",
    "political_will",
    "how_measured",
    "citizen_examples",
)


@transaction.atomic
def council_goal_save(*, process, goal: CouncilGoal | None = None, **fields) -> CouncilGoal:
    if goal is None:
        goal = CouncilGoal(process=process)
        last = CouncilGoal.objects.filter(process=process).aggregate(m=Max("order"))["m"]
        goal.order = 0 if last is None else last + 1
    elif goal.process_id != process.pk:
        raise ValidationError(_("This goal belongs to another process."))
    model_assign(instance=goal, fields=COUNCIL_GOAL_FIELDS, data=fields)
    if goal.term_start and goal.term_end and goal.term_end < goal.term_start:
        raise ValidationError(
            {"term_end": _("The term cannot end before it starts.")}, code="term_order"
        )
    goal.full_clean()
    goal.save()
    changes.record(process=goal.process_id)
    return goal


@transaction.atomic
def council_goal_move(*, goal: CouncilGoal, direction: str) -> None:
    """Move a council goal one step up or down among the goals of its term."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    siblings = list(
        CouncilGoal.objects.select_for_update()
        .filter(process_id=goal.process_id, term_start=goal.term_start)
        .order_by("order", "id")
    )
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order", "modified"])
    changes.record(process=goal.process_id)


@transaction.atomic
def council_goal_set_sdgs(*, goal: CouncilGoal, links: dict) -> None:
    """Set the global goals a council goal serves: ``links`` maps an SDG to the "how" note."""
    goal.sdg_links.exclude(sdg_id__in=[sdg.pk for sdg in links]).delete()
    for sdg, how in links.items():
        CouncilGoalSDG.objects.update_or_create(goal=goal, sdg=sdg, defaults={"how": how})
    changes.record(process=goal.process_id)


# --- Committee goals --------------------------------------------------------------------------


@transaction.atomic
def committee_goal_save(
    *,
    process,
    body,
    title: str,
    council_goals: Iterable[CouncilGoal],
    description: str = "",
    goal: CommitteeGoal | None = None,
) -> CommitteeGoal:
    council_goals = list(council_goals or [])
    if not council_goals:
        raise ValidationError(
            {"council_goals": _("A committee goal must serve at least one council goal.")}
        )
    if any(g.process_id != process.pk for g in council_goals):
        raise ValidationError({"council_goals": _("Choose council goals of this process.")})
    if body.kind not in CONTRIBUTING_BODY_KINDS:
        raise ValidationError({"body": _("Only committees and municipal companies set goals.")})
    if body.municipality_id != process.municipality_id:
        raise ValidationError({"body": _("Choose a committee of this municipality.")})
    if goal is None:
        goal = CommitteeGoal(process=process)
    goal.body = body
    goal.title = title
    goal.description = description
    goal.full_clean()
    goal.save()
    goal.council_goals.set(council_goals)
    changes.record(process=process)
    return goal
