"""What the core itself registers: following a process, its notice kinds, and the bounce hook."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .. import outbox
from ..models import Stage, VisionProcess
from ..tenancy import current
from .registry import Followable, NoticeKind, followables, notice_kinds
from .services import subscriber_bounced

STAGE_CHANGED = "process.stage_changed"
CONSULTATION_OPENED = "drafting.consultation_opened"
VISION_ADOPTED = "drafting.vision_adopted"
CONSULTATION_SUMMARY_PUBLISHED = "drafting.consultation_summary_published"
FEEDBACK_LATE = "process.feedback_late"


def _process_lookup(reference: str):
    """The process at the address ``reference`` in the municipality being served (addresses
    are unique per municipality)."""
    processes = VisionProcess.objects.select_related("municipality").filter(slug=reference)
    if current.get() is not None:
        processes = processes.filter(municipality=current.get())
    return processes.first()


def _describe_process(process) -> str:
    return _("the process %(title)s") % {"title": process.title}


def _stage_label(context: dict) -> dict:
    """The stage's name in the digest's language (its Swedish name if it has since been removed)."""
    stage = Stage.objects.filter(pk=context.get("stage")).first() if context.get("stage") else None
    return {"stage_label": stage.name if stage else context.get("stage_name", "")}


def _describe_consultation(consultation) -> str:
    return _("the consultation on %(title)s") % {"title": consultation.process.title}


def _describe_role(role) -> str:
    return _("your role in %(title)s") % {"title": role.process.title}


def _due_label(context: dict) -> dict:
    try:
        due = dt.date.fromisoformat(context.get("due", ""))
    except ValueError:
        return {"due_label": context.get("due", "")}
    return {"due_label": date_format(due, "j F Y"), **_stage_label(context)}


def _on_bounce(sender, email, **kwargs):
    subscriber_bounced(email=email.to)


def register():
    followables.register(
        Followable(
            model="visionsprocess.VisionProcess",
            slug="process",
            lookup=_process_lookup,
            reference=lambda process: process.slug,
            describe=_describe_process,
            process=lambda process: process,
            order=10,
        )
    )
    # Who answered a consultation (and confirmed an address) follows it, to hear when the
    # summary of the answers is published. Followed on their behalf only.
    followables.register(
        Followable(
            model="visionsprocess.Consultation",
            describe=_describe_consultation,
            process=lambda consultation: consultation.process,
            order=30,
        )
    )
    # Officials and administrators follow their role, to hear what the process needs of them
    # (a promised feedback that is late). Followed on their behalf only, never by a form.
    followables.register(
        Followable(
            model="visionsprocess.ProcessRole",
            describe=_describe_role,
            process=lambda role: role.process,
            order=90,
        )
    )
    for key, label, template, render_context in (
        (
            STAGE_CHANGED,
            _("The process moved to its next stage"),
            "stage_changed",
            _stage_label,
        ),
        (
            CONSULTATION_OPENED,
            _("A draft was put out for consultation"),
            "consultation_opened",
            None,
        ),
        (VISION_ADOPTED, _("The vision was adopted"), "vision_adopted", None),
        (
            CONSULTATION_SUMMARY_PUBLISHED,
            _("The summary of a consultation was published"),
            "consultation_summary_published",
            None,
        ),
        (
            FEEDBACK_LATE,
            _("Feedback promised to the public is late"),
            "feedback_late",
            _due_label,
        ),
    ):
        notice_kinds.register(
            NoticeKind(
                key=key,
                label=label,
                template=f"visionsprocess/notices/items/{template}.txt",
                render_context=render_context,
            )
        )
    outbox.email_bounced.connect(_on_bounce, dispatch_uid="notices_subscriber_bounced")
