"""What the worker learns from a process's tagging (``contributions.analysis``): the fitted theme
model, and the suggestions it made for the process's contributions (for the inbox filter)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import VisionProcess

from .core import Contribution, Theme


class ThemeModelState(models.Model):
    """A process's theme model: the fitted object (joblib) with a version, and when it is due to
    be trained again. One row per process; the version grows with every training."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="theme_model",
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    blob = models.BinaryField(_("fitted model"), null=True, blank=True)
    trained_at = models.DateTimeField(_("trained"), null=True, blank=True)
    examples = models.PositiveIntegerField(_("examples learned from"), default=0)
    seconds = models.FloatField(_("training time in seconds"), default=0)
    # Set by tagging; cleared by the training that starts after it.
    dirty_since = models.DateTimeField(_("changed since"), null=True, blank=True)
    # Set when a training task is written to the outbox, so a burst of tagging enqueues one.
    scheduled_at = models.DateTimeField(_("training scheduled"), null=True, blank=True)

    class Meta:
        verbose_name = _("theme model")
        verbose_name_plural = _("theme models")

    def __str__(self):
        return f"{self.process} v{self.version}"


class SuggestedTheme(models.Model):
    """A theme the last trained model suggests for a contribution (at most three each; not
    themes it has, nor those an official rejected). Replaced whole at every training."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="suggested_themes",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="suggested"
    )
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("suggested theme")
        verbose_name_plural = _("suggested themes")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "theme"], name="suggestedtheme_unique"),
        ]
        indexes = [
            # The inbox filter "Suggested theme: X" goes from a theme to its contributions.
            models.Index(fields=["theme", "contribution"], name="suggested_theme_contrib_idx"),
        ]

    def __str__(self):
        return f"{self.theme} → #{self.contribution_id} ({self.score:.2f})"
