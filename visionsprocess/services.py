"""Writes of the process core. Keyword-only, atomic, validated before saving."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import changes
from .emails import email_send, email_send_template  # noqa: F401 - the apps import them here
from .model_update import model_assign, model_update
from .models import (
    HostName,
    Municipality,
    MunicipalityRole,
    MunicipalityRoleKind,
    ProcessRole,
    Role,
    Stage,
    VisionProcess,
)
from .notices import notice_emit
from .notices.core import STAGE_CHANGED
from .process_templates import TEMPLATES, ProcessTemplate
from .registry import stage_openings, structure_parts
from .selectors import stage_holdings
from .tenancy import site_url


def absolute_url(path: str, *, municipality=None) -> str:
    """``path`` as a full address on the site of ``municipality`` (an instance or id; by default
    the municipality of the request being served), for e-mails, calendars and PDFs: its primary
    host name (``tenancy.site_url``), or SITE_URL when it has none."""
    return f"{site_url(municipality)}{path}"


#: At most this many stages in one process (a process map people can still read).
MAX_STAGES = 20

#: The fields of a stage an administrator edits.
STAGE_FIELDS = (
    "name_sv",
    "name_en",
    "description_sv",
    "description_en",
    "starts_on",
    "ends_on",
    "opens",
)


def _known_openings(keys) -> list[str]:
    """``keys`` without those no installed app registers (a template may name more)."""
    return [key for key in keys if key in stage_openings]


def stages_from_template(process: VisionProcess, template: ProcessTemplate) -> list[Stage]:
    stages = [
        Stage(
            process=process,
            position=position,
            key=str(stage.key),
            name_sv=stage.name_sv,
            name_en=stage.name_en,
            description_sv=stage.description_sv,
            description_en=stage.description_en,
            opens=_known_openings(stage.opens),
        )
        for position, stage in enumerate(template.stages, start=1)
    ]
    changes.record(process=process)
    return Stage.objects.bulk_create(stages)


def _stages_copied(process: VisionProcess, source: VisionProcess) -> list[Stage]:
    """The source's stages without their dates (a new process plans its own)."""
    stages = [
        Stage(
            process=process,
            position=position,
            key=stage.key,
            name_sv=stage.name_sv,
            name_en=stage.name_en,
            description_sv=stage.description_sv,
            description_en=stage.description_en,
            opens=_known_openings(stage.opens),
        )
        for position, stage in enumerate(source.stages.order_by("position"), start=1)
    ]
    changes.record(process=process)
    return Stage.objects.bulk_create(stages)


def _processes_of(municipality):
    """The processes whose addresses a new one of ``municipality`` must not take (addresses are
    unique per municipality; every process when none is given)."""
    processes = VisionProcess.objects.all()
    return processes if municipality is None else processes.filter(municipality=municipality)


def suggest_slug(text: str, *, unique: bool = True, municipality=None) -> str:
    """An address for a process made from ``text`` (å, ä, ö become a, a, o), free in
    ``municipality`` if ``unique``: "Vision 2040" → "vision-2040", or "vision-2040-2" when that
    is taken."""
    base = re.sub(r"[^a-z0-9]+", "-", slugify(text))[:72].strip("-") or "process"
    if not unique:
        return base
    taken = set(
        _processes_of(municipality).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_slug(slug: str, *, taken_check: bool = True, municipality=None) -> None:
    """A process's address: small letters a–z, digits and single hyphens, not taken in
    ``municipality``."""
    if not SLUG_PATTERN.match(slug or "") or len(slug) > 80:
        raise ValidationError(
            {
                "slug": ValidationError(
                    _(
                        "The address may contain only small letters a–z, digits and single "
                        "hyphens between them – no spaces and no å, ä or ö. For example: "
                        "%(suggestion)s"
                    )
                    % {"suggestion": suggest_slug(slug or "", unique=False)},
                    code="invalid",
                )
            }
        )
    if taken_check and _processes_of(municipality).filter(slug=slug).exists():
        raise ValidationError(
            {
                "slug": ValidationError(
                    _(
                        "Another process already has the address %(slug)s. Choose another, "
                        "for example %(suggestion)s."
                    )
                    % {"slug": slug, "suggestion": suggest_slug(slug, municipality=municipality)},
                    code="taken",
                )
            }
        )


@transaction.atomic
def process_create(
    *,
    municipality: Municipality,
    title: str,
    slug: str,
    horizon_year: int,
    summary: str = "",
    description: str = "",
    visibility: str | None = None,
    template: str = "vision",
    source: VisionProcess | None = None,
    current_stage: str | None = None,
    creator=None,
) -> VisionProcess:
    """Create a process from a template (``process_templates.TEMPLATES``) or, with ``source``,
    as a copy of an earlier process's structure: its settings, stages, and what the apps
    register as structure (themes, conversation kits), never its input.

    The new process is a draft, seen by its staff only, until an administrator publishes it
    (``process_publish``): nothing invites citizens before anything is planned.

    The first stage is the current one unless ``current_stage`` names a template key.
    ``visibility`` defaults to the template's (or the source's)."""
    if source is None and template not in TEMPLATES:
        raise ValidationError({"template": _("Choose a template from the list.")})
    chosen = TEMPLATES.get(template)
    if visibility in (None, ""):
        visibility = source.visibility if source is not None else chosen.visibility
    process = VisionProcess(
        municipality=municipality,
        title=title,
        slug=slug,
        horizon_year=horizon_year,
        summary=summary,
        description=description,
        visibility=visibility,
        allow_anonymous_contributions=(
            source.allow_anonymous_contributions
            if source is not None
            else chosen.allow_anonymous_contributions
        ),
    )
    validate_slug(slug, municipality=municipality)
    process.full_clean()
    try:
        with transaction.atomic():
            process.save()
    except IntegrityError:  # the same address taken a moment ago by someone else
        validate_slug(slug, municipality=municipality)
        raise
    if source is not None:
        stages = _stages_copied(process, source)
    else:
        stages = stages_from_template(process, chosen)
    if not stages:  # a source without stages: start from the vision template's
        stages = stages_from_template(process, TEMPLATES["vision"])
    by_key = {stage.key: stage for stage in stages if stage.key}
    process.current_stage = by_key.get(current_stage or "", stages[0])
    process.save(update_fields=["current_stage", "modified"])
    for part in structure_parts:
        if source is not None:
            part.copy(source, process)
        elif part.seed is not None:
            part.seed(template, process)
    if creator is not None:
        ProcessRole.objects.create(process=process, user=creator, role=Role.ADMIN)
    changes.record(process=process)
    return process


@transaction.atomic
def process_publish(*, process: VisionProcess, by=None) -> VisionProcess:
    """Make a draft process public: from now on citizens see it (if its visibility is public),
    find it on the start page, follow it and take part. Publishing twice changes nothing."""
    from django.utils import timezone

    VisionProcess.objects.filter(pk=process.pk, published_at__isnull=True).update(
        published_at=timezone.now(), modified=timezone.now()
    )
    process.refresh_from_db(fields=["published_at", "modified"])
    changes.record(process=process)  # its pages, and the start page of its municipality
    return process


PROCESS_EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "horizon_year",
    "visibility",
    "current_stage",
    "allow_anonymous_contributions",
    "case_dnr",
    "classification_code",
    "purpose",
    "can_influence",
    "cannot_influence",
    "participation_level",
    "feedback_how",
    "responsible_name",
    "responsible_title",
    "contact_channel",
)

#: What the process page's timetable may change on each stage (officials plan the dates and
#: the date feedback is promised by).
STAGE_PLAN_FIELDS = ("starts_on", "ends_on", "feedback_due")


@transaction.atomic
def process_update(
    *, process: VisionProcess, data: dict, stages: dict | None = None
) -> VisionProcess:
    """Update a process and (optionally) the planned dates of its stages, given as
    ``{stage: {"starts_on": ..., "ends_on": ...}}`` (a stage or its id; each must belong to the
    process). The current stage must be one of the process's own."""
    stage_before = (
        VisionProcess.objects.filter(pk=process.pk).values_list("current_stage", flat=True).first()
    )
    model_assign(instance=process, fields=PROCESS_EDITABLE_FIELDS, data=data)
    if process.current_stage_id is not None and process.current_stage.process_id != process.pk:
        raise ValidationError({"current_stage": _("Choose one of the process's stages.")})
    process.full_clean()
    process.save()
    changes.record(process=process)
    if stage_before is not None and process.current_stage_id != stage_before:
        _notice_stage_changed(process)
    if stages:
        own = {stage.pk: stage for stage in process.stages.all()}
        for stage_or_id, values in stages.items():
            stage = own.get(getattr(stage_or_id, "pk", stage_or_id))
            if stage is None:
                raise ValidationError(_("A stage that is not part of the process was sent."))
            model_update(instance=stage, fields=STAGE_PLAN_FIELDS, data=values)
    changes.record(process=process)
    return process


def _notice_stage_changed(process: VisionProcess) -> None:
    """Followers of the process hear that it moved on (once per stage reached)."""
    stage = process.current_stage
    if stage is None:
        return
    notice_emit(
        kind=STAGE_CHANGED,
        process=process,
        key=f"{STAGE_CHANGED}:{process.pk}:{stage.pk}",
        context={
            "process": process.title,
            "stage": stage.pk,
            "stage_name": stage.name_sv,
            "url": absolute_url(process.get_absolute_url(), municipality=process.municipality_id),
        },
        process_followers=True,
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


# --- Tenancy: a new municipality on the installation (visionsprocess/tenancy.py) ---------------


@transaction.atomic
def municipality_create(
    *,
    name: str,
    code: str,
    hosts: list[str],
    admin_email: str = "",
    sender_email: str = "",
    primary_colour: str = "",
    accent_colour: str = "",
) -> Municipality:
    """A new municipality (tenant) reached at ``hosts`` (the first is primary), with its first
    administrator (``admin_email``: an existing account, or a new one without a password who
    sets one through "forgot password" or signs in with e-ID). The platform operator's."""
    from django.core.validators import validate_email

    hosts = [h.strip().lower().rstrip(".") for h in hosts if h and h.strip()]
    if not hosts:
        raise ValidationError({"hosts": _("Give at least one host name.")})
    municipality = Municipality(name=name.strip(), code=code.strip(), sender_email=sender_email)
    if primary_colour:
        municipality.primary_colour = primary_colour
    if accent_colour:
        municipality.accent_colour = accent_colour
    municipality.full_clean()
    municipality.save()
    changes.record(municipality=municipality)  # the tenancy's host map is replaced on commit
    for position, host in enumerate(dict.fromkeys(hosts)):
        if HostName.objects.filter(host=host).exists():
            raise ValidationError(
                {"hosts": _("The host name %(host)s is taken already.") % {"host": host}}
            )
        host_name = HostName(municipality=municipality, host=host, is_primary=position == 0)
        host_name.full_clean()
        host_name.save()
    if admin_email:
        try:
            validate_email(admin_email)
        except ValidationError:
            raise ValidationError({"admin_email": _("Enter a valid e-mail address.")}) from None
        User = get_user_model()
        user = User.objects.filter(email__iexact=admin_email).first()
        if user is None:
            user = User(username=admin_email.lower()[:150], email=admin_email)
            user.set_unusable_password()
            user.save()
        MunicipalityRole.objects.get_or_create(
            municipality=municipality, user=user, role=MunicipalityRoleKind.ADMIN
        )
    return municipality
