"""Dialogue meetings, target groups and conversation kits.

The foundation defines the shape other apps point at (contributions link to a meeting or a kit);
the dialog issue fills in registration, attendance, the association register and invitations.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import Municipality, StageKind, TimeStampedModel, VisionProcess


class TargetGroup(models.Model):
    """A per-municipality list of groups meetings are aimed at (associations, youth, ...)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="target_groups",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="targetgroup_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class MeetingKind(models.TextChoices):
    BROAD = "broad", _("Broad open meeting")
    SMALL_GROUP = "small_group", _("Small-group meeting")
    INTERNAL = "internal", _("Internal meeting")


class MeetingFormat(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    DIGITAL = "digital", _("Digital")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


class MeetingQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)

    def public(self):
        return self.filter(self.public_q())

    @staticmethod
    def public_q() -> Q:
        return ~Q(kind=MeetingKind.INTERNAL)


class Meeting(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="meetings"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=StageKind.choices, default=StageKind.DIALOGUE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    online_link = models.URLField(
        _("link to the digital room"),
        blank=True,
        help_text=_("Shown only to those who have registered."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="meetings"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Hearing loop, interpretation, step-free access, ..."),
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officials responsible"),
        blank=True,
        related_name="meetings_responsible",
    )
    minutes = models.TextField(_("minutes"), blank=True)
    main_points = models.TextField(_("main points"), blank=True)
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=MeetingFormat.values), name="meeting_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["process", "starts_at"], name="meeting_process_start_idx")]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.kind != MeetingKind.INTERNAL and self.process.is_public


class ConversationKit(TimeStampedModel):
    """A conversation kit (samtalsmaterial) for groups' own conversations."""

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="kits"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    introduction = models.TextField(_("introduction"), blank=True)
    questions = models.TextField(
        _("questions to discuss"), blank=True, help_text=_("One question per line.")
    )
    leader_instructions = models.TextField(_("instructions for the group leader"), blank=True)
    printable = models.FileField(_("printable version (PDF)"), upload_to="kits/", blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("conversation kit")
        verbose_name_plural = _("conversation kits")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="kit_unique_slug_per_process"),
        ]

    def __str__(self):
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]
