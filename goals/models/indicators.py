"""Indicators of the council goals and their measurements."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import TimeStampedModel

from .base import YEAR_VALIDATORS, kolada_kpi_validator
from .vision import CouncilGoal

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
