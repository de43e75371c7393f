"""Drafting rounds, versions (their states) and paragraphs, with comments on paragraphs."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..core import TimeStampedModel, VisionProcess

dnr_validator = RegexValidator(
    r"^[A-ZÅÄÖ]{1,10} \d{4}/\d{1,6}$",
    _('Enter the registration number in the usual form, for example "KS 2019/160".'),
    code="invalid_dnr",
)


class DraftingRound(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="drafting_rounds",
    )
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        related_name="drafting_rounds",
        blank=True,
    )

    class Meta:
        verbose_name = _("drafting round")
        verbose_name_plural = _("drafting rounds")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "name"], name="draftinground_unique_name_per_process"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="draftinground_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.process}: {self.name}"


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUPERSEDED = "superseded", _("Superseded")
    CONSULTATION = "consultation", _("On consultation")
    DECIDED = "decided", _("Decided on")
    ADOPTED = "adopted", _("Adopted")


#: States in which the text may be seen outside the process's members.
PUBLIC_VERSION_STATES = (VersionState.CONSULTATION, VersionState.DECIDED, VersionState.ADOPTED)


class DraftVersionQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(round__process=process)

    def public(self):
        return self.filter(state__in=PUBLIC_VERSION_STATES)


class DraftVersion(models.Model):
    round = models.ForeignKey(
        DraftingRound,
        verbose_name=_("drafting round"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(
        _("version number"), help_text=_("Counts on across the rounds of a process.")
    )
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=15, choices=VersionState.choices, default=VersionState.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    adopted_on = models.DateField(_("adopted"), null=True, blank=True)

    objects = DraftVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="draftversion_unique_number"),
            models.CheckConstraint(
                condition=Q(state__in=VersionState.values), name="draftversion_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=VersionState.ADOPTED) | Q(adopted_on__isnull=False),
                name="draftversion_adopted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state"], name="draftversion_state_idx")]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}

    @property
    def process(self):
        return self.round.process

    @property
    def is_locked(self) -> bool:
        return self.state != VersionState.DRAFT

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_VERSION_STATES


class ParagraphKind(models.TextChoices):
    HEADING = "heading", _("Heading")
    BODY = "body", _("Body text")


class Paragraph(models.Model):
    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="paragraphs",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ParagraphKind.choices, default=ParagraphKind.BODY
    )
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    text = models.TextField(_("text"), max_length=20000)
    lineage = models.UUIDField(
        _("lineage"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Stays the same when the paragraph is carried into the next version."),
    )
    split_from = models.UUIDField(
        _("split from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The lineage of the paragraph this one was split from."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "lineage"], name="paragraph_unique_lineage_per_version"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ParagraphKind.values), name="paragraph_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["version", "order"], name="paragraph_version_order_idx")]

    def __str__(self):
        return self.short_title or self.text[:60]

    @property
    def process(self):
        return self.version.round.process


class Comment(models.Model):
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=4000)
    created = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def process(self):
        return self.paragraph.version.round.process

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
