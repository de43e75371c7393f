"""Writes of following and notices: follow (double opt-in), unsubscribe, emit, fan out.

The daily digest that brings the notices to people is in ``visionsprocess.notices.digest``.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from celery import shared_task
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import outbox
from ..emails import email_send_template
from ..models import (
    DeliveryState,
    EmailKind,
    Follow,
    Notice,
    NoticeDelivery,
    Subscriber,
    VisionProcess,
)
from ..tenancy import site_url
from .registry import followables, notice_kinds

logger = logging.getLogger(__name__)

FAN_OUT_CHUNK = 5000
#: How long the link in a confirmation e-mail works.
CONFIRM_VALID = dt.timedelta(days=7)


def absolute_url(path: str, *, municipality=None) -> str:
    return f"{site_url(municipality)}{path}"


# --- Subscribers ------------------------------------------------------------------------------


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    return email


def subscriber_for(*, email: str, user=None) -> Subscriber:
    """The subscriber of ``email`` (created if new); linked to ``user`` when given."""
    email = _clean_email(email)
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, user=user)
        except IntegrityError:  # created by a simultaneous request
            subscriber = Subscriber.objects.get(email__iexact=email)
    if user is not None and subscriber.user_id is None:
        Subscriber.objects.filter(pk=subscriber.pk).update(user=user)
        subscriber.user = user
    return subscriber


def subscriber_of_user(user) -> Subscriber | None:
    """The subscriber of a signed-in person: the one linked to the account, else the one of the
    account's (verified) e-mail address, which is then linked."""
    if not getattr(user, "is_authenticated", False):
        return None
    subscriber = Subscriber.objects.filter(user=user).order_by("pk").first()
    if subscriber is None and user.email:
        subscriber = Subscriber.objects.filter(email__iexact=user.email).first()
        if subscriber is not None and subscriber.user_id is None:
            Subscriber.objects.filter(pk=subscriber.pk).update(user=user)
            subscriber.user = user
    return subscriber


def manage_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("notices:manage", kwargs={"token": subscriber.token}))


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("notices:unsubscribe", kwargs={"token": subscriber.token}))


def list_headers(subscriber: Subscriber) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail programs show an "Unsubscribe" button that works with
    one click (a POST to the link, without a form or a login)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@transaction.atomic
def subscriber_stop(*, subscriber: Subscriber) -> Subscriber:
    """Stop every notice to the address (the one-click unsubscribe). Twice is harmless."""
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk, stopped_at__isnull=True).update(stopped_at=now)
    NoticeDelivery.objects.filter(subscriber=subscriber, state=DeliveryState.WAITING).update(
        state=DeliveryState.SKIPPED
    )
    subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def subscriber_restart(*, subscriber: Subscriber) -> Subscriber:
    Subscriber.objects.filter(pk=subscriber.pk).update(stopped_at=None)
    subscriber.refresh_from_db()
    return subscriber


def subscriber_bounced(*, email: str) -> int:
    """The mail server refused an e-mail to ``email`` for good: send it no more notices until
    the person confirms a follow again (which proves the address works)."""
    return Subscriber.objects.filter(email__iexact=email, bounced_at__isnull=True).update(
        bounced_at=timezone.now()
    )


# --- Following --------------------------------------------------------------------------------


def _target_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=False)


def describe_target(obj) -> str:
    followable = followables.for_object(obj)
    return followable.describe(obj) if followable else str(obj)


def _open_follow(subscriber: Subscriber, obj) -> Follow | None:
    return (
        Follow.objects.filter(subscriber=subscriber, ended_at__isnull=True)
        .of(obj)
        .select_for_update()
        .first()
    )


def _create_follow(subscriber, obj, process, *, confirmed: bool) -> Follow:
    follow = Follow(
        subscriber=subscriber,
        process=process,
        target_type=_target_type(obj),
        target_id=obj.pk,
        confirmed_at=timezone.now() if confirmed else None,
    )
    try:
        with transaction.atomic():
            follow.save()
    except IntegrityError:  # the same follow, made at the same moment by another request
        follow = _open_follow(subscriber, obj)
    return follow


@transaction.atomic
def follow_request(*, target, email: str = "", user=None) -> tuple[Follow, bool]:
    """Follow ``target``. Returns the follow and whether a confirmation e-mail was sent.

    A signed-in person follows at once with the account's (verified) address. Anyone else gets
    an e-mail with a confirmation link first (double opt-in); until it is used nothing is sent.
    The answer to the request is the same whether the address already follows or not, so the
    form reveals nothing about anyone's address.
    """
    followable = followables.for_object(target)
    if followable is None:
        raise ValidationError(_("This cannot be followed."))
    process = followable.process(target)
    signed_in = getattr(user, "is_authenticated", False)
    if signed_in:
        subscriber = subscriber_of_user(user) or subscriber_for(email=user.email, user=user)
    else:
        subscriber = subscriber_for(email=email)
    follow = _open_follow(subscriber, target)
    if signed_in:
        if follow is None:
            follow = _create_follow(subscriber, target, process, confirmed=True)
        elif follow.confirmed_at is None:
            follow.confirmed_at = timezone.now()
            follow.save(update_fields=["confirmed_at"])
        if subscriber.stopped_at is not None:
            subscriber_restart(subscriber=subscriber)
        return follow, False
    if follow is None or (
        follow.confirmed_at is None and follow.created < timezone.now() - CONFIRM_VALID
    ):
        if follow is not None:
            follow.delete()
        follow = _create_follow(subscriber, target, process, confirmed=False)
    if not outbox.unsolicited_mail_allowed(subscriber.email):
        raise ValidationError(
            {
                "email": _(
                    "This e-mail address has already been sent several confirmation e-mails "
                    "today. Use the link in one of them, or try again tomorrow."
                )
            },
            code="address_limit",
        )
    what = describe_target(target)
    if follow.confirmed_at is None:
        template = "visionsprocess/notices/email/confirm"
        link = absolute_url(reverse("notices:confirm", kwargs={"token": follow.confirm_token}))
    else:
        template = "visionsprocess/notices/email/already_following"
        link = manage_url(subscriber)
    email_send_template(
        to=[subscriber.email],
        template=template,
        context={"what": what, "process": process, "link": link},
        kind=EmailKind.CONFIRMATION,
    )
    return follow, True


@transaction.atomic
def follow_implicit(*, target, email: str, user=None) -> Follow | None:
    """Follow on the person's behalf, for what they gave the address for: the contribution they
    sent in (to hear what became of it) or the meeting they registered for. Needs no
    confirmation; it stops with the same unsubscribe link as everything else."""
    if not (email or "").strip():
        return None
    followable = followables.for_object(target)
    user = user if getattr(user, "is_authenticated", False) else None
    try:
        subscriber = subscriber_for(email=email, user=user)
    except ValidationError:
        return None
    follow = _open_follow(subscriber, target)
    if follow is None:
        follow = _create_follow(subscriber, target, followable.process(target), confirmed=True)
    return follow


def follow_by_token(token: str) -> Follow | None:
    """The follow behind a confirmation link, if it exists and has not expired."""
    follow = (
        Follow.objects.select_related("subscriber", "process", "target_type")
        .filter(confirm_token=token)
        .first()
    )
    if follow is None:
        return None
    if follow.confirmed_at is None and follow.created < timezone.now() - CONFIRM_VALID:
        return None
    return follow


@transaction.atomic
def follow_confirm(*, follow: Follow) -> Follow:
    """Confirm a follow by the link in the e-mail. Confirming twice is harmless. Confirming
    shows the address works and that its owner wants notices: any earlier stop or bounce ends."""
    follow = Follow.objects.select_for_update().select_related("subscriber").get(pk=follow.pk)
    if follow.ended_at is not None:
        raise ValidationError(_("You have stopped following this. Follow it again to restart."))
    if follow.confirmed_at is None:
        follow.confirmed_at = timezone.now()
        follow.save(update_fields=["confirmed_at"])
    Subscriber.objects.filter(pk=follow.subscriber_id).update(stopped_at=None, bounced_at=None)
    return follow


@transaction.atomic
def follow_end(*, follow: Follow) -> Follow:
    """Stop following one thing. Twice is harmless."""
    Follow.objects.filter(pk=follow.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    follow.refresh_from_db()
    return follow


def follows_described(*, subscriber: Subscriber, municipality=None) -> list[dict]:
    """The subscriber's open follows (of ``municipality``'s processes when given) with a
    description of each (grouped queries per model)."""
    follows = Follow.objects.filter(subscriber=subscriber, ended_at__isnull=True)
    if municipality is not None:
        follows = follows.filter(process__municipality=municipality)
    follows = list(
        follows.select_related("target_type", "process").order_by("process__title", "created", "pk")
    )
    by_type: dict[int, list[Follow]] = {}
    for follow in follows:
        by_type.setdefault(follow.target_type_id, []).append(follow)
    rows = []
    for items in by_type.values():
        model = items[0].target_type.model_class()
        objects = model._default_manager.in_bulk([f.target_id for f in items]) if model else {}
        for follow in items:
            obj = objects.get(follow.target_id)
            if obj is None:
                continue
            rows.append({"follow": follow, "what": describe_target(obj), "object": obj})
    rows.sort(key=lambda row: (row["follow"].process.title, row["follow"].created))
    return rows


# --- Notices ----------------------------------------------------------------------------------


def _targets_json(targets: Iterable) -> dict[str, list[int]]:
    result: dict[str, set[int]] = {}
    for target in targets:
        if target is None:
            continue
        if isinstance(target, models.QuerySet):
            label = target.model._meta.label_lower
            ids = target.order_by().values_list("pk", flat=True).distinct()
            result.setdefault(label, set()).update(ids)
        else:
            result.setdefault(target._meta.label_lower, set()).add(target.pk)
    return {label: sorted(ids) for label, ids in result.items() if ids}


def notice_emit(
    *,
    kind: str,
    process: VisionProcess,
    key: str,
    context: dict,
    targets: Iterable = (),
    process_followers: bool = False,
    except_followers_of: Iterable = (),
) -> Notice | None:
    """Record that something happened; its followers are found after the commit (see the
    package docstring). Emitting the same ``key`` again does nothing and returns ``None``.

    ``except_followers_of`` leaves out the followers of those objects: they hear of the same
    event through another notice (one event reaches an address once)."""
    notice_kinds.get(kind)  # fails loudly for a kind nobody registered
    targets = list(targets)
    if process_followers:
        targets.append(process)
    with transaction.atomic():
        notice, created = Notice.objects.get_or_create(
            key=key[:200],
            defaults={
                "process": process,
                "kind": kind,
                "context": context,
                "targets": _targets_json(targets),
                "except_targets": _targets_json(except_followers_of),
            },
        )
    if not created:
        return None
    outbox.enqueue(fan_out_notice, notice_id=notice.pk)
    return notice


@transaction.atomic
def notice_fan_out(*, notice_id: int) -> int:
    """Create one delivery per reachable follower of the notice's objects. Idempotent."""
    notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None or notice.fanned_out_at is not None:
        return 0
    active = Follow.objects.active().filter(
        subscriber__stopped_at__isnull=True, subscriber__bounced_at__isnull=True
    )
    subscriber_ids = _followers(notice, active, notice.targets) - _followers(
        notice, Follow.objects.active(), notice.except_targets
    )
    NoticeDelivery.objects.bulk_create(
        [NoticeDelivery(notice=notice, subscriber_id=pk) for pk in sorted(subscriber_ids)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    notice.fanned_out_at = timezone.now()
    notice.save(update_fields=["fanned_out_at"])
    return len(subscriber_ids)


@shared_task(name="visionsprocess.tasks.fan_out_notice", acks_late=True, ignore_result=True)
def fan_out_notice(*, notice_id: int) -> int:
    """Find the followers of a notice's objects (once; a second run finds it done). Defined
    beside the service it runs and the one that enqueues it; ``visionsprocess.tasks`` re-exports
    it for Celery's autodiscovery under the name stored rows hold."""
    return notice_fan_out(notice_id=notice_id)


def _followers(notice: Notice, follows, targets: dict | None) -> set[int]:
    """The subscribers among ``follows`` who follow one of ``targets`` (``{label: [ids]}``)."""
    subscriber_ids: set[int] = set()
    for label, ids in (targets or {}).items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            logger.warning("notice %s: unknown model %s", notice.pk, label)
            continue
        target_type = _target_type_of_model(model)
        for start in range(0, len(ids), FAN_OUT_CHUNK):  # within any database's parameter limit
            subscriber_ids.update(
                follows.filter(
                    target_type=target_type, target_id__in=ids[start : start + FAN_OUT_CHUNK]
                )
                .values_list("subscriber_id", flat=True)
                .distinct()
            )
    return subscriber_ids


def _target_type_of_model(model) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=False)
