"""Decisions of bodies: the one record of adoption facts (``Decision``).

Every fact of an adoption (body, meeting date, §, Dnr) is read from a ``Decision``; the decision
of a matter is found by ``visionsprocess.decisions.selectors.adopting_decision`` and printed by
the template include ``visionsprocess/includes/decision_reference.html``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import Body, VisionProcess
from .drafting import DraftVersion, dnr_validator, minutes_upload_to


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
    SENT_BACK = "sent_back", _("Sent back")
    REJECTED = "rejected", _("Rejected")


APPROVING_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CHANGES)


#: The matter of a decision on the text of a drafting version (the core's own matter).
MATTER_DRAFT_VERSION = "draft_version"


class DecisionQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)

    def approving(self):
        return self.filter(outcome__in=APPROVING_OUTCOMES)

    def of_matter(self, matter: str):
        return self.filter(matter=matter)

    def latest_first(self):
        return self.order_by("-meeting_date", "-pk")


class Decision(models.Model):
    """A decision of a body (committee, KSAU, KS, KF): the one record of adoption facts.

    Every place that states an adoption reads it from here: the process page, every PDF's cover,
    facts and colophon, the PDF's XMP registry fields, the archive package and the tracking
    page. ``matter`` says what kind of thing was decided (a key registered in
    ``visionsprocess.registry.decision_matters``: the text of a drafting version, the council
    goals, the programme, a version of the action plan...); the app that owns the object decided
    on links to the decision from its side (e.g. ``goals.CouncilGoal.decision``).
    """

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    matter = models.CharField(
        _("what was decided"), max_length=40, default=MATTER_DRAFT_VERSION, db_index=False
    )
    subject = models.CharField(
        _("decision"),
        max_length=300,
        blank=True,
        help_text=_('What the body decided, in one sentence, e.g. "Programmet antas".'),
    )
    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version decided on"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting_date = models.DateField(_("meeting date"))
    paragraph_number = models.PositiveIntegerField(
        _("§"),
        validators=[MinValueValidator(1)],
        null=True,
        blank=True,
        help_text=_("The paragraph in the minutes."),
    )
    dnr = models.CharField(
        _("registration number (Dnr)"),
        max_length=30,
        blank=True,
        validators=[dnr_validator],
        help_text=_('For example "KS 2019/160".'),
    )
    outcome = models.CharField(_("outcome"), max_length=25, choices=DecisionOutcome.choices)
    minutes_url = models.URLField(_("link to the minutes extract"), blank=True)
    minutes_file = models.FileField(
        _("minutes extract (PDF)"), upload_to=minutes_upload_to, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "meeting_date", "paragraph_number"],
                name="decision_unique_paragraph_per_meeting",
                violation_error_message=_(
                    "This body already has a decision with that § on that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values), name="decision_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(paragraph_number__isnull=True) | Q(paragraph_number__gte=1),
                name="decision_paragraph_positive",
            ),
            models.CheckConstraint(
                condition=~Q(matter=MATTER_DRAFT_VERSION) | Q(version__isnull=False),
                name="decision_draft_matter_has_version",
            ),
        ]
        indexes = [
            models.Index(
                fields=["process", "matter", "-meeting_date"], name="decision_proc_matter_idx"
            )
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        errors = {}
        if self.meeting_date and self.meeting_date > timezone.localdate():
            errors["meeting_date"] = _(
                "The meeting date %(date)s is in the future. Record a decision once it has been "
                "made."
            ) % {"date": self.meeting_date.isoformat()}
        if self.version_id and self.process_id and self.version.round.process_id != self.process_id:
            errors["version"] = _("The version belongs to another process.")
        if (
            self.body_id
            and self.process_id
            and self.body.municipality_id != (self.process.municipality_id)
        ):
            errors["body"] = _("Choose a body of the process's own municipality.")
        if errors:
            raise ValidationError(errors)

    @property
    def reference(self) -> str:
        """E.g. "KF 2019-11-25 § 112" (without the Dnr), as registrars write it."""
        text = f"{self.body.short_name} {self.meeting_date:%Y-%m-%d}"
        if self.paragraph_number:
            text += f" § {self.paragraph_number}"
        return text

    @property
    def full_reference(self) -> str:
        """E.g. "KF 2019-11-25 § 112, Dnr KS 2019/160"."""
        return f"{self.reference}, Dnr {self.dnr}" if self.dnr else self.reference

    @property
    def paragraph_label(self) -> str:
        return f"§ {self.paragraph_number}" if self.paragraph_number else ""

    @property
    def is_approving(self) -> bool:
        return self.outcome in APPROVING_OUTCOMES


__all__ = [
    "DecisionOutcome",
    "APPROVING_OUTCOMES",
    "MATTER_DRAFT_VERSION",
    "DecisionQuerySet",
    "Decision",
]
