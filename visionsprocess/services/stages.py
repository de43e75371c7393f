"""Writes of the process core: the stages of a process, and the roles people hold in it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .. import changes
from ..model_update import model_assign
from ..models import (
    ProcessRole,
    Role,
    Stage,
    VisionProcess,
)
from ..selectors import stage_holdings
from .processes import (
    MAX_STAGES,
    STAGE_FIELDS,
)

# --- Stages -----------------------------------------------------------------------------------


def _lock_process(process: VisionProcess) -> VisionProcess:
    """Take the process's row lock: stage changes of one process happen one at a time, so two
    administrators reordering at once cannot leave two stages at the same place."""
    return VisionProcess.objects.select_for_update().get(pk=process.pk)


def _renumber(process_id: int, ordered_ids: list[int]) -> None:
    """Give the stages the positions 1..n in ``ordered_ids`` order.

    Positions are unique per process, checked row by row, so the stages first move out of the
    way (all at once, past any position in use) and then each to its place."""
    stages = Stage.objects.filter(process_id=process_id)
    stages.update(position=F("position") + RENUMBER_OFFSET)
    for position, pk in enumerate(ordered_ids, start=1):
        Stage.objects.filter(pk=pk).update(position=position)


#: Larger than any position in use (at most MAX_STAGES), so that moving out of the way never
#: collides.
RENUMBER_OFFSET = 1000


def _stage_value(name: str, value):
    return list(dict.fromkeys(value or ())) if name == "opens" else value


def _stage_values(stage: Stage, data: dict) -> None:
    model_assign(instance=stage, fields=STAGE_FIELDS, data=data, clean=_stage_value)
    stage.name_sv = (stage.name_sv or "").strip()
    stage.name_en = (stage.name_en or "").strip()
    if not stage.name_sv:
        raise ValidationError({"name_sv": _("Give the stage a name in Swedish.")})


@transaction.atomic
def stage_create(*, process: VisionProcess, data: dict) -> Stage:
    """Add a stage after the process's last one."""
    process = _lock_process(process)
    count = process.stages.count()
    if count >= MAX_STAGES:
        raise ValidationError(_("A process can have at most %(max)d stages.") % {"max": MAX_STAGES})
    stage = Stage(process=process, position=count + 1)
    _stage_values(stage, data)
    stage.full_clean()
    stage.save()
    if process.current_stage_id is None:
        VisionProcess.objects.filter(pk=process.pk).update(current_stage=stage)
    changes.record(process=process)
    return stage


@transaction.atomic
def stage_update(*, stage: Stage, data: dict) -> Stage:
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _stage_values(stage, data)
    stage.full_clean()
    stage.save()
    changes.record(process=stage.process_id)
    return stage


@transaction.atomic
def stage_move(*, stage: Stage, direction: str) -> Stage:
    """Move a stage one place earlier (``"up"``) or later (``"down"``) in its process."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    _lock_process(stage.process)
    ids = list(
        Stage.objects.filter(process_id=stage.process_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    if stage.pk not in ids:
        raise ValidationError(_("The stage has been removed."))
    index = ids.index(stage.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        _renumber(stage.process_id, ids)
        changes.record(process=stage.process_id)
    return Stage.objects.get(pk=stage.pk)


@transaction.atomic
def stage_delete(*, stage: Stage) -> None:
    """Remove a stage, unless it holds input or is the current stage or the only one.

    What came in during a stage stays with that stage, so a stage with contributions, meetings
    or anything else pointing at it cannot be removed; the reason says what it holds."""
    process = _lock_process(stage.process)
    stage = Stage.objects.select_for_update().filter(pk=stage.pk, process=process).first()
    if stage is None:
        raise ValidationError(_("The stage has already been removed."))
    if process.current_stage_id == stage.pk:
        raise ValidationError(
            _(
                "“%(name)s” is the current stage and cannot be removed. Make another stage "
                "the current one first."
            )
            % {"name": stage.name}
        )
    if process.stages.count() <= 1:
        raise ValidationError(_("A process needs at least one stage."))
    holdings = stage_holdings(stage)
    if holdings:
        held = ", ".join(f"{count} {name}" for name, count in holdings)
        raise ValidationError(
            _(
                "“%(name)s” cannot be removed because it holds %(held)s. What came in during a "
                "stage stays with it; rename the stage or change what it opens instead."
            )
            % {"name": stage.name, "held": held}
        )
    stage.delete()
    ids = list(
        Stage.objects.filter(process=process).order_by("position").values_list("pk", flat=True)
    )
    _renumber(process.pk, ids)
    changes.record(process=process)


@transaction.atomic
def role_grant(*, process: VisionProcess, email: str, role: str) -> ProcessRole:
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "There is no account with that e-mail address. Ask the person to sign up first."
                )
            }
        )
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    try:
        with transaction.atomic():
            process_role = ProcessRole.objects.create(process=process, user=user, role=role)
            changes.record(process=process)
            return process_role
    except IntegrityError:
        raise ValidationError(
            {"role": _("The person already has this role in the process.")}
        ) from None


@transaction.atomic
def role_revoke(*, process_role: ProcessRole, by) -> None:
    process = process_role.process
    if process_role.role == Role.ADMIN:
        remaining = process.roles.filter(role=Role.ADMIN).exclude(pk=process_role.pk).exists()
        if not remaining and not by.is_superuser:
            raise ValidationError(_("A process must keep at least one process administrator."))
    process_role.delete()
    changes.record(process=process)
