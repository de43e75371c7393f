"""What the worker learns from a process's tagging (``contributions.analysis``): the fitted theme
model, and the suggestions it made for the process's contributions (for the inbox filter)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import VisionProcess

from .core import Contribution, Theme
from .jobs import WorkerJobProgress


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
    # "found": a member of a found theme an official adopted (kept when the model is trained
    # again, until an official decides); "model": the last training's suggestion.
    source = models.CharField(_("source"), max_length=8, default="model")

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


class SimilarityIndex(models.Model):
    """A process's contributions as vectors for "Liknande bidrag": the fitted text pipeline and
    one vector per contribution (joblib), built by the worker. A contribution that came after
    the build is compared through the stored pipeline; the next build includes it."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="similarity_index",
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    blob = models.BinaryField(_("fitted index"), null=True, blank=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    contributions = models.PositiveIntegerField(_("contributions indexed"), default=0)
    seconds = models.FloatField(_("build time in seconds"), default=0)
    # Set when a build is written to the outbox, so that a burst of requests enqueues one.
    scheduled_at = models.DateTimeField(_("build scheduled"), null=True, blank=True)

    class Meta:
        verbose_name = _("similarity index")
        verbose_name_plural = _("similarity indexes")

    def __str__(self):
        return f"{self.process} v{self.version}"


class NearDuplicateGroup(models.Model):
    """Contributions an official has found to say the same thing in other words: read one,
    handle them together, count them as voices. Its first member is the one shown."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="near_duplicate_groups",
    )
    representative = models.ForeignKey(
        Contribution,
        verbose_name=_("representative contribution"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("group of near-duplicates")
        verbose_name_plural = _("groups of near-duplicates")

    def __str__(self):
        return f"{self.process} #{self.pk}"


class NearDuplicate(models.Model):
    """A contribution's place in a group of near-duplicates (at most one group each)."""

    group = models.ForeignKey(
        NearDuplicateGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    contribution = models.OneToOneField(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="near_duplicate",
    )
    added = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("near-duplicate")
        verbose_name_plural = _("near-duplicates")

    def __str__(self):
        return f"#{self.contribution_id} in {self.group_id}"


class ThemeDiscovery(WorkerJobProgress):
    """A process's last search for themes no one has named yet (``analysis.discovery``), run by
    the worker, with its progress for the page that asked."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="theme_discovery",
    )
    scheduled_at = models.DateTimeField(_("search scheduled"), null=True, blank=True)
    started_at = models.DateTimeField(_("search started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("search finished"), null=True, blank=True)
    contributions = models.PositiveIntegerField(_("contributions searched"), default=0)
    seconds = models.FloatField(_("search time in seconds"), default=0)

    class Meta:
        verbose_name = _("search for unnamed themes")
        verbose_name_plural = _("searches for unnamed themes")

    def __str__(self):
        return f"{self.process}: {self.progress} %"


class FoundThemeState(models.TextChoices):
    OPEN = "open", _("To look at")
    ADOPTED = "adopted", _("Adopted as a theme")
    DISCARDED = "discarded", _("Discarded")


class FoundTheme(models.Model):
    """A group of untagged contributions that say related things, found by the last search:
    its characteristic words, members (most typical first), three quotes and its spread. An
    official names and adopts it as a theme (its members are then suggested) or discards it."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="found_themes",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    words = models.JSONField(_("characteristic words"), default=list)
    members = models.JSONField(_("contributions"), default=list)
    quotes = models.JSONField(_("representative contributions"), default=list)
    spread = models.JSONField(_("spread by channel, district and age band"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=FoundThemeState.choices, default=FoundThemeState.OPEN
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("found theme")
        verbose_name_plural = _("found themes")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["process", "state"], name="foundtheme_process_state_idx")]

    def __str__(self):
        return ", ".join(self.words[:3]) or f"#{self.pk}"


class ThemeMapPublication(models.Model):
    """A process's map of what was said is public from ``published_at`` (an official published
    it); without a row it is seen by its officials only."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="theme_map_publication",
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("published map of themes")
        verbose_name_plural = _("published maps of themes")

    def __str__(self):
        return str(self.process)
