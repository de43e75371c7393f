"""Registrations for meetings, and requests waiting for their e-mail confirmation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import TimeStampedModel

from .base import new_token
from .meetings import Meeting
from .organisations import Organisation


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
