"""What a citizen's contribution carries besides its text: media files, and reports from readers.

Attachments are stored under server-generated names and are only ever served through a view
that checks the permission (``contributions.view_attachment``); their storage paths are never
shown to the public.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import TimeStampedModel

from .core import Contribution


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Picture")
    PDF = "pdf", _("PDF document")
    VIDEO = "video", _("Film")


def attachment_upload_to(instance, filename: str) -> str:
    """``contributions/<process id>/<uuid>.<ext>``; the extension comes from the detected type."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    process_id = instance.contribution.process_id if instance.contribution_id else 0
    return f"contributions/{process_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(TimeStampedModel):
    """A media file sent in with a contribution: a photo, a scanned drawing, a PDF or a film."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    media_kind = models.CharField(_("kind of media"), max_length=10, choices=MediaKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width in pixels"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height in pixels"), null=True, blank=True)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("What the picture or film shows, for people who cannot see it."),
    )
    shows_children = models.BooleanField(_("shows children"), default=False)
    guardian_consent = models.BooleanField(_("guardian's consent given"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["contribution", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(media_kind__in=MediaKind.values), name="attachment_media_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["contribution", "order"], name="attachment_contrib_order_idx")
        ]

    def __str__(self):
        return f"{self.get_media_kind_display()} ({self.contribution_id})"

    @property
    def process(self):
        """Lets permission predicates find the process (see ``visionsprocess.predicates``)."""
        return self.contribution.process

    @property
    def is_image(self) -> bool:
        return self.media_kind == MediaKind.IMAGE

    @property
    def is_video(self) -> bool:
        return self.media_kind == MediaKind.VIDEO

    @property
    def is_pdf(self) -> bool:
        return self.media_kind == MediaKind.PDF

    @property
    def needs_guardian_consent(self) -> bool:
        """A picture or film showing children without the guardians' consent: never shown to
        the public, and the contribution cannot be published while it stays so."""
        return self.shows_children and not self.guardian_consent


class ReportReason(models.TextChoices):
    OFFENSIVE = "offensive", _("Offensive or hateful")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL_DATA = "personal_data", _("Personal data about someone")
    OTHER = "other", _("Something else")


class ContributionReport(TimeStampedModel):
    """A reader's report of a published contribution (or of a comment on it, ``comment``).

    ``reporter_key`` is a keyed hash of the reporter's account (or, signed out, of their
    address) and ``address_key`` one of their client address: no raw address is stored, one
    reporter counts once per contribution, and reports that share an account or an address, or
    that were all made signed out, count as one person (``services.distinct_reporters``).
    ``reviewed_at`` is set when an official has looked at the contribution; only open reports
    count towards hiding it. ``weight`` is how much the reporter counts as a person (see
    ``services.discussion_reports.report_weight``): a signed-out reader without a confirmed
    address counts nothing, a fresh account or address half.
    """

    #: Empty for a report of a comment on a paragraph of a consultation draft.
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    reporter_key = models.CharField(_("reporter (hashed)"), max_length=64)
    address_key = models.CharField(_("client address (hashed)"), max_length=64, blank=True)
    signed_in = models.BooleanField(_("signed in"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comment = models.ForeignKey(
        "contributions.Comment",
        verbose_name=_("comment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=ReportReason.choices, default=ReportReason.OFFENSIVE
    )
    weight = models.DecimalField(_("weight"), max_digits=2, decimal_places=1, default=1)

    class Meta:
        verbose_name = _("report of a contribution")
        verbose_name_plural = _("reports of contributions")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter_key"],
                condition=Q(comment__isnull=True),
                name="contributionreport_unique_reporter",
            ),
            models.UniqueConstraint(
                fields=["comment", "reporter_key"],
                condition=Q(comment__isnull=False),
                name="contributionreport_unique_comment_reporter",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="contributionreport_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=1),
                name="contributionreport_weight_range",
            ),
            models.CheckConstraint(
                condition=Q(contribution__isnull=False) | Q(comment__isnull=False),
                name="contributionreport_has_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["contribution", "reviewed_at"], name="contribreport_open_idx"),
            models.Index(fields=["comment", "reviewed_at"], name="contribreport_comment_open_idx"),
        ]

    def __str__(self):
        return f"{self.contribution_id} – {self.created:%Y-%m-%d %H:%M}"
