"""Writes of the process core. Keyword-only, atomic, validated before saving."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import outbox
from .models import Municipality, ProcessRole, Role, Stage, StageKind, VisionProcess


def absolute_url(path: str) -> str:
    """``path`` as a full address on this site, for e-mails, calendars and PDFs."""
    return f"{settings.SITE_URL}{path}"


def email_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send an e-mail to each address, durably: written to the outbox in the current transaction
    and sent by a Celery worker after the commit (see ``visionsprocess.outbox``)."""
    outbox.email_send(to=to, subject=subject, body=body, html_body=html_body, headers=headers)


def email_send_template(
    *, to: list[str], template: str, context: dict, headers: dict[str, str] | None = None
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_message.txt`` and send them."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_message.txt", context)
    email_send(to=to, subject=subject, body=body, headers=headers)


@transaction.atomic
def process_create(
    *,
    municipality: Municipality,
    title: str,
    slug: str,
    horizon_year: int,
    summary: str = "",
    description: str = "",
    visibility: str = "public",
    current_stage: str = StageKind.DIALOGUE,
    creator=None,
) -> VisionProcess:
    process = VisionProcess(
        municipality=municipality,
        title=title,
        slug=slug,
        horizon_year=horizon_year,
        summary=summary,
        description=description,
        visibility=visibility,
        current_stage=current_stage,
    )
    process.full_clean()
    process.save()
    Stage.objects.bulk_create(Stage(process=process, kind=kind) for kind in StageKind)
    if creator is not None:
        ProcessRole.objects.create(process=process, user=creator, role=Role.ADMIN)
    return process


PROCESS_EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "horizon_year",
    "visibility",
    "current_stage",
    "allow_anonymous_contributions",
)


@transaction.atomic
def process_update(
    *, process: VisionProcess, data: dict, stages: dict[str, dict] | None = None
) -> VisionProcess:
    """Update a process and (optionally) its stages, given as ``{kind: {field: value}}``."""
    stage_before = (
        VisionProcess.objects.filter(pk=process.pk).values_list("current_stage", flat=True).first()
    )
    for name, value in data.items():
        if name not in PROCESS_EDITABLE_FIELDS:
            raise ValidationError(_("The field %(name)s cannot be changed here.") % {"name": name})
        setattr(process, name, value)
    process.full_clean()
    process.save()
    if stage_before is not None and process.current_stage != stage_before:
        _notice_stage_changed(process)
    for kind, values in (stages or {}).items():
        stage, _created = Stage.objects.get_or_create(process=process, kind=kind)
        for name in ("starts_on", "ends_on", "description"):
            if name in values:
                setattr(stage, name, values[name])
        stage.full_clean()
        stage.save()
    return process


def _notice_stage_changed(process: VisionProcess) -> None:
    """Followers of the process hear that it moved on (once per stage reached)."""
    from .notices import notice_emit
    from .notices.core import STAGE_CHANGED

    stage = StageKind(process.current_stage)
    notice_emit(
        kind=STAGE_CHANGED,
        process=process,
        key=f"{STAGE_CHANGED}:{process.pk}:{stage.value}",
        context={
            "process": process.title,
            "stage": stage.value,
            "url": absolute_url(process.get_absolute_url()),
        },
        process_followers=True,
    )


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
            return ProcessRole.objects.create(process=process, user=user, role=role)
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
