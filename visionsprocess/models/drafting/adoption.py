"""The adoption path of a version, its steps, and the audit log of drafting."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..core import Body, VisionProcess


class AdoptionPath(models.Model):
    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="adoption_path",
    )

    class Meta:
        verbose_name = _("adoption path")
        verbose_name_plural = _("adoption paths")

    def __str__(self):
        groups: dict[int, list[str]] = {}
        for step in self.steps.all():
            groups.setdefault(step.order, []).append(step.body.short_name)
        return " → ".join(" + ".join(names) for names in groups.values())


class AdoptionStep(models.Model):
    path = models.ForeignKey(
        AdoptionPath,
        verbose_name=_("adoption path"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="adoption_steps"
    )
    #: Bodies with the same ``order`` handle the text in parallel (the committees, before KS).
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("adoption step")
        verbose_name_plural = _("adoption steps")
        ordering = ["path", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["path", "body"], name="adoptionstep_unique_body"),
        ]

    def __str__(self):
        return f"{self.order}. {self.body.short_name}"


#: Where a decision's minutes extract is stored. It stays here, where the first migration of
#: ``Decision.minutes_file`` found it (``visionsprocess.models.decisions`` imports it).
def minutes_upload_to(instance, filename):
    return f"decisions/{instance.process_id}/{uuid.uuid4().hex}.pdf"


class AuditEntry(models.Model):
    """Who changed what in the drafting and adoption of a text, and when. Never edited."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=50)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=200)
    details = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["process", "-at"], name="auditentry_process_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
