"""The transactional outbox: work that must follow a commit, written in the same transaction.

A service that wants a Celery task run after its writes commit does not call ``task.delay()``
(a broker that is down at that moment would lose the task, and the citizen's request would fail).
It writes an ``OutboxTask`` row in its own transaction instead; after the commit the row is handed
to the broker, and a relay (Celery beat, ``relay_outbox``) hands over whatever is still waiting,
with back-off, until the broker takes it. An outage delays work; it never loses it.

E-mail is one such piece of work: ``OutgoingEmail`` holds one message to one address; a task
claims it once, sends it and records the result, so a retried or duplicated task never sends twice
and a bounce is recorded instead of being retried for ever.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A Celery task to hand to the broker once the transaction that wrote it has committed."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    not_before = models.DateTimeField(
        _("not before"),
        default=timezone.now,
        help_text=_("Handed to the broker no earlier than this (back-off and leases)."),
    )
    dispatched_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        ordering = ["not_before", "pk"]
        indexes = [
            models.Index(
                fields=["not_before", "id"],
                condition=Q(dispatched_at__isnull=True),
                name="outboxtask_pending_idx",
            ),
        ]

    def __str__(self):
        return f"{self.task} {self.kwargs}"


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    BOUNCED = "bounced", _("Refused by the mail server")
    FAILED = "failed", _("Failed")


class EmailKind(models.TextChoices):
    """Why an e-mail is sent. Mail that someone may have asked for on another person's behalf
    (a confirmation link, a receipt) is "unsolicited" and limited per address (``outbox``)."""

    OTHER = "", _("Other")
    CONFIRMATION = "confirmation", _("Confirmation link")
    RECEIPT = "receipt", _("Receipt")


class OutgoingEmail(models.Model):
    """One e-mail to one address. Never logged with its address (personal data)."""

    to = models.EmailField(_("to"), max_length=254)
    from_email = models.CharField(
        _("from"),
        max_length=200,
        blank=True,
        help_text=_("The municipality's sender address; empty: the installation's."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=EmailKind.choices, default=EmailKind.OTHER, blank=True
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="outgoingemail_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="outgoingemail_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created"], name="outgoingemail_status_idx"),
            models.Index(fields=["kind", "created"], name="outgoingemail_kind_idx"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"


__all__ = ["OutboxTask", "EmailKind", "EmailStatus", "OutgoingEmail"]
