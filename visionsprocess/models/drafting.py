"""Drafting and adoption: rounds, versioned vision text, comments, consultation, audit.

Versions that are superseded, on consultation, decided on or adopted never change; the lock is
enforced in ``visionsprocess.drafting.services``. The citations of a paragraph live in the
``contributions`` app (``ParagraphCitation``) and point here.
"""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .core import Body, TimeStampedModel, VisionProcess

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


__all__ = [
    "dnr_validator",
    "DraftingRound",
    "VersionState",
    "PUBLIC_VERSION_STATES",
    "DraftVersionQuerySet",
    "DraftVersion",
    "ParagraphKind",
    "Paragraph",
    "Comment",
    "Consultation",
    "ConsultationAnswer",
    "answer_upload_to",
    "SummaryState",
    "Position",
    "ConsultationSummary",
    "SummaryItem",
    "AdoptionPath",
    "AdoptionStep",
    "minutes_upload_to",
    "AuditEntry",
]
