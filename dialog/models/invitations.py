"""Invitations to meetings and consultation requests sent to organisations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import (
    Consultation,
    TimeStampedModel,
)

from .base import new_token
from .meetings import Meeting
from .organisations import Organisation


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
