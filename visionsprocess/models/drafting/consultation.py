"""The consultation of a version: its answers, and the summary of them (positions, items)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..core import Body, TimeStampedModel
from .versions import (
    DraftVersion,
    Paragraph,
)


class Consultation(TimeStampedModel):
    version = models.OneToOneField(
        DraftVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="consultation",
    )
    deadline = models.DateField(_("last day to answer"))
    bodies = models.ManyToManyField(
        Body, verbose_name=_("consultation bodies"), related_name="consultations", blank=True
    )
    organisations = models.TextField(
        _("other organisations"),
        max_length=5000,
        blank=True,
        help_text=_("Associations, companies and others asked to answer, one per line."),
    )
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-deadline"]

    def __str__(self):
        return _("Consultation on %(version)s") % {"version": self.version}

    @property
    def process(self):
        return self.version.round.process

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]


def answer_upload_to(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consultation/{instance.consultation_id}/{uuid.uuid4().hex}.{suffix}"


class ConsultationAnswer(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_answers",
        help_text=_("Empty when the answer is about the whole text."),
    )
    respondent_name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Empty for an anonymous answer (where the process allows it)."),
    )
    organisation = models.CharField(_("organisation or body"), max_length=200, blank=True)
    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        blank=True,
        help_text=_("Never shown publicly; used to confirm the answer and to send the summary."),
    )
    confirmed_at = models.DateTimeField(
        _("confirmed"),
        null=True,
        blank=True,
        help_text=_("When the answer was confirmed: by its e-mail link, or sent while signed in."),
    )
    tracking_token = models.CharField(
        _("private link"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    text = models.TextField(_("answer"), max_length=20000)
    attachment = models.FileField(_("attachment"), upload_to=answer_upload_to, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("received"), auto_now_add=True)
    taken_into_account = models.BooleanField(_("taken into account"), default=False)
    note = models.TextField(_("note on how it was handled"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("consultation answer")
        verbose_name_plural = _("consultation answers")
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["consultation", "paragraph"], name="consanswer_cons_par_idx"),
        ]

    def __str__(self):
        return f"{self.display_name}: {self.text[:40]}"

    @property
    def process(self):
        return self.consultation.version.round.process

    @property
    def display_name(self) -> str:
        """Who answered, as the summary names them: the organisation, a name, or "anonymous"."""
        if self.organisation and self.respondent_name:
            return f"{self.organisation} ({self.respondent_name})"
        return self.organisation or self.respondent_name or str(_("Anonymous"))

    @property
    def public_name(self) -> str:
        """As published: an organisation by its name; a private person is never named."""
        return self.organisation or str(_("A private person"))

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SummaryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Position(models.TextChoices):
    TAKEN = "taken", pgettext_lazy("summary position", "Taken into account")
    PARTLY = "partly", pgettext_lazy("summary position", "Partly taken into account")
    NOT_TAKEN = "not_taken", pgettext_lazy("summary position", "Not taken into account")


class ConsultationSummary(TimeStampedModel):
    """The remissammanställning: what came in on a consultation and what the municipality did
    with it, written by an official after the consultation closed. Saved as numbered revisions
    while a draft; once published it never changes."""

    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="summary",
    )
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SummaryState.choices, default=SummaryState.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation summary")
        verbose_name_plural = _("consultation summaries")
        ordering = ["-created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SummaryState.values), name="conssummary_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=SummaryState.PUBLISHED) | Q(published_at__isnull=False),
                name="conssummary_published_has_date",
            ),
        ]

    def __str__(self):
        return _("Summary of %(consultation)s") % {"consultation": self.consultation}

    @property
    def process(self):
        return self.consultation.version.round.process

    @property
    def is_published(self) -> bool:
        return self.state == SummaryState.PUBLISHED


class SummaryItem(models.Model):
    """One paragraph of the summary (or the whole text): the answers on it, grouped, and the
    municipality's position with its reason."""

    summary = models.ForeignKey(
        ConsultationSummary,
        verbose_name=_("summary"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summary_items",
        help_text=_("Empty for the answers on the whole text."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    grouped = models.TextField(
        _("what the answers said"),
        max_length=10000,
        blank=True,
        help_text=_("The answers on this paragraph, grouped by what they say."),
    )
    position = models.CharField(
        _("the municipality's position"), max_length=10, choices=Position.choices, blank=True
    )
    reason = models.TextField(_("reason"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("summary item")
        verbose_name_plural = _("summary items")
        ordering = ["summary", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "paragraph"], name="summaryitem_unique_paragraph"
            ),
            models.UniqueConstraint(
                fields=["summary"],
                condition=Q(paragraph__isnull=True),
                name="summaryitem_one_whole_text",
            ),
            models.CheckConstraint(
                condition=Q(position__in=["", *Position.values]), name="summaryitem_position_valid"
            ),
        ]

    def __str__(self):
        return str(self.paragraph) if self.paragraph_id else str(_("The whole text"))
