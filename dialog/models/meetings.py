"""Target groups, meetings, conversation kits and who took part by age."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from visionsprocess.models import (
    AgeBand,
    Municipality,
    Stage,
    TimeStampedModel,
    VisionProcess,
)


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
    HELD = "held", pgettext_lazy("state of one meeting", "Held")


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
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.RESTRICT,
        related_name="meetings",
        help_text=_("The stage of the process the meeting belongs to."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=MeetingFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
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
        max_length=2000,
        blank=True,
        help_text=_("Hearing loop, interpretation, step-free access, ..."),
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officials responsible"),
        blank=True,
        related_name="meetings_responsible",
    )
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    main_points = models.TextField(_("main points"), max_length=5000, blank=True)
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

    def clean(self):
        if self.stage_id and self.process_id and self.stage.process_id != self.process_id:
            raise ValidationError({"stage": _("Choose one of the process's stages.")})

    def get_stage_display(self) -> str:
        """The name of the stage (kept from when the stage was a fixed choice)."""
        return self.stage.name if self.stage_id else ""

    @property
    def is_public(self) -> bool:
        return self.kind != MeetingKind.INTERNAL and self.process.is_public

    @property
    def is_internal(self) -> bool:
        return self.kind == MeetingKind.INTERNAL

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_past(self) -> bool:

        return self.ends_at <= timezone.now()

    @property
    def has_online_part(self) -> bool:
        return self.format in (MeetingFormat.DIGITAL, MeetingFormat.HYBRID)

    @property
    def has_place(self) -> bool:
        return self.format in (MeetingFormat.PHYSICAL, MeetingFormat.HYBRID)

    def registration_open(self, now=None) -> bool:

        now = now or timezone.now()
        if self.status != MeetingStatus.PLANNED or self.starts_at <= now:
            return False
        return self.registration_deadline is None or now <= self.registration_deadline

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dialog:meeting_detail", kwargs={"slug": self.process.slug, "pk": self.pk})


class ConversationKit(TimeStampedModel):
    """A conversation kit (samtalsmaterial) for groups' own conversations."""

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="kits"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    questions = models.TextField(
        _("questions to discuss"),
        max_length=5000,
        blank=True,
        help_text=_("One question per line."),
    )
    leader_instructions = models.TextField(
        _("instructions for the group leader"), max_length=10000, blank=True
    )
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

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dialog:kit_detail", kwargs={"slug": self.process.slug, "kit": self.slug})

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class MeetingAgeCount(models.Model):
    """How many took part in a meeting, by age band."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="age_counts"
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("number of participants"), default=0)

    class Meta:
        verbose_name = _("participants by age band")
        verbose_name_plural = _("participants by age band")
        ordering = ["meeting", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "age_band"], name="meetingagecount_unique_band"
            ),
            models.CheckConstraint(
                condition=Q(age_band__in=AgeBand.values), name="meetingagecount_band_valid"
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.get_age_band_display()} = {self.count}"
