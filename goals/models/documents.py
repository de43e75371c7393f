"""Budget frames and governing documents (styrdokument)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import Body, TimeStampedModel, VisionProcess
from visionsprocess.models.drafting import dnr_validator  # one Dnr form for the project

from .base import YEAR_VALIDATORS
from .vision import CouncilGoal

# --- Budget -----------------------------------------------------------------------------------


class BudgetFrame(TimeStampedModel):
    """The budget frame (ram) of a committee or company for a year, in thousands of kronor."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="budget_frames",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("committee or company"),
        on_delete=models.PROTECT,
        related_name="budget_frames",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount_ksek = models.DecimalField(
        _("amount (thousands of kronor)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal(0))],
    )
    goals = models.ManyToManyField(
        CouncilGoal, verbose_name=_("council goals it serves"), related_name="budget_frames"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget frame")
        verbose_name_plural = _("budget frames")
        ordering = ["-year", "body__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "body", "year"],
                name="budgetframe_unique_body_year",
                violation_error_message=_("This body already has a budget frame for that year."),
            ),
            models.CheckConstraint(
                condition=Q(amount_ksek__gte=0), name="budgetframe_amount_gte_0"
            ),
        ]

    def __str__(self):
        return f"{self.body.short_name} {self.year}: {self.amount_ksek} tkr"


# --- Governing documents ----------------------------------------------------------------------


class DocumentType(models.TextChoices):
    POLICY = "policy", _("Policy")
    PROGRAMME = "programme", _("Programme")
    PLAN = "plan", _("Plan")
    GUIDELINE = "guideline", _("Guideline")
    RULE = "rule", _("Rule")


def governing_document_upload_to(instance, filename):
    return f"styrdokument/{instance.process_id}/{filename}"


class GoverningDocument(TimeStampedModel):
    """A governing document (styrdokument) that implements one or more council goals."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="governing_documents",
    )
    name = models.CharField(_("name"), max_length=200)
    doc_type = models.CharField(_("type"), max_length=12, choices=DocumentType.choices)
    adopted_by = models.ForeignKey(
        Body,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        related_name="governing_documents",
        null=True,
        blank=True,
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    paragraph = models.CharField(
        _("paragraph (§)"), max_length=20, blank=True, help_text=_('For example "§ 45".')
    )
    dnr = models.CharField(
        _("registration number (Dnr)"), max_length=30, blank=True, validators=[dnr_validator]
    )
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        blank=True,
        help_text=_("A role or an office, not an e-mail."),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    last_revised = models.DateField(_("last revised"), null=True, blank=True)
    file = models.FileField(
        _("file (PDF)"), upload_to=governing_document_upload_to, blank=True, max_length=300
    )
    link = models.URLField(_("link"), blank=True)
    goals = models.ManyToManyField(
        CouncilGoal,
        verbose_name=_("council goals it implements"),
        related_name="governing_documents",
        blank=True,
    )

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(doc_type__in=DocumentType.values), name="governingdoc_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(file="") | Q(link=""),
                name="governingdoc_file_or_link",
                violation_error_message=_("Give either a file or a link, not both."),
            ),
        ]
        indexes = [
            models.Index(fields=["process", "valid_until"], name="governingdoc_proc_valid_idx")
        ]

    def __str__(self):
        return self.name

    @property
    def is_past_validity(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def adoption_label(self) -> str:
        parts = []
        if self.adopted_by_id:
            parts.append(self.adopted_by.short_name)
        if self.adopted_on:
            parts.append(self.adopted_on.isoformat())
        if self.paragraph:
            parts.append(self.paragraph)
        return " ".join(parts)
