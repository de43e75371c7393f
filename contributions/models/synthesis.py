"""The synthesis of a process ("Sammanställning"): per theme an official's introduction and key
points, each a sentence chosen from a contribution's own text (extractive, never generated), with
how many said it and who they were.

A process has one :class:`Synthesis` (with the worker's drafting progress) and numbered
:class:`SynthesisVersion` rows: at most one draft at a time, edited by officials, and published
versions, which never change. A new draft starts as a copy of the latest version. The version's
:class:`SynthesisTheme` rows keep the theme's name as it was, so a published version reads the
same after a theme is renamed or deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import VisionProcess

from .core import Contribution, Theme
from .jobs import WorkerJobProgress


class Synthesis(WorkerJobProgress):
    """A process's synthesis and the worker's drafting of it (progress for the page)."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="synthesis",
    )
    scheduled_at = models.DateTimeField(_("drafting scheduled"), null=True, blank=True)
    started_at = models.DateTimeField(_("drafting started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("drafting finished"), null=True, blank=True)
    seconds = models.FloatField(_("drafting time in seconds"), default=0)

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")

    def __str__(self):
        return str(self.process)


class SynthesisState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class SynthesisVersion(models.Model):
    """One version of a synthesis: a draft officials edit, or a published version that never
    changes."""

    synthesis = models.ForeignKey(
        Synthesis,
        verbose_name=_("synthesis"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version number"))
    state = models.CharField(
        _("state"), max_length=10, choices=SynthesisState.choices, default=SynthesisState.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
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
    drafted_at = models.DateTimeField(_("key points proposed"), null=True, blank=True)
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
        verbose_name = _("version of a synthesis")
        verbose_name_plural = _("versions of syntheses")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["synthesis", "number"], name="synthesisversion_unique_number"
            ),
            models.UniqueConstraint(
                fields=["synthesis"],
                condition=Q(state="draft"),
                name="synthesisversion_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "published"]), name="synthesisversion_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="synthesisversion_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["synthesis", "state", "-number"], name="synthesisversion_state_idx"
            )
        ]

    def __str__(self):
        return f"{self.synthesis} v{self.number} ({self.get_state_display()})"

    @property
    def is_draft(self) -> bool:
        return self.state == SynthesisState.DRAFT


class SynthesisTheme(models.Model):
    """A theme's part of a version: its name as it was, the official's introduction and its
    key points. ``revision`` grows with every edit of the introduction, so that two officials
    editing at once do not overwrite each other unseen."""

    version = models.ForeignKey(
        SynthesisVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="themes",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    introduction = models.TextField(_("introduction"), max_length=4000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    # How many people raised the theme in all (quoted or only counted), and who they were:
    # exact counts {"channel": {...}, "district": {name: n}, "age_band": {...}, "voices": n}.
    # The public side applies the small-count rule when it reads them.
    voices = models.PositiveIntegerField(_("voices"), default=0)
    spread = models.JSONField(_("who they were"), default=dict, blank=True)
    # Sentences an official removed: [[contribution id, text], ...]; not proposed again.
    removed = models.JSONField(_("removed key points"), default=list, blank=True)

    class Meta:
        verbose_name = _("theme of a synthesis")
        verbose_name_plural = _("themes of a synthesis")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "theme"], name="synthesistheme_unique_theme"
            ),
        ]

    def __str__(self):
        return f"{self.version}: {self.name}"


class KeyPointSource(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the drafting")
    ADDED = "added", _("Added by an official")


class KeyPoint(models.Model):
    """A sentence (or short span) from a contribution's own text, standing for ``voices``
    people who said about the same; ``spread`` counts who they were (exact, as for
    ``SynthesisTheme.spread``)."""

    section = models.ForeignKey(
        SynthesisTheme,
        verbose_name=_("theme of the synthesis"),
        on_delete=models.CASCADE,
        related_name="key_points",
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("source contribution"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("sentence"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=KeyPointSource.choices, default=KeyPointSource.PROPOSED
    )
    score = models.FloatField(_("centrality"), default=0)
    voices = models.PositiveIntegerField(_("how many said it"), default=1)
    members = models.JSONField(_("contributions it stands for"), default=list, blank=True)
    spread = models.JSONField(_("who they were"), default=dict, blank=True)

    class Meta:
        verbose_name = _("key point")
        verbose_name_plural = _("key points")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(voices__gte=1), name="keypoint_voices_positive"),
        ]
        indexes = [models.Index(fields=["section", "position"], name="keypoint_section_pos_idx")]

    def __str__(self):
        return self.text[:60]
