"""What the core itself registers: following a process, its notice kinds, and the bounce hook."""

from django.utils.translation import gettext_lazy as _

from .registry import Followable, NoticeKind, followables, notice_kinds

STAGE_CHANGED = "process.stage_changed"
CONSULTATION_OPENED = "drafting.consultation_opened"
VISION_ADOPTED = "drafting.vision_adopted"


def _process_lookup(reference: str):
    from ..models import VisionProcess

    return VisionProcess.objects.select_related("municipality").filter(slug=reference).first()


def _describe_process(process) -> str:
    return _("the process %(title)s") % {"title": process.title}


def _stage_label(context: dict) -> dict:
    """The stage's name in the digest's language (its Swedish name if it has since been removed)."""
    from ..models import Stage

    stage = Stage.objects.filter(pk=context.get("stage")).first() if context.get("stage") else None
    return {"stage_label": stage.name if stage else context.get("stage_name", "")}


def _on_bounce(sender, email, **kwargs):
    from .services import subscriber_bounced

    subscriber_bounced(email=email.to)


def register():
    from .. import outbox

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
