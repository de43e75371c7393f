"""The core of a vision process: municipality, process, stages, roles, bodies and documents."""

import re
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..registry import stage_openings


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=False)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """An account. Citizens need none; officials, politicians and clerks sign in."""

    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("The name shown to others, for example on comments."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def public_name(self) -> str:
        """A name that never exposes the e-mail address."""
        return self.display_name or self.get_full_name() or _("Member")


class DocumentTypeface(models.TextChoices):
    """The typefaces a municipality's PDFs can be set in: each one embedded in the PDF."""

    SOURCE_SANS = "source-sans-3", "Source Sans 3"
    DEJAVU_SANS = "dejavu-sans", "DejaVu Sans"
    DEJAVU_SERIF = "dejavu-serif", "DejaVu Serif"
    LIBERATION_SERIF = "liberation-serif", "Liberation Serif"


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class Municipality(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("The municipality code is four digits."))],
        help_text=_("The four-digit code from Statistics Sweden, e.g. 0192 for Nynäshamn."),
    )
    logo = models.ImageField(_("logo"), upload_to="municipality/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#00558c", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b37d00",
        validators=[hex_colour],
        help_text=_("Lines and marks on white, in the pages and the PDFs (contrast at least 3:1)."),
    )
    website = models.URLField(_("website"), blank=True)
    # The PDFs' look (``visionsprocess/document_style.py``): the colours above, and these.
    document_typeface = models.CharField(
        _("typeface of the documents"),
        max_length=20,
        choices=DocumentTypeface.choices,
        default=DocumentTypeface.SOURCE_SANS,
    )
    document_footer = models.CharField(
        _("footer of the documents"),
        max_length=150,
        blank=True,
        help_text=_("Printed at the foot of every page of the PDFs, e.g. the address."),
    )
    sender_email = models.CharField(
        _("sender address"),
        max_length=200,
        blank=True,
        help_text=_(
            'The sender of e-mails from this municipality, e.g. "Vaggeryds kommun '
            "<dialog@vaggeryd.se>\". Empty: the installation's sender."
        ),
    )
    rate_limits = models.JSONField(
        _("rate limits"),
        default=dict,
        blank=True,
        help_text=_(
            'The municipality\'s own rates, e.g. {"dialog.register": "20/h"}; a group not named '
            "here has the installation's rate."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^\d{4}$"), name="municipality_code_four_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def _clean_rate_limits(self):
        rates = self.rate_limits or {}
        if not isinstance(rates, dict):
            raise ValidationError({"rate_limits": _('Give the rates as {"group": "20/h"}.')})
        unknown = sorted(set(rates) - set(settings.RATE_LIMITS))
        bad = sorted(
            str(group)
            for group, rate in rates.items()
            if not (isinstance(rate, str) and re.fullmatch(r"\d+/\d*[smhd]", rate))
        )
        if unknown or bad:
            raise ValidationError(
                {
                    "rate_limits": _(
                        "Unknown groups or rates that are not of the form 20/h: %(names)s."
                    )
                    % {"names": ", ".join(unknown + bad)}
                }
            )

    def clean(self):
        self._clean_rate_limits()
        # Readable with white text, visible on white (WCAG AA, ``visionsprocess/colours.py``).
        from ..colours import colour_errors

        errors = colour_errors(primary=self.primary_colour, accent=self.accent_colour)
        if errors:
            raise ValidationError(errors)


class HostName(models.Model):
    """A host name the municipality is reached at (``dialog.vaggeryd.se``): the tenancy maps
    every request's host to its municipality (``visionsprocess/tenancy.py``)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="host_names",
    )
    host = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
                _("Enter a host name in lower case without port, e.g. dialog.vaggeryd.se."),
            )
        ],
        help_text=_("Without scheme and port, e.g. dialog.vaggeryd.se."),
    )
    is_primary = models.BooleanField(
        _("primary"),
        default=False,
        help_text=_("Links in e-mails and documents use the primary host name."),
    )

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["-is_primary", "host"]
        constraints = [
            models.CheckConstraint(condition=Q(host=Lower("host")), name="hostname_lower_case"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_primary=True),
                name="hostname_one_primary",
            ),
        ]

    def __str__(self):
        return self.host

    def clean(self):
        self.host = (self.host or "").strip().lower()


def personal_address(channel: str, name: str) -> bool:
    """Whether ``channel`` is an e-mail address made of ``name`` (anna.svensson@…): a personal
    address, which public pages must not show."""
    local = (channel or "").strip().lower().partition("@")
    if not local[1]:
        return False
    parts = [part for part in (name or "").lower().replace("-", " ").split() if len(part) >= 3]
    return any(part in local[0] for part in parts)


class District(models.Model):
    """A part of the municipality (kommundel), used for contributions, associations and statistics."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="districts",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name"),
        ]

    def __str__(self):
        return self.name


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


class Role(models.TextChoices):
    ADMIN = "admin", _("Process administrator")
    OFFICIAL = "official", _("Official")
    POLITICIAN = "politician", _("Politician")
    CLERK = "clerk", _("Clerk")


class ProcessRole(TimeStampedModel):
    """A person's role in one process. Citizens have none."""

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="process_roles",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("process role")
        verbose_name_plural = _("process roles")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user", "role"], name="processrole_unique_user_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="processrole_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "process"], name="processrole_user_proc_idx")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.process})"


class MunicipalityRoleKind(models.TextChoices):
    ADMIN = "admin", _("Municipality administrator")


class MunicipalityRole(TimeStampedModel):
    """A person's role in a whole municipality: its administrator administers every process of
    that municipality and creates new ones there. A person may hold roles in several
    municipalities; a superuser is the platform's operator."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="municipality_roles",
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=MunicipalityRoleKind.choices,
        default=MunicipalityRoleKind.ADMIN,
    )

    class Meta:
        verbose_name = _("municipality role")
        verbose_name_plural = _("municipality roles")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "role"], name="municipalityrole_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=MunicipalityRoleKind.values),
                name="municipalityrole_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"


class BodyKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    COMPANY = "company", _("Municipal company")
    KSAU = "ksau", _("Executive committee's working committee (KSAU)")
    KS = "ks", _("Municipal executive board (KS)")
    KF = "kf", _("Municipal council (KF)")


class Body(TimeStampedModel):
    """A deciding or contributing body of the municipality: a committee, a company, KSAU, KS, KF."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=BodyKind.choices)
    short_name = models.CharField(_("short name"), max_length=20, help_text=_('For example "KS".'))
    name = models.CharField(_("full name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "short_name"], name="body_unique_short_name"
            ),
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="body_kind_valid"),
        ]

    def __str__(self):
        return self.name


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentQuerySet(models.QuerySet):
    def in_flight(self):
        return self.filter(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING])

    def done(self):
        return self.filter(status=DocumentStatus.DONE)

    def for_process(self, process):
        return self.filter(process=process)


#: How much of a PDF's text is kept for the site search.
DOCUMENT_TEXT_CHARS = 200_000


def document_upload_to(instance, filename):
    return f"documents/{instance.process_id}/{instance.token}.pdf"


class Document(models.Model):
    """A rendered PDF. Once done it never changes; rendering again makes a new Document.

    The kind is a key in the document registry (visionsprocess.registry.documents), where each
    feature app registers the kinds it owns.
    """

    token = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=250)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), on_delete=models.PROTECT
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("source_type", "source_id")
    source_version = models.CharField(
        _("source version"),
        max_length=64,
        help_text=_("Which version of the source was rendered (e.g. a revision or a timestamp)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("page count"), null=True, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    pdf_variant = models.CharField(_("PDF variant"), max_length=20, blank=True)
    #: The PDF's text, taken out once when it is rendered, for the site search (the first
    #: ``DOCUMENT_TEXT_CHARS`` characters; ``manage.py extract_document_texts`` fills older rows).
    text = models.TextField(
        _("text"), max_length=DOCUMENT_TEXT_CHARS, blank=True, default="", editable=False
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("lease until"),
        null=True,
        blank=True,
        help_text=_(
            "The rendering worker renews this while it is alive; past it, the job is dead."
        ),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("For kinds an official publishes by hand (the dialogue synthesis)."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="document_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.DONE)
                | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$") & Q(page_count__gt=0)),
                name="document_done_has_file",
            ),
            # The same rendering asked for twice while one is under way is one Document.
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id", "source_version"],
                condition=Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]),
                name="document_one_in_flight",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status=DocumentStatus.DONE),
                name="document_published_is_done",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "kind", "-created"], name="document_proc_kind_idx"),
            models.Index(fields=["source_type", "source_id"], name="document_source_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)


__all__ = [
    "TimeStampedModel",
    "User",
    "Municipality",
    "DocumentTypeface",
    "HostName",
    "MunicipalityRole",
    "MunicipalityRoleKind",
    "District",
    "AgeBand",
    "Visibility",
    "ParticipationLevel",
    "personal_address",
    "StageKind",
    "VisionProcessQuerySet",
    "VisionProcess",
    "StageQuerySet",
    "Stage",
    "Role",
    "ProcessRole",
    "BodyKind",
    "Body",
    "DocumentStatus",
    "DocumentQuerySet",
    "Document",
    "document_upload_to",
]
