"""The audit log of drafting and adoption: who changed what, and when (``AuditEntry``).

Below the drafting and decision services, which both write to it."""

from . import changes
from .models import AuditEntry, VisionProcess


def audit_log(*, process: VisionProcess, actor, action: str, obj, **details) -> AuditEntry:
    """Keep who did what to the text (and records it as a change of the process: every audited
    action changes what its pages show)."""
    changes.record(process=process)
    return AuditEntry.objects.create(
        process=process,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        details=details,
    )
