"""Archive packages: ZIP files of finished documents with their registry metadata, for clerks."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import DocumentStatus, VisionProcess


def archive_upload_to(instance, filename):
    return f"archive/{instance.process_id}/{instance.token}.zip"


class ArchivePackage(models.Model):
    """A ZIP with a process's finished PDFs, metadata.csv/.json and their SHA-256 checksums.

    Built by a Celery task like the PDFs; once done it never changes.
    """

    token = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="archive_packages",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=archive_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    document_count = models.PositiveIntegerField(_("number of documents"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("lease until"),
        null=True,
        blank=True,
        help_text=_("The building worker renews this while it is alive; past it, the job is dead."),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("archive package")
        verbose_name_plural = _("archive packages")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="archive_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.DONE)
                | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
                name="archive_done_has_file",
            ),
            models.UniqueConstraint(
                fields=["process"],
                condition=Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]),
                name="archive_one_in_flight",
            ),
        ]
        indexes = [models.Index(fields=["process", "-created"], name="archive_proc_created_idx")]

    def __str__(self):
        return f"{self.process} – {self.created:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)


__all__ = ["ArchivePackage", "archive_upload_to"]
