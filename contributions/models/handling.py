"""What officials do with contributions: moderation events, feedback, theme suggestions, and the
population figures the overview compares contributors with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import AgeBand, District, Municipality, TimeStampedModel, VisionProcess

from .core import Contribution, ModerationState, Theme


class ModerationAction(models.TextChoices):
    PUBLISHED = "published", _("Published")
    KEPT_INTERNAL = "kept_internal", _("Kept internal")
    HIDDEN = "hidden", _("Withdrawn from the web")
    THEME_ADDED = "theme_added", _("Theme added")
    THEME_REMOVED = "theme_removed", _("Theme removed")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CHILDREN_FLAGS = "children_flags", _("Children and guardians' consent changed")
    COMMENT_APPROVED = "comment_approved", _("Comment approved")
    COMMENT_HIDDEN = "comment_hidden", _("Comment hidden")
    COMMENT_RESTORED = "comment_restored", _("Comment shown again")
    REPORTS_DISMISSED = "reports_dismissed", _("Reports dismissed")


class ModerationEvent(models.Model):
    """One thing an official did to a contribution, kept for good (who, what, when, why). An
    event of a comment on a paragraph of a consultation draft has no contribution."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=20, choices=ModerationAction.choices)
    from_state = models.CharField(
        _("state before"), max_length=10, choices=ModerationState.choices, blank=True
    )
    to_state = models.CharField(
        _("state after"), max_length=10, choices=ModerationState.choices, blank=True
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    theme_name = models.CharField(_("theme name"), max_length=120, blank=True)
    comment = models.ForeignKey(
        "contributions.Comment",
        verbose_name=_("comment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # The same id on every event of one bulk action (publish, hide or tag many at once).
    bulk = models.UUIDField(_("bulk action"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["contribution", "-at"], name="modevent_contribution_at_idx"),
            models.Index(fields=["bulk"], name="modevent_bulk_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values), name="modevent_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(contribution__isnull=False) | Q(comment__isnull=False),
                name="modevent_has_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} #{self.contribution_id or self.comment_id}"


class Feedback(TimeStampedModel):
    """Public feedback (återkoppling) on one contribution or on a whole theme."""

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    text = models.TextField(_("feedback"), max_length=10000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("contributors notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(contribution__isnull=False) & Q(theme__isnull=True))
                | (Q(contribution__isnull=True) & Q(theme__isnull=False)),
                name="feedback_on_contribution_xor_theme",
            ),
        ]

    def __str__(self):
        return self.text[:60]


class SuggestionDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ThemeSuggestion(models.Model):
    """An official's decision on a theme the keywords suggested, so it is not suggested again."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="theme_suggestions",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="suggestions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=SuggestionDecision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "theme"], name="themesuggestion_unique"
            ),
        ]

    def __str__(self):
        return f"{self.theme} → #{self.contribution_id}: {self.get_decision_display()}"


class PopulationFigure(models.Model):
    """How many inhabitants a municipality has, per district or per age band, for a year."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="population_figures",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_figures",
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("number of inhabitants"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the figure comes from, e.g. Statistics Sweden's table and date."),
    )

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "age_band", "year"],
                condition=Q(district__isnull=True),
                name="population_unique_municipality_band_year",
            ),
            models.UniqueConstraint(
                fields=["municipality", "district", "age_band", "year"],
                condition=Q(district__isnull=False),
                name="population_unique_district_band_year",
            ),
        ]

    def __str__(self):
        where = self.district or self.municipality
        return f"{where} {self.age_band or ''} {self.year}: {self.count}"
