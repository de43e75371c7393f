"""Agenda 2030 (SDG), the vision and the council and committee goals."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import Body, Municipality, TimeStampedModel, VisionProcess
from visionsprocess.models.core import hex_colour
from visionsprocess.models.decisions import Decision

from .base import CONTRIBUTING_BODY_KINDS, YEAR_VALIDATORS

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
