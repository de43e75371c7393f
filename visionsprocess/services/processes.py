"""Writes of the process core: creating, publishing and editing a process (its addresses and slugs)."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import changes
from ..model_update import model_assign, model_update
from ..models import (
    Municipality,
    ProcessRole,
    Role,
    Stage,
    VisionProcess,
)
from ..notices import notice_emit
from ..notices.core import STAGE_CHANGED
from ..process_templates import TEMPLATES, ProcessTemplate
from ..registry import stage_openings, structure_parts
from ..tenancy import site_url


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
