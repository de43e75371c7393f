"""Everything that comes in: ideas, letters from the future, group reports, media; and themes.

The foundation defines the shape other apps point at (a draft paragraph cites a contribution or a
theme; an action-plan item links to them); the contributions issue fills in moderation, tagging,
feedback, search and exports.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialog.models import ConversationKit, Meeting
from visionsprocess.models import AgeBand, District, Stage, TimeStampedModel, VisionProcess


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class ContributionKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    LETTER = "letter", _("Letter from the future")
    GROUP_REPORT = "group_report", _("Report from a group conversation")
    STATEMENT = "statement", _("Statement at a meeting")
    SURVEY_ANSWER = "survey_answer", _("Survey answer")


class GroupKind(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    SCHOOL_CLASS = "school_class", _("School class")
    SPORTS_CLUB = "sports_club", _("Sports club")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    KITCHEN_TABLE = "kitchen_table", _("Kitchen table")
    OTHER = "other", _("Other")


class ModerationState(models.TextChoices):
    NEW = "new", _("New")
    PUBLISHED = "published", _("Published")
    INTERNAL = "internal", _("Kept internal")
    HIDDEN = "hidden", _("Withdrawn from the web")


class Channel(models.TextChoices):
    """How a contribution reached the municipality. Everything but the web is entered by an
    official, who is recorded with when and where it was collected."""

    WEB = "web", _("Website")
    MEETING = "meeting", _("Dialogue meeting")
    INTERVIEW = "interview", _("Interview")
    PAPER_FORM = "paper_form", _("Paper form")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    SOCIAL_MEDIA = "social_media", _("Social media")

    @classmethod
    def recorded(cls) -> list[tuple[str, str]]:
        """The channels an official records by hand (not the web form, not meeting statements)."""
        return [(v, label) for v, label in cls.choices if v not in (cls.WEB, cls.MEETING)]


class FeedbackState(models.TextChoices):
    NONE = "none", _("No feedback yet")
    GIVEN = "given", _("Feedback given")


class Theme(TimeStampedModel):
    """A process's taxonomy of themes, two levels at most."""

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="themes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    keywords = models.TextField(
        _("keywords"),
        max_length=2000,
        blank=True,
        help_text=_("Words that suggest this theme for untagged contributions, one per line."),
    )
    examples = models.TextField(
        _("example phrases"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Things people might say that belong to this theme, one per line. With the "
            "description they let the suggestions work before anything has been tagged."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "name"], name="theme_unique_name_per_process"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="theme_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name


class ContributionQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)

    def published(self):
        return self.filter(self.published_q())

    @staticmethod
    def published_q() -> Q:
        return Q(moderation_state=ModerationState.PUBLISHED, consent_to_publish=True)


class Contribution(TimeStampedModel):
    """A contribution is a public record (allmän handling) from the moment it arrives: never deleted."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.RESTRICT,
        related_name="contributions",
        help_text=_("The stage of the process in which the contribution came in."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), max_length=20000)
    # Letters from the future
    letter_year = models.PositiveSmallIntegerField(
        _("year the letter is written from"), null=True, blank=True
    )
    greeting = models.CharField(_("greeting"), max_length=200, blank=True)
    # Group reports
    group_kind = models.CharField(
        _("kind of group"), max_length=20, choices=GroupKind.choices, blank=True
    )
    group_name = models.CharField(_("name of the group"), max_length=200, blank=True)
    group_size = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    group_age_bands = models.JSONField(_("age bands in the group"), default=list, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    kit = models.ForeignKey(
        ConversationKit,
        verbose_name=_("conversation kit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    # About the sender (all optional; never a personnummer)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    pseudonym = models.CharField(_("name or pseudonym"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail for feedback"), blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    consent_to_publish = models.BooleanField(_("consent to publish on the web"), default=False)
    # Input that did not come through the web form (interviews, paper forms, visits, ...).
    # NULL only until migration 0008 has filled it; then NOT NULL with "web" as the default.
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_on = models.DateField(_("collected on"), null=True, blank=True)
    recorded_place = models.CharField(_("collected where"), max_length=200, blank=True)
    # Handling
    moderation_state = models.CharField(
        _("moderation"), max_length=10, choices=ModerationState.choices, default=ModerationState.NEW
    )
    feedback_state = models.CharField(
        _("feedback"), max_length=10, choices=FeedbackState.choices, default=FeedbackState.NONE
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    tracking_token = models.CharField(
        _("tracking token"), max_length=64, unique=True, default=new_tracking_token, editable=False
    )
    # Filled by a PostgreSQL trigger (migration 0002) from title, greeting, group name and text
    # with the 'swedish' configuration, on every INSERT and UPDATE (also bulk_create and
    # queryset.update()), so it cannot go stale. Stays NULL on SQLite, where search falls back to
    # icontains. The GIN index on it is created by the same migration, on PostgreSQL only.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    # Kept by the discussion services in the same transaction as the support or comment
    # (F() expressions), so the wall sorts by them at 100,000 contributions without a join.
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("published comments"), default=0, editable=False)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        through="ContributionTheme",
        related_name="contributions",
        blank=True,
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContributionKind.values), name="contribution_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(moderation_state__in=ModerationState.values),
                name="contribution_moderation_valid",
            ),
            models.CheckConstraint(
                condition=~Q(moderation_state=ModerationState.PUBLISHED)
                | Q(consent_to_publish=True),
                name="contribution_published_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="contribution_channel_valid"
            ),
        ]
        indexes = [
            # Newest first with the primary key as tie-breaker: the inbox's order, so a keyset page
            # (rows after a cursor) and an offset over ids alone are index(-only) scans.
            models.Index(
                fields=["process", "-created", "-id"], name="contrib_process_created_id_idx"
            ),
            models.Index(fields=["process", "moderation_state"], name="contrib_process_mod_idx"),
            models.Index(fields=["process", "kind"], name="contrib_process_kind_idx"),
            models.Index(fields=["process", "feedback_state"], name="contrib_process_feedback_idx"),
            models.Index(fields=["process", "district"], name="contrib_process_district_idx"),
            models.Index(fields=["meeting", "kind"], name="contrib_meeting_kind_idx"),
            # Lets a theme filter count as a merge join of two index-only scans instead of
            # reading the whole (wide) table: 18 ms instead of 85 ms at 100,000 contributions.
            models.Index(fields=["process", "id"], name="contrib_process_id_idx"),
            models.Index(fields=["process", "channel"], name="contrib_process_channel_idx"),
            # The wall sorted by "Mest stöd" and "Mest diskuterade" (published ones only).
            models.Index(
                fields=["process", "-support_count", "-created", "-id"],
                name="contrib_process_support_idx",
                condition=Q(moderation_state="published", consent_to_publish=True),
            ),
            models.Index(
                fields=["process", "-comment_count", "-created", "-id"],
                name="contrib_process_comments_idx",
                condition=Q(moderation_state="published", consent_to_publish=True),
            ),
        ]

    def __str__(self):
        return self.title or self.text[:60]

    def clean(self):
        if self.stage_id and self.process_id and self.stage.process_id != self.process_id:
            raise ValidationError({"stage": _("Choose one of the process's stages.")})

    def get_stage_display(self) -> str:
        """The name of the stage (kept from when the stage was a fixed choice)."""
        return self.stage.name if self.stage_id else ""


class ContributionTheme(models.Model):
    """A theme on a contribution, with who tagged it and when."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="taggings",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="taggings"
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tagged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tagged_at = models.DateTimeField(_("tagged"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme on a contribution")
        verbose_name_plural = _("themes on contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "theme"], name="contributiontheme_unique"
            ),
        ]
        indexes = [
            # The inbox's theme filter and the theme counts go from a theme to its contributions.
            models.Index(fields=["theme", "contribution"], name="contribtheme_theme_contrib_idx"),
        ]

    def __str__(self):
        return f"{self.contribution_id} – {self.theme}"
