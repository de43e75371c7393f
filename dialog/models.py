"""Dialogue meetings, target groups and conversation kits.

The foundation defines the shape other apps point at (contributions link to a meeting or a kit);
the dialog issue fills in registration, attendance, the association register and invitations.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from visionsprocess.models import (
    AgeBand,
    Consultation,
    District,
    Municipality,
    Stage,
    TimeStampedModel,
    VisionProcess,
)
from visionsprocess.models.core import personal_address


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
        from django.utils import timezone

        return self.ends_at <= timezone.now()

    @property
    def has_online_part(self) -> bool:
        return self.format in (MeetingFormat.DIGITAL, MeetingFormat.HYBRID)

    @property
    def has_place(self) -> bool:
        return self.format in (MeetingFormat.PHYSICAL, MeetingFormat.HYBRID)

    def registration_open(self, now=None) -> bool:
        from django.utils import timezone

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


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def normalise_name(name: str) -> str:
    """The key that decides whether two organisation names are the same one."""
    return " ".join((name or "").casefold().replace("\u00a0", " ").split())


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


_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


def public_contact_problem(channel: str, contact_person: str = ""):
    """Why ``channel`` cannot be an association's public contact, or ``None``: it must be a
    website, an e-mail address that is not a person's own (anna.svensson@…) or a phone number."""
    if channel.startswith(("http://", "https://")):
        try:
            URLValidator(schemes=["http", "https"])(channel)
        except ValidationError:
            return _("Enter a website address like https://www.example.se.")
        return None
    if "@" in channel:
        try:
            validate_email(channel)
        except ValidationError:
            return _("Enter a valid e-mail address.")
        if personal_address(channel, contact_person):
            return _(
                "This looks like the contact person's own address. Publish the association's "
                "functional address (info@…) or its website instead."
            )
        return None
    if _PHONE.match(channel):
        return None
    return _("Enter a website (https://…), an e-mail address or a phone number.")


class OrganisationCategory(models.TextChoices):
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture")
    SOCIAL = "social", _("Social")
    SCHOOL = "school", _("School")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def inviteable(self):
        return self.filter(wants_invitations=True).exclude(email="")


class Organisation(TimeStampedModel):
    """An entry of the association register (föreningsregister). Contact details are personal data."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(
        _("normalised name"), max_length=200, editable=False, db_index=False
    )
    category = models.CharField(
        _("category"),
        max_length=10,
        choices=OrganisationCategory.choices,
        default=OrganisationCategory.OTHER,
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="organisations"
    )
    wants_invitations = models.BooleanField(_("wants invitations"), default=True)
    # The public association register: an association is listed only when it has said so
    # (opt-in), with the channel it chose to publish; staff record its consent and the date.
    is_listed_publicly = models.BooleanField(
        _("listed in the public association register"),
        default=False,
        help_text=_("Only when the association has agreed to be listed publicly."),
    )
    public_contact = models.CharField(
        _("public contact channel"),
        max_length=200,
        blank=True,
        help_text=_(
            "The channel the association publishes itself: its website, a functional e-mail "
            "address (info@…) or a phone number. Never a person's private address."
        ),
    )
    listing_consent_on = models.DateField(
        _("date the association agreed to be listed"), null=True, blank=True
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "normalised_name"], name="organisation_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(category__in=OrganisationCategory.values),
                name="organisation_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(is_listed_publicly=False)
                | (Q(listing_consent_on__isnull=False) & ~Q(public_contact="")),
                name="organisation_listed_with_consent",
                violation_error_message=_(
                    "An association is listed publicly only with the date it agreed and the "
                    "contact channel it chose to publish."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "category"], name="organisation_mun_cat_idx"),
            models.Index(
                fields=["municipality", "name"],
                condition=Q(is_listed_publicly=True),
                name="organisation_listed_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = " ".join((self.name or "").split())
        self.normalised_name = normalise_name(self.name)
        self.public_contact = (self.public_contact or "").strip()
        errors = {}
        if self.public_contact:
            problem = public_contact_problem(self.public_contact, self.contact_person)
            if problem:
                errors["public_contact"] = problem
        if self.is_listed_publicly:
            if not self.public_contact:
                errors.setdefault(
                    "public_contact",
                    _("Give the contact channel the association chose to publish."),
                )
            if self.listing_consent_on is None:
                errors["listing_consent_on"] = _(
                    "Give the date the association agreed to be listed publicly."
                )
        if self.listing_consent_on and self.listing_consent_on > timezone.localdate():
            errors["listing_consent_on"] = _("The date of the consent cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def public_contact_kind(self) -> str:
        """ "url", "email" or "phone": how the public register links the channel."""
        if self.public_contact.startswith(("http://", "https://")):
            return "url"
        return "email" if "@" in self.public_contact else "phone"

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if "__all__" in getattr(error, "error_dict", {}):
                raise ValidationError(
                    {"name": _("There is already an organisation with this name.")}
                ) from None
            raise


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING)


class Registration(TimeStampedModel):
    """Someone's registration for a meeting, with or without an account."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    needs = models.TextField(
        _("needs"),
        max_length=1000,
        blank=True,
        help_text=_("For example interpretation, hearing loop, food allergies."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    position = models.PositiveIntegerField(_("place in the waiting list"), null=True, blank=True)
    token = models.CharField(
        _("cancel token"), max_length=64, unique=True, default=new_token, editable=False
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "meeting",
                condition=~Q(status="cancelled"),
                name="registration_unique_active_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(position__isnull=False),
                name="registration_waiting_has_position",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status"], name="registration_meet_status_idx"),
            models.Index(fields=["reminder_sent_at"], name="registration_reminder_idx"),
        ]

    def __str__(self):
        return f"{self.name} – {self.meeting}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class PendingRegistrationQuerySet(models.QuerySet):
    def unconfirmed(self, *, now=None):
        """Requests whose link has not been used and has not expired."""
        from django.utils import timezone

        return self.filter(confirmed_at__isnull=True, expires_at__gt=now or timezone.now())


class PendingRegistration(TimeStampedModel):
    """A signed-out visitor's registration, waiting for its e-mail address to be confirmed.

    It takes no seat and is on no list: only the link sent to the address turns it into a
    ``Registration`` (a seat, or a place on the waiting list, as it is then). Unconfirmed
    requests expire after ``REGISTRATION_CONFIRM_HOURS``; ``client_key`` (a keyed hash of the
    client address, never the address) lets the per-meeting limit hold back one client without
    shutting out everyone else (``dialog.services.registration_request``).
    """

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="pending_registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    needs = models.TextField(_("needs"), max_length=1000, blank=True)
    token = models.CharField(
        _("confirmation token"), max_length=64, unique=True, default=new_token, editable=False
    )
    client_key = models.CharField(_("client (hashed)"), max_length=64)
    expires_at = models.DateTimeField(_("expires"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_request",
    )

    objects = PendingRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration waiting for confirmation")
        verbose_name_plural = _("registrations waiting for confirmation")
        ordering = ["created"]
        indexes = [
            models.Index(fields=["meeting", "created"], name="pending_reg_meeting_idx"),
            models.Index(fields=["expires_at"], name="pending_reg_expires_idx"),
        ]

    def __str__(self):
        return f"{self.name} – {self.meeting} ({_('unconfirmed')})"


class Invitation(TimeStampedModel):
    """An invitation of an organisation in the register to a meeting."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=new_token, editable=False
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "meeting"], name="invitation_unique_per_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.meeting}"


class ConsultationInvitation(TimeStampedModel):
    """An organisation of the association register named as a consultation body (remissinstans).

    The link lives here, downstream of the core's ``Consultation``. Every organisation named is
    listed on the consultation page; those that want invitations and have an e-mail address are
    sent the request by e-mail (``sent_at``), the others must be reached another way.
    """

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="register_invitations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=new_token, editable=False
    )

    class Meta:
        verbose_name = _("consultation body from the register")
        verbose_name_plural = _("consultation bodies from the register")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"],
                name="consultation_invitation_unique",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.consultation}"

    @property
    def process(self):
        return self.consultation.process
