"""The daily digest: every notice of a day to one address, gathered into one e-mail.

When it goes out: once a day, at ``NOTICE_DIGEST_HOUR`` o'clock local time (17 by default, the
end of the office day, so what the municipality did today reaches people the same day). Every
notice that happened before that moment and has not been sent is gathered, per address, into one
plain-text e-mail with a one-click unsubscribe. A beat task looks every 15 minutes; whatever a
stopped worker missed goes out at its next run, nothing is lost, and a notice is claimed by one
digest only. Also here: ``purge``, which forgets what is no longer needed.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .. import outbox, tenancy
from ..models import DeliveryState, Digest, Follow, Notice, NoticeDelivery, Subscriber
from .registry import notice_kinds
from .services import CONFIRM_VALID, list_headers, manage_url, unsubscribe_url

logger = logging.getLogger(__name__)


def digest_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """The latest digest moment at or before ``now`` (``NOTICE_DIGEST_HOUR`` local time)."""
    now = timezone.localtime(now or timezone.now())
    moment = now.replace(hour=settings.NOTICE_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if moment > now:
        moment -= dt.timedelta(days=1)  # the same wall-clock hour the day before
    return moment


def digests_send(*, now: dt.datetime | None = None, everything: bool = False) -> int:
    """Send every digest that is due; returns how many e-mails were written. ``everything``
    sends every waiting notice now, whatever the hour (``manage.py send_digests --now``).

    One digest per address and municipality: an address that follows processes of two
    municipalities gets one e-mail from each, with its sender and links on its host."""
    cutoff = (now or timezone.now()) + dt.timedelta(microseconds=1) if everything else None
    cutoff = cutoff or digest_cutoff(now)
    pairs = list(
        NoticeDelivery.objects.filter(state=DeliveryState.WAITING, notice__created__lt=cutoff)
        .order_by()
        .values_list("subscriber_id", "notice__process__municipality_id")
        .distinct()
    )
    sent = 0
    for subscriber_id, municipality_id in pairs:
        digest = digest_send(
            subscriber_id=subscriber_id, cutoff=cutoff, municipality_id=municipality_id
        )
        sent += digest is not None
    if pairs:
        addresses = len({subscriber_id for subscriber_id, _m in pairs})
        logger.info("notices: %d digest(s) for %d address(es)", sent, addresses)
    return sent


@transaction.atomic
def digest_send(
    *, subscriber_id: int, cutoff: dt.datetime, municipality_id: int | None = None
) -> Digest | None:
    """Gather the subscriber's waiting notices from before ``cutoff`` of one municipality
    (``municipality_id``; by default the one of the earliest waiting notice) into one e-mail,
    sent from the municipality's address with links on its host.

    The subscriber row is locked, so two workers cannot both send the same notices; the
    deliveries are claimed in the transaction that writes the e-mail to the outbox.
    """
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    waiting = NoticeDelivery.objects.filter(
        subscriber=subscriber, state=DeliveryState.WAITING, notice__created__lt=cutoff
    )
    if not subscriber.is_reachable:
        waiting.update(state=DeliveryState.SKIPPED)
        return None
    if municipality_id is None:
        first = waiting.order_by("notice__created", "pk").first()
        if first is None:
            return None
        municipality_id = first.notice.process.municipality_id
    deliveries = list(
        waiting.filter(notice__process__municipality_id=municipality_id)
        .select_related("notice__process__municipality")
        .order_by("notice__process__title", "notice__created", "pk")
    )
    if not deliveries:
        return None
    municipality = deliveries[0].notice.process.municipality
    digest = Digest.objects.create(subscriber=subscriber, notice_count=len(deliveries))
    NoticeDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        state=DeliveryState.SENT, digest=digest
    )
    with translation.override(settings.LANGUAGE_CODE), tenancy.activate(municipality):
        subject, body = _render_digest(subscriber, [d.notice for d in deliveries])
        emails = outbox.email_send(
            to=[subscriber.email],
            subject=subject,
            body=body,
            headers=list_headers(subscriber),
            municipality=municipality,
        )
    digest.email = emails[0] if emails else None
    digest.save(update_fields=["email"])
    return digest


def _render_item(notice: Notice) -> tuple[str, str]:
    kind = notice_kinds.get(notice.kind) if notice.kind in notice_kinds else None
    if kind is None:
        return "", ""
    # Links made by a worker (on SITE_URL) are moved to the municipality's host.
    municipality = notice.process.municipality
    context = {
        key: tenancy.on_site(value, municipality) for key, value in (notice.context or {}).items()
    }
    if kind.render_context is not None:
        context.update(kind.render_context(context))
    text = render_to_string(kind.template, {**context, "notice": notice}).strip()
    headline, _newline, rest = text.partition("\n")
    return headline.strip(), rest.strip()


def _render_digest(subscriber: Subscriber, notices: list[Notice]) -> tuple[str, str]:
    groups: list[dict] = []
    for notice in notices:
        headline, text = _render_item(notice)
        if not headline:
            continue
        if not groups or groups[-1]["process"].pk != notice.process_id:
            groups.append({"process": notice.process, "items": []})
        groups[-1]["items"].append({"headline": headline, "text": text, "notice": notice})
    count = sum(len(group["items"]) for group in groups)
    if count == 1:
        subject = groups[0]["items"][0]["headline"]
    else:
        where = (
            groups[0]["process"].title
            if len(groups) == 1
            else groups[0]["process"].municipality.name
        )
        subject = ngettext(
            "News from %(where)s: %(count)d thing happened",
            "News from %(where)s: %(count)d things happened",
            count,
        ) % {"where": where, "count": count}
    body = render_to_string(
        "visionsprocess/notices/email/digest_message.txt",
        {
            "groups": groups,
            "count": count,
            "manage_url": manage_url(subscriber),
            "unsubscribe_url": unsubscribe_url(subscriber),
        },
    )
    return subject, body


def purge(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Forget what is no longer needed: unconfirmed follows whose link has expired, ended
    follows after 30 days, and sent or skipped deliveries and digests after 90 days."""
    now = now or timezone.now()
    unconfirmed, _ = Follow.objects.filter(
        confirmed_at__isnull=True, created__lt=now - CONFIRM_VALID
    ).delete()
    ended, _ = Follow.objects.filter(ended_at__lt=now - dt.timedelta(days=30)).delete()
    deliveries, _ = NoticeDelivery.objects.filter(
        ~Q(state=DeliveryState.WAITING), created__lt=now - dt.timedelta(days=90)
    ).delete()
    digests, _ = Digest.objects.filter(created__lt=now - dt.timedelta(days=90)).delete()
    return {
        "unconfirmed": unconfirmed,
        "ended": ended,
        "deliveries": deliveries,
        "digests": digests,
    }
