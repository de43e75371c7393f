"""Following and notices: who follows what, what happened, and who is told in which digest.

* ``Subscriber`` is one e-mail address (with or without an account). It carries the unguessable
  token behind every link in the e-mails ("change what you receive", one-click unsubscribe), and
  remembers whether the address stopped everything or bounced.
* ``Follow`` is one subscriber following one thing (a process, a theme, a contribution, a
  meeting: any model, through a generic relation, so the core never imports the apps). A follow
  made with only an e-mail address waits for the link in the confirmation e-mail (double opt-in).
* ``Notice`` is one thing that happened (minutes published, feedback given, ...), of a kind an
  app registered (``visionsprocess.notices.notice_kinds``), about some objects; the outbox fans it
  out to the followers of those objects as ``NoticeDelivery`` rows, one per address and notice.
* ``Digest`` is one e-mail gathering a subscriber's deliveries of one day; a delivery is claimed
  by exactly one digest, so a retried task never tells anyone twice.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import VisionProcess


def new_notice_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet):
    def reachable(self):
        """Addresses we may e-mail notices to: not stopped, not bouncing."""
        return self.filter(stopped_at__isnull=True, bounced_at__isnull=True)


class Subscriber(models.Model):
    """One e-mail address that receives notices. Never shown to anyone but its owner."""

    email = models.EmailField(_("e-mail"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscribers",
    )
    token = models.CharField(
        _("link token"), max_length=64, unique=True, default=new_notice_token, editable=False
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    stopped_at = models.DateTimeField(
        _("unsubscribed from everything"),
        null=True,
        blank=True,
        help_text=_("Set by the unsubscribe link; no notice is sent while it is set."),
    )
    bounced_at = models.DateTimeField(
        _("bounced"),
        null=True,
        blank=True,
        help_text=_("The mail server refused an e-mail to the address for good."),
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_unique_email"),
        ]
        indexes = [models.Index(fields=["user"], name="subscriber_user_idx")]

    def __str__(self):
        return _("Subscriber %(pk)s") % {"pk": self.pk}

    @property
    def masked_email(self) -> str:
        """``e…@example.org``: enough for the owner to recognise, useless to anyone else."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}"

    @property
    def is_reachable(self) -> bool:
        return self.stopped_at is None and self.bounced_at is None


class FollowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(confirmed_at__isnull=False, ended_at__isnull=True)

    def of(self, obj):
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            target_id=obj.pk,
        )


class Follow(models.Model):
    """A subscriber follows one object (a process, a theme, a contribution, a meeting)."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="follows"
    )
    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="follows"
    )
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("target_type", "target_id")
    created = models.DateTimeField(_("created"), default=timezone.now)
    confirm_token = models.CharField(
        _("confirmation token"),
        max_length=64,
        unique=True,
        default=new_notice_token,
        editable=False,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "target_type", "target_id"],
                condition=Q(ended_at__isnull=True),
                name="follow_unique_open_per_target",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="follow_target_idx"),
        ]

    def __str__(self):
        return f"{self.subscriber_id} → {self.target_type_id}:{self.target_id}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.ended_at is None


class Notice(models.Model):
    """Something that happened which followers of some objects are told about.

    ``context`` holds what the kind's template shows (texts and addresses, no personal data);
    ``targets`` the objects whose followers are told, as ``{"app_label.model": [ids]}``.
    """

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_("Names the event, so that the same event is never noticed twice."),
    )
    context = models.JSONField(_("content"), default=dict, blank=True)
    targets = models.JSONField(_("objects concerned"), default=dict, blank=True)
    except_targets = models.JSONField(
        _("objects whose followers are left out"),
        default=dict,
        blank=True,
        help_text=_(
            "Followers of these objects are told of the same event by another notice (e.g. "
            "the sender of a contribution, who hears of its feedback with a private link)."
        ),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("followers found"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["process", "created"], name="notice_process_created_idx")]

    def __str__(self):
        return f"{self.kind} ({self.created:%Y-%m-%d})"


class Digest(models.Model):
    """One e-mail to one subscriber gathering the notices of a day."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="digests"
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    email = models.ForeignKey(
        "visionsprocess.OutgoingEmail",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notice_count = models.PositiveIntegerField(_("number of notices"), default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.subscriber_id} {self.created:%Y-%m-%d}"


class DeliveryState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the digest")
    SENT = "sent", _("In a digest")
    SKIPPED = "skipped", _("Not sent (unsubscribed or bouncing)")


class NoticeDelivery(models.Model):
    """A notice for one subscriber, claimed by exactly one digest."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.WAITING
    )
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("notice delivery")
        verbose_name_plural = _("notice deliveries")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "subscriber"], name="noticedelivery_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="noticedelivery_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(digest__isnull=False),
                name="noticedelivery_sent_has_digest",
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscriber", "created"],
                condition=Q(state="waiting"),
                name="noticedelivery_waiting_idx",
            ),
        ]

    def __str__(self):
        return f"{self.notice_id} → {self.subscriber_id} ({self.state})"


__all__ = [
    "Subscriber",
    "Follow",
    "Notice",
    "Digest",
    "DeliveryState",
    "NoticeDelivery",
    "new_notice_token",
]
