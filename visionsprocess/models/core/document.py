"""Documents of a process (uploaded or rendered) and their status."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .process import VisionProcess


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentQuerySet(models.QuerySet):
    def in_flight(self):
        return self.filter(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING])

    def done(self):
        return self.filter(status=DocumentStatus.DONE)

    def for_process(self, process):
        return self.filter(process=process)


#: How much of a PDF's text is kept for the site search.
DOCUMENT_TEXT_CHARS = 200_000


def document_upload_to(instance, filename):
    return f"documents/{instance.process_id}/{instance.token}.pdf"


class Document(models.Model):
    """A rendered PDF. Once done it never changes; rendering again makes a new Document.

    The kind is a key in the document registry (visionsprocess.registry.documents), where each
    feature app registers the kinds it owns.
    """

    token = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=250)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), on_delete=models.PROTECT
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("source_type", "source_id")
    source_version = models.CharField(
        _("source version"),
        max_length=64,
        help_text=_("Which version of the source was rendered (e.g. a revision or a timestamp)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("page count"), null=True, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    pdf_variant = models.CharField(_("PDF variant"), max_length=20, blank=True)
    #: The PDF's text, taken out once when it is rendered, for the site search (the first
    #: ``DOCUMENT_TEXT_CHARS`` characters; ``manage.py extract_document_texts`` fills older rows).
    text = models.TextField(
        _("text"), max_length=DOCUMENT_TEXT_CHARS, blank=True, default="", editable=False
    )
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
        help_text=_(
            "The rendering worker renews this while it is alive; past it, the job is dead."
        ),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("For kinds an official publishes by hand (the dialogue synthesis)."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="document_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.DONE)
                | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$") & Q(page_count__gt=0)),
                name="document_done_has_file",
            ),
            # The same rendering asked for twice while one is under way is one Document.
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id", "source_version"],
                condition=Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]),
                name="document_one_in_flight",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status=DocumentStatus.DONE),
                name="document_published_is_done",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "kind", "-created"], name="document_proc_kind_idx"),
            models.Index(fields=["source_type", "source_id"], name="document_source_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)
