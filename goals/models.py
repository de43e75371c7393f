"""The implementation stage: vision → council goals → committee goals → indicators and budget.

Also the Agenda 2030 reference data (SDG), governing documents (styrdokument) and the yearly
action plan (handlingsplan) with its immutable versions. Modelled on Vaggeryd's strategic
development programme (Dnr KS 2019/160).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contributions.models import Contribution, Theme
from visionsprocess.models import Body, BodyKind, Municipality, TimeStampedModel, VisionProcess
from visionsprocess.models.core import hex_colour
from visionsprocess.models.decisions import Decision
from visionsprocess.models.drafting import dnr_validator  # one Dnr form for the project

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2200)]

kolada_kpi_validator = RegexValidator(
    r"^[NU]\d{5}$", _('Enter a Kolada key figure id like "N00945": N or U followed by five digits.')
)

CONTRIBUTING_BODY_KINDS = (BodyKind.COMMITTEE, BodyKind.COMPANY)


# --- Agenda 2030 ------------------------------------------------------------------------------


class SDG(models.Model):
    """One of the 17 Sustainable Development Goals (reference data, loaded by a migration)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name_sv = models.CharField(_("Swedish name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7, validators=[hex_colour])

    class Meta:
        verbose_name = _("global goal (Agenda 2030)")
        verbose_name_plural = _("global goals (Agenda 2030)")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=17), name="sdg_number_1_to_17"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


# --- Vision and council goals -----------------------------------------------------------------


class Vision(TimeStampedModel):
    """A vision of the municipality, at the top of the goal hierarchy.

    It belongs to the municipality, not to one process: it can stand above several processes
    and terms of office (Norrköping's vision above every goal of several terms; Vaggeryd's
    "Vision 2040" above its processes). Each process that rests on it has a ``VisionBasis``;
    ``process`` is the process it was drafted in and is edited from (if any). It keeps its
    own decisions: the one that adopted it and the latest one on it (its validity).
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="visions",
    )
    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process it was drafted in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vision",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_('For example "Vision 2040".')
    )
    statement = models.CharField(
        _("vision statement"),
        max_length=300,
        help_text=_('The vision in one sentence, e.g. "Här gör vi plats för att göra skillnad".'),
    )
    text = models.TextField(
        _("vision text"),
        max_length=10000,
        blank=True,
        help_text=_("The adopted text of the vision, or a longer explanation of the statement."),
    )
    values = models.TextField(
        _("values"),
        max_length=5000,
        blank=True,
        help_text=_("The shared values (värdegrund), one per line."),
    )
    valid_from = models.PositiveSmallIntegerField(
        _("valid from (year)"), validators=YEAR_VALIDATORS, null=True, blank=True
    )
    valid_until = models.PositiveSmallIntegerField(
        _("valid until (year)"), validators=YEAR_VALIDATORS
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visions",
        help_text=_("The latest decision on the vision: its adoption or an extended validity."),
    )
    adoption_decision = models.ForeignKey(
        Decision,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visions_adopted",
        help_text=_("The decision that adopted the vision."),
    )

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_from__lte=models.F("valid_until")),
                name="vision_valid_from_before_until",
                violation_error_message=_("The vision cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name or self.statement

    def clean(self):
        if (
            self.process_id
            and self.municipality_id
            and self.process.municipality_id != self.municipality_id
        ):
            raise ValidationError({"process": _("Choose a process of the same municipality.")})

    @property
    def validity(self) -> str:
        """ "2019–2030", or "–2030" without a first year."""
        start = str(self.valid_from) if self.valid_from else ""
        return f"{start}–{self.valid_until}"

    @property
    def value_list(self) -> list[str]:
        return [line.strip() for line in self.values.splitlines() if line.strip()]


class VisionBasis(TimeStampedModel):
    """A process that rests on a vision: its council goals, committee goals and action plan
    stand under that vision. A process rests on at most one vision."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="vision_basis",
    )
    vision = models.ForeignKey(
        Vision, verbose_name=_("vision"), on_delete=models.CASCADE, related_name="bases"
    )

    class Meta:
        verbose_name = _("process resting on a vision")
        verbose_name_plural = _("processes resting on a vision")

    def __str__(self):
        return f"{self.process} → {self.vision}"

    def clean(self):
        if (
            self.process_id
            and self.vision_id
            and self.process.municipality_id != self.vision.municipality_id
        ):
            raise ValidationError(
                {"vision": _("A process can rest only on a vision of its own municipality.")}
            )


class CouncilGoal(TimeStampedModel):
    """A council goal (fullmäktigemål) for a term of office."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="council_goals",
    )
    term_start = models.PositiveSmallIntegerField(
        _("term starts (year)"), validators=YEAR_VALIDATORS
    )
    term_end = models.PositiveSmallIntegerField(_("term ends (year)"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(
        _("short summary"),
        max_length=2000,
        blank=True,
        help_text=_("A few sentences in plain, easy-to-read language."),
    )
    description = models.TextField(_("description"), max_length=10000, blank=True)
    political_will = models.TextField(_("political will"), max_length=10000, blank=True)
    how_measured = models.TextField(_("how it is measured"), max_length=5000, blank=True)
    citizen_examples = models.TextField(
        _("what the committees contribute"),
        max_length=10000,
        blank=True,
        help_text=_("Examples from a citizen's point of view, one per line."),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("adopted by decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_goals",
    )
    sdgs = models.ManyToManyField(
        SDG,
        verbose_name=_("global goals"),
        through="CouncilGoalSDG",
        related_name="council_goals",
        blank=True,
    )

    class Meta:
        verbose_name = _("council goal")
        verbose_name_plural = _("council goals")
        ordering = ["process", "-term_start", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="councilgoal_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["process", "term_start", "order"], name="councilgoal_proc_ord_idx")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:council_goal", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def term_label(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.citizen_examples.splitlines() if line.strip()]


class CouncilGoalSDG(models.Model):
    """How a council goal serves one of the global goals."""

    goal = models.ForeignKey(
        CouncilGoal,
        verbose_name=_("council goal"),
        on_delete=models.CASCADE,
        related_name="sdg_links",
    )
    sdg = models.ForeignKey(
        SDG, verbose_name=_("global goal"), on_delete=models.PROTECT, related_name="goal_links"
    )
    how = models.TextField(_("in what way"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("link to a global goal")
        verbose_name_plural = _("links to global goals")
        ordering = ["sdg__number"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "sdg"], name="councilgoalsdg_unique"),
        ]

    def __str__(self):
        return f"{self.goal} → {self.sdg}"


class CommitteeGoal(TimeStampedModel):
    """A goal of a committee or company (nämndmål) that serves one or more council goals."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="committee_goals",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("committee or company"),
        on_delete=models.PROTECT,
        related_name="committee_goals",
        limit_choices_to={"kind__in": CONTRIBUTING_BODY_KINDS},
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    council_goals = models.ManyToManyField(
        CouncilGoal,
        verbose_name=_("council goals it serves"),
        related_name="committee_goals",
    )

    class Meta:
        verbose_name = _("committee goal")
        verbose_name_plural = _("committee goals")
        ordering = ["body__order", "order", "id"]
        indexes = [models.Index(fields=["process", "body"], name="committeegoal_proc_body_idx")]

    def __str__(self):
        return f"{self.body.short_name}: {self.title}"


# --- Indicators and measurements --------------------------------------------------------------


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    COUNT = "count", _("count")
    PER_1000 = "per_1000", _("per 1,000 inhabitants")
    SEK = "sek", _("kronor")
    INDEX = "index", _("index (0–100)")
    DAYS = "days", _("days")

    @property
    def symbol(self) -> str:
        return UNIT_SYMBOLS[self]


UNIT_SYMBOLS = {
    Unit.PERCENT: "%",
    Unit.COUNT: "",
    Unit.PER_1000: _("per 1,000"),
    Unit.SEK: "kr",
    Unit.INDEX: "",
    Unit.DAYS: _("days"),
}


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    KOLADA = "kolada", _("Kolada key figure")


class Indicator(TimeStampedModel):
    """A measure of how a council goal is going, with a baseline and a target."""

    goal = models.ForeignKey(
        CouncilGoal,
        verbose_name=_("council goal"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    source = models.CharField(
        _("source"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    kolada_kpi = models.CharField(
        _("Kolada key figure id"), max_length=6, blank=True, validators=[kolada_kpi_validator]
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="kolada") | ~Q(kolada_kpi=""),
                name="indicator_kolada_has_kpi",
                violation_error_message=_("Give the Kolada key figure id, e.g. N00945."),
            ),
            models.CheckConstraint(
                condition=Q(source__in=["manual", "kolada"]), name="indicator_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=models.F("baseline_year")),
                name="indicator_target_after_baseline",
                violation_error_message=_("The target year cannot come before the baseline year."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def process(self):
        return self.goal.process

    @property
    def first_year(self) -> int:
        """The first year a value may be recorded for."""
        return min(y for y in (self.baseline_year, self.goal.term_start - 1) if y is not None)

    @property
    def last_year(self) -> int:
        """The last year a value may be recorded for."""
        return max(y for y in (self.target_year, self.goal.term_end) if y is not None)

    @property
    def unit_symbol(self) -> str:
        return str(Unit(self.unit).symbol)


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    CSV = "csv", _("CSV import")
    KOLADA = "kolada", _("Kolada")


class Measurement(TimeStampedModel):
    """The value of an indicator for one year."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=MeasurementSource.choices,
        default=MeasurementSource.MANUAL,
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="measurement_unique_year",
                violation_error_message=_("There is already a value for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.year} = {self.value}"


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


# --- Action plan ------------------------------------------------------------------------------


class ActionPlan(TimeStampedModel):
    """The living action plan (handlingsplan) of a programme, revised at least yearly."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    title = models.CharField(_("title"), max_length=200, default=_("Action plan for follow-up"))

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return self.title


class ActionPlanVersion(TimeStampedModel):
    """A yearly revision of the action plan. Once superseded by a newer one it never changes."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="versions"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    revision = models.PositiveSmallIntegerField(_("revision"))
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    note = models.TextField(_("what changed"), max_length=5000, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plan_versions",
        help_text=_("The decision that adopted or took note of this version."),
    )

    class Meta:
        verbose_name = _("action plan version")
        verbose_name_plural = _("action plan versions")
        ordering = ["plan", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "revision"], name="actionplanversion_unique_rev"
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(published=True),
                name="actionplanversion_superseded_was_published",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(published=False),
                name="actionplanversion_one_draft",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.year} (rev. {self.revision})"

    @property
    def process(self):
        return self.plan.process

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def is_current(self) -> bool:
        return self.published and self.superseded_at is None


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")


class ActionPlanItem(TimeStampedModel):
    """An activity in a version of the action plan."""

    version = models.ForeignKey(
        ActionPlanVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    activity = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    goal = models.ForeignKey(
        CouncilGoal,
        verbose_name=_("council goal"),
        on_delete=models.PROTECT,
        related_name="action_plan_items",
    )
    responsible = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="action_plan_items",
        null=True,
        blank=True,
    )
    when = models.CharField(_("when"), max_length=100, blank=True, help_text=_('e.g. "2020, Q2"'))
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    follow_up = models.TextField(_("follow-up comment"), max_length=5000, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes that led to it"), related_name="action_plan_items", blank=True
    )
    contributions = models.ManyToManyField(
        Contribution,
        verbose_name=_("contributions that led to it"),
        related_name="action_plan_items",
        blank=True,
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )

    class Meta:
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")
        ordering = ["version", "goal__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="actionplanitem_status_valid"
            ),
        ]

    def __str__(self):
        return self.activity

    @property
    def process(self):
        return self.version.plan.process


# Focus areas with a named responsible live in their own module of the app.
from .focus_areas.models import (  # noqa: E402, F401
    FocusArea,
    FocusAreaStatus,
    FocusAreaUpdate,
)
