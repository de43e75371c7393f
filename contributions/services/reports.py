"""Reports that hold: a contribution or a comment is hidden for review only when reports from
three different *people* add up, and one person cannot get there alone.

How much a reporter counts (``report_weight``):

* a signed-in account with a verified e-mail address, older than ``REPORT_FULL_WEIGHT_DAYS``: 1;
* a fresh account, or one whose address is not verified: ½;
* a signed-out reader who confirmed an e-mail address by link: 1, or ½ while that
  confirmation is younger than ``REPORT_FULL_WEIGHT_DAYS``;
* a signed-out reader without a confirmed address: 0 (an address is free to change).

Reports that share an account, a confirmed address or a client connection are one person
(``people_reporting``), who counts with the highest weight among them. Hiding needs
``REPORTS_TO_HIDE`` (3) in all: two accounts and a signed-out reader never hide anything, and one
person with an account, a confirmed address and any number of signed-out reports counts once.
Six fresh accounts on six connections would still reach it: that takes six verified e-mail
addresses, and the officials' queue (the reasons, restore) is there for it.
"""

import datetime as dt
import hashlib
import hmac
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction

from ..models import ContributionReport, ReportReason
from .discussion import address_confirmed_since

#: How many people's worth of open reports hide a contribution or a comment for review.
REPORTS_TO_HIDE = 3
FULL, HALF, NONE = Decimal("1"), Decimal("0.5"), Decimal("0")


def full_weight_age() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "REPORT_FULL_WEIGHT_DAYS", 7))


def _keyed_hash(raw: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def address_key_for(ip: str | None) -> str:
    return _keyed_hash(f"ip:{ip or 'unknown'}")


def reporter_key_for(*, ip: str | None, user=None, participant=None) -> str:
    """A keyed hash identifying a reporter: the account, else the confirmed address, else the
    client address; none of them is stored."""
    if user is not None and getattr(user, "is_authenticated", False):
        return _keyed_hash(f"user:{user.pk}")
    if participant is not None and participant.confirmed_at is not None:
        return _keyed_hash(f"subscriber:{participant.subscriber_id}")
    return _keyed_hash(f"ip:{ip or 'unknown'}")


def report_weight(*, user=None, participant=None, now: dt.datetime | None = None) -> Decimal:
    from django.utils import timezone

    now = now or timezone.now()
    if user is not None and getattr(user, "is_authenticated", False):
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=user, verified=True).exists()
        old = user.date_joined <= now - full_weight_age()
        return FULL if verified and old else HALF
    if participant is not None and participant.confirmed_at is not None:
        since = address_confirmed_since(participant.subscriber_id)
        return FULL if since is not None and since <= now - full_weight_age() else HALF
    return NONE


def people_reporting(reports) -> Decimal:
    """The reports' weight in people: reports sharing an account, a confirmed address or a
    client address are one person, who counts with the highest weight among them."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    nodes = []
    for report in reports:
        node = f"report:{report.pk}"
        nodes.append((node, report))
        parent[find(node)] = find(f"reporter:{report.reporter_key}")
        if report.address_key:
            parent[find(node)] = find(f"address:{report.address_key}")
    best: dict[str, Decimal] = {}
    for node, report in nodes:
        root = find(node)
        best[root] = max(best.get(root, NONE), Decimal(report.weight))
    return sum(best.values(), NONE)


def report_create(
    *, contribution, comment=None, ip: str | None, user=None, participant=None, reason: str = ""
) -> ContributionReport | None:
    """Write one report (``None`` if this reporter already reported it)."""
    if reason not in ReportReason.values:
        reason = ReportReason.OFFENSIVE
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    try:
        with transaction.atomic():
            return ContributionReport.objects.create(
                contribution=contribution,
                comment=comment,
                reporter_key=reporter_key_for(ip=ip, user=user, participant=participant),
                address_key=address_key_for(ip),
                signed_in=signed_in,
                reason=reason,
                weight=report_weight(user=user, participant=participant),
            )
    except IntegrityError:
        return None
