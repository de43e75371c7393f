"""A vision process and its stages, with the choices they use (age bands, visibility, stage kinds, participation)."""

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ...registry import stage_openings
from .municipality import Municipality, TimeStampedModel, personal_address


class AgeBand(models.TextChoices):
    """Age bands used for contributors, meeting participants and population figures."""

    UNDER_13 = "0-12", _("12 or younger")
    AGE_13_19 = "13-19", _("13–19")
    AGE_20_34 = "20-34", _("20–34")
    AGE_35_49 = "35-49", _("35–49")
    AGE_50_64 = "50-64", _("50–64")
    AGE_65_79 = "65-79", _("65–79")
    AGE_80_PLUS = "80+", _("80 or older")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class StageKind(models.TextChoices):
    """Keys of the five stages of the standard vision process (the process map), in order.

    A process's stages are rows it owns (``Stage``), which the municipality can add, rename,
    reorder and remove. These keys mark the stages made from the vision template (``Stage.key``),
    so that demo data, templates and tests can find "the drafting stage" of such a process.
    """

    DIALOGUE = "dialogue", _("Dialogue meetings")
    ENGAGEMENT = "engagement", _("Broadened engagement")
    DRAFTING = "drafting", _("Drafting")
    ADOPTION = "adoption", _("Adoption")
    IMPLEMENTATION = "implementation", _("Implementation")

    @classmethod
    def ordered(cls) -> list["StageKind"]:
        return list(cls)


class ParticipationLevel(models.TextChoices):
    """How much say people have in a process (the steps of SKR's participation ladder)."""

    INFORM = "inform", _("Information: we tell you what is planned and decided")
    CONSULT = "consult", _("Consultation: we ask for your views before we decide")
    INVOLVE = "involve", _("Dialogue: we work it out together with you along the way")
    CO_DECIDE = "co_decide", _("Co-decision: you decide together with us")


def _in_english() -> bool:
    return (get_language() or "sv").startswith("en")


class VisionProcessQuerySet(models.QuerySet):
    def public(self):
        return self.filter(self.public_q())

    @staticmethod
    def public_q() -> Q:
        """Public and published: a draft is seen by its staff only, whatever its visibility."""
        return Q(visibility=Visibility.PUBLIC, published_at__isnull=False, listed=True)

    def for_member(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(self.member_q(user)).distinct()

    @staticmethod
    def member_q(user) -> Q:
        """A role in the process, or the administration of its municipality."""
        return Q(roles__user=user) | Q(municipality__roles__user=user)

    def visible_to(self, user):
        if user.is_authenticated and user.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.public()
        return self.filter(self.public_q() | self.member_q(user)).distinct()


class VisionProcess(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    title = models.CharField(_("title"), max_length=200, help_text=_('For example "Vision 2040".'))
    # Unique within the municipality (each is reached at its own host): ``process_slug_unique``.
    slug = models.SlugField(_("slug"), max_length=80)
    horizon_year = models.PositiveSmallIntegerField(
        _("horizon year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2200)],
        help_text=_("The year the vision looks towards."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences for lists.")
    )
    description = models.TextField(_("description"), max_length=10000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    current_stage = models.ForeignKey(
        "Stage",
        verbose_name=_("current stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where the process stands now; shown on the process map."),
    )
    # Off for a process that is a room of the municipality rather than a process of its own (the
    # municipality's e-förslag): reached at its own pages, never listed among the processes.
    listed = models.BooleanField(_("listed among the processes"), default=True)
    allow_anonymous_contributions = models.BooleanField(
        _("allow contributions without an account"),
        default=True,
        help_text=_("If off, citizens must sign in to send in a contribution."),
    )
    case_dnr = models.CharField(
        _("case registration number (Dnr)"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-ZÅÄÖ]{1,10} \d{4}/\d{1,6}$",
                _('Enter the registration number in the usual form, for example "KS 2019/160".'),
            )
        ],
        help_text=_('The case the process is registered under, e.g. "KS 2019/160".'),
    )
    classification_code = models.CharField(
        _("classification code"),
        max_length=40,
        blank=True,
        help_text=_(
            "Where the process's documents belong in the municipality's records-management "
            'plan (informationshanteringsplan), e.g. "1.2.4".'
        ),
    )
    # The promise a process makes up front (Kramfors' guideline for citizen dialogue).
    purpose = models.TextField(
        _("purpose"), max_length=2000, blank=True, help_text=_("Why the process is held.")
    )
    can_influence = models.TextField(_("what you can influence"), max_length=2000, blank=True)
    cannot_influence = models.TextField(
        _("what you cannot influence"),
        max_length=2000,
        blank=True,
        help_text=_("What is already decided or decided elsewhere, and so not open here."),
    )
    participation_level = models.CharField(
        _("level of participation"),
        max_length=12,
        choices=ParticipationLevel.choices,
        blank=True,
    )
    feedback_how = models.TextField(
        _("how and when feedback comes"),
        max_length=2000,
        blank=True,
        help_text=_("Set the date the feedback is promised by on each stage below."),
    )
    responsible_name = models.CharField(_("person responsible"), max_length=150, blank=True)
    responsible_title = models.CharField(
        _("title of the person responsible"), max_length=150, blank=True
    )
    contact_channel = models.CharField(
        _("where to ask"),
        max_length=250,
        blank=True,
        help_text=_(
            "Shown publicly: a functional address or number of the municipality for this "
            "purpose (e.g. kontaktcenter@kramfors.se or 0612-800 00), never a personal e-mail."
        ),
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_(
            "Empty while the process is a draft: only its staff see it, until an administrator "
            "publishes it."
        ),
    )

    # Retention (gallring): the records-management plan's rule for the process's personal data,
    # counted from the day the process is closed (visionsprocess/retention.py).
    retention_rule = models.ForeignKey(
        "RetentionRule",
        verbose_name=_("retention rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
    )
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("The day the process was closed; the retention period runs from it."),
    )

    objects = VisionProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("vision process")
        verbose_name_plural = _("vision processes")
        ordering = ["-horizon_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_year__gte=2000) & Q(horizon_year__lte=2200),
                name="process_horizon_year_range",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="process_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(participation_level__in=["", *ParticipationLevel.values]),
                name="process_participation_level_valid",
            ),
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                name="process_slug_unique",
                violation_error_message=_(
                    "Another process of the municipality already has this address."
                ),
            ),
        ]
        indexes = [models.Index(fields=["visibility", "municipality"], name="process_vis_mun_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("process_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if personal_address(self.contact_channel, self.responsible_name):
            raise ValidationError(
                {
                    "contact_channel": _(
                        "This looks like the personal e-mail address of the person responsible. "
                        "Public pages show a functional address of the municipality instead, "
                        "for example kontaktcenter@kommun.se."
                    )
                }
            )

    @property
    def has_promise(self) -> bool:
        return bool(self.purpose or self.can_influence or self.participation_level)

    @property
    def process(self):
        """Lets permission predicates treat a process like any object that belongs to one."""
        return self

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.published_at is not None

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def get_current_stage_display(self) -> str:
        """The name of the current stage (kept from when the stage was a fixed choice)."""
        return self.current_stage.name if self.current_stage_id else ""

    def stage_by_key(self, key: str) -> "Stage | None":
        """The stage made from the template stage ``key`` (e.g. ``StageKind.DRAFTING``), if any.

        Uses the prefetched stages when they are loaded."""
        return next((stage for stage in self.stages.all() if stage.key == key), None)

    def stage_for(self, key: str) -> "Stage | None":
        """The stage something new of ``key`` belongs in (e.g. a new meeting): the current stage
        if it opens ``key``, else the next stage that does, else the latest earlier one that
        does, else the current stage (or the first, if none is current)."""
        stages = sorted(self.stages.all(), key=lambda stage: stage.position)
        if not stages:
            return None
        current = next((s for s in stages if s.pk == self.current_stage_id), stages[0])
        if current.accepts(key):
            return current
        later = [s for s in stages if s.position > current.position and s.accepts(key)]
        earlier = [s for s in stages if s.position < current.position and s.accepts(key)]
        return (later[:1] or earlier[-1:] or [current])[0]

    def current_stage_accepts(self, key: str) -> bool:
        """Whether the current stage opens ``key`` (a kind of input or an activity)."""
        return self.current_stage_id is not None and self.current_stage.accepts(key)


class StageQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)


class Stage(TimeStampedModel):
    """A stage of a process, in the order the process runs through them.

    What a stage *opens* is a list of keys registered by the apps in
    ``visionsprocess.registry.stage_openings``: the kinds of input citizens can send in while it is
    the current stage (ideas, letters from the future, ...) and the activities that belong to it
    (meetings, drafting, consultation, adoption, follow-up).
    """

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(
        _("template key"),
        max_length=40,
        blank=True,
        help_text=_("The template stage this one was made from, e.g. dialogue; empty if added."),
    )
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to show the Swedish name in English too."),
    )
    description_sv = models.TextField(
        _("what happens in this stage (Swedish)"), max_length=4000, blank=True
    )
    description_en = models.TextField(
        _("what happens in this stage (English)"), max_length=4000, blank=True
    )
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    feedback_due = models.DateField(
        _("feedback promised by"),
        null=True,
        blank=True,
        help_text=_(
            "The date by which the municipality has promised public feedback on what came in "
            "during this stage. If it passes without feedback, the officials are told and the "
            "public page says the feedback is late."
        ),
    )
    opens = models.JSONField(
        _("what the stage opens"),
        default=list,
        blank=True,
        help_text=_("Kinds of input received and activities that belong to the stage."),
    )

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "position"], name="stage_unique_position_per_process"
            ),
            models.UniqueConstraint(
                fields=["process", "key"],
                condition=~Q(key=""),
                name="stage_unique_key_per_process",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="stage_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="stage_position_positive"),
            models.CheckConstraint(condition=~Q(name_sv=""), name="stage_has_swedish_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        if not isinstance(self.opens, list) or not all(isinstance(k, str) for k in self.opens):
            errors["opens"] = _("Choose what the stage opens from the list.")
        elif unknown := [key for key in self.opens if key not in stage_openings]:
            errors["opens"] = _("Unknown choice: %(keys)s.") % {"keys": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        """The name in the language of the page (Swedish when there is no English name)."""
        return self.name_en if _in_english() and self.name_en else self.name_sv

    @property
    def description(self) -> str:
        return self.description_en if _in_english() and self.description_en else self.description_sv

    @property
    def purpose(self) -> str:
        """What happens in the stage (the name the process map's template has always used)."""
        return self.description

    @property
    def order(self) -> int:
        """Zero-based place in the process (kept for templates that counted from zero)."""
        return self.position - 1

    def accepts(self, key: str) -> bool:
        """Whether the stage opens ``key``: a kind of input it receives or an activity."""
        return key in (self.opens or ())

    @property
    def openings(self):
        """The registered openings of the stage (inputs first), for display."""
        return stage_openings.known(self.opens)

    @property
    def inputs(self):
        return [opening for opening in self.openings if opening.is_input]

    @property
    def activities(self):
        return [opening for opening in self.openings if not opening.is_input]

    @property
    def is_current(self) -> bool:
        return self.pk is not None and self.pk == self.process.current_stage_id

    @property
    def is_done(self) -> bool:
        current = self.process.current_stage
        return current is not None and self.position < current.position

    @property
    def is_overdue(self) -> bool:
        """The plan has passed it by: the current stage after its planned end, or a coming stage
        after its planned start. The map says "Delayed" rather than pretending all is well."""
        today = timezone.localdate()
        if self.is_current:
            return self.ends_on is not None and self.ends_on < today
        if self.is_done:
            return False
        return self.starts_on is not None and self.starts_on < today

    @property
    def is_one_day(self) -> bool:
        return self.starts_on is not None and self.starts_on == self.ends_on
