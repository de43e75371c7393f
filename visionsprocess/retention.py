"""Gallring: removing a closed process's personal data when its retention period has passed.

Each process has a retention rule from the municipality's records-management plan
(informationshanteringsplan, ``RetentionRule``) and a day it was closed (``closed_on``). When
``months_after_close`` months have passed since then, ``gallra(process=...)`` removes the personal
data every app has registered for the process (``registry.personal_data``: names, e-mail
addresses, pseudonyms, hashed keys, registrations, followers ...) and the outgoing e-mail to the
same addresses, and records a ``RetentionReport`` with what it removed, counted per kind (never
the data itself). What stays: the archive packages and rendered documents, the public record of
what was said if the rule keeps it (texts, pictures and films, without names), and every public
count (contributions, supports, comments, registrations and attendance are anonymised in place,
not deleted, so every count stays the same).

``gallra(process=..., dry_run=True)`` says what would be removed and changes nothing. A beat task
(``visionsprocess.tasks.gallra_due``) runs it for every process whose period has passed and which
still holds personal data; ``manage.py gallra`` runs it by hand.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from . import changes
from .models import Follow, OutgoingEmail, RetentionReport, Subscriber, VisionProcess
from .registry import PersonalData, personal_data

logger = logging.getLogger(__name__)

OUTGOING_EMAIL = "core.outgoing_email"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(process: VisionProcess) -> dt.date | None:
    """The first day the process's personal data may be removed; ``None`` while it has no rule
    or is not closed."""
    if process.retention_rule_id is None or process.closed_on is None:
        return None
    return add_months(process.closed_on, process.retention_rule.months_after_close)


def is_due(process: VisionProcess, *, today: dt.date | None = None) -> bool:
    day = due_on(process)
    return day is not None and day <= (today or timezone.localdate())


def refusal(process: VisionProcess, *, today: dt.date | None = None) -> str | None:
    """Why the process's personal data may not be removed yet, in words; ``None`` if it may."""
    if process.retention_rule_id is None:
        return _(
            "The process has no retention rule. Choose the rule of the records-management plan first."
        )
    if process.closed_on is None:
        return _("The process is not closed. Personal data is removed only after it is closed.")
    day = due_on(process)
    if day > (today or timezone.localdate()):
        return _(
            "The retention period has not passed: under %(rule)s the personal data is kept "
            "until %(date)s."
        ) % {"rule": process.retention_rule.plan_reference, "date": day.isoformat()}
    return None


@dataclass
class Result:
    """What a gallring removed (or, dry, would remove): counts per kind key, in registry order."""

    process: VisionProcess
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    report: RetentionReport | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[dict]:
        return [{"key": k, "label": label(k), "count": n} for k, n in self.counts.items()]


def label(key: str) -> str:
    if key == OUTGOING_EMAIL:
        return _("Sent and queued e-mail to these addresses")
    return str(personal_data.label(key))


def addresses_kept_elsewhere(
    addresses: set[str], *, before: VisionProcess | None = None
) -> set[str]:
    """Of ``addresses`` (lower case), those still in use for another purpose: an account's
    address, or a subscriber left after the gallring (one who follows something outside the
    process, has an account or takes part in discussions elsewhere). E-mail to them is not this
    process's alone, so it stays.

    ``before``: asked before the gallring of that process (the dry run), when its own followers
    are still there: they count as kept only if they follow something else or have an account.
    """
    from django.contrib.auth import get_user_model

    if not addresses:
        return set()
    users = get_user_model().objects.annotate(low=Lower("email")).filter(low__in=addresses)
    kept = set(users.values_list("low", flat=True))
    subscribers = Subscriber.objects.annotate(low=Lower("email")).filter(low__in=addresses)
    if before is not None:
        subscribers = subscribers.filter(
            Q(user__isnull=False) | Q(follows__in=Follow.objects.exclude(process=before))
        )
    kept |= set(subscribers.values_list("low", flat=True))
    return kept


def process_addresses(process: VisionProcess) -> set[str]:
    """The e-mail addresses among the personal values the apps hold for the process."""
    found = set()
    for kind in personal_data:
        found |= {
            v.strip().lower() for v in kind.values(process) if isinstance(v, str) and "@" in v
        }
    return found


def _outgoing(addresses: set[str]):
    return OutgoingEmail.objects.annotate(low=Lower("to")).filter(low__in=addresses)


def gallra(
    *,
    process: VisionProcess,
    dry_run: bool = False,
    actor=None,
    today: dt.date | None = None,
) -> Result:
    """Remove the process's personal data under its retention rule (``dry_run``: count only).

    Raises ``ValidationError`` with the reason when the retention period has not passed (also
    for a dry run, which then still says what *would* be removed: see ``preview``)."""
    reason = refusal(process, today=today)
    if reason:
        raise ValidationError(reason)
    if dry_run:
        return preview(process=process)
    return _run(process=process, actor=actor)


def preview(*, process: VisionProcess) -> Result:
    """What gallring would remove now, whether or not the period has passed."""
    result = Result(process=process, dry_run=True)
    keep = process.retention_rule.keep_public_text if process.retention_rule_id else True
    for kind in personal_data:
        result.counts[kind.key] = kind.count(process, keep)
    addresses = process_addresses(process)
    addresses -= addresses_kept_elsewhere(addresses, before=process)
    result.counts[OUTGOING_EMAIL] = _outgoing(addresses).count() if addresses else 0
    return result


@transaction.atomic
def _run(*, process: VisionProcess, actor) -> Result:
    process = (
        # Lock the process row only (the rule is on the nullable side of an outer join).
        VisionProcess.objects.select_for_update(of=("self",))
        .select_related("retention_rule")
        .get(pk=process.pk)
    )
    rule = process.retention_rule
    result = Result(process=process, dry_run=False)
    # The addresses are read before anything is removed (the registrations that hold them are
    # anonymised below); the ones still used for another purpose are left alone.
    addresses = process_addresses(process)
    kind: PersonalData
    for kind in personal_data:
        result.counts[kind.key] = kind.remove(process, rule.keep_public_text)
    addresses -= addresses_kept_elsewhere(addresses)
    removed_mail = 0
    if addresses:
        removed_mail, _detail = _outgoing(addresses).delete()
    result.counts[OUTGOING_EMAIL] = removed_mail
    result.report = RetentionReport.objects.create(
        process=process,
        rule_text=f"{rule.plan_reference}: {rule.name} ({rule.months_after_close} mån.)"[:300],
        run_by=actor if actor is not None and actor.is_authenticated else None,
        counts=result.counts,
        total=result.total,
    )
    changes.record(process=process, contributions=changes.ALL)
    # Counts only: no names, addresses or keys in the log.
    logger.info("Gallring of process %s: %s items removed", process.pk, result.total)
    return result


def due_processes(*, today: dt.date | None = None) -> list[VisionProcess]:
    """Closed processes whose retention period has passed."""
    candidates = VisionProcess.objects.filter(
        retention_rule__isnull=False, closed_on__isnull=False
    ).select_related("retention_rule")
    return [p for p in candidates if is_due(p, today=today)]


def gallra_due(*, today: dt.date | None = None) -> dict[str, int]:
    """Run gallring for every due process that still holds personal data; idempotent."""
    done = {}
    for process in due_processes(today=today):
        if preview(process=process).total:
            done[process.slug] = gallra(process=process, today=today).total
    return done


@transaction.atomic
def retention_settings_save(*, process: VisionProcess, retention_rule, closed_on) -> VisionProcess:
    """Set the process's retention rule (one of its municipality's) and the day it was closed."""
    if retention_rule is not None and retention_rule.municipality_id != process.municipality_id:
        raise ValidationError({"retention_rule": _("Choose one of the municipality's rules.")})
    if closed_on is not None and closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The process cannot be closed on a day to come.")})
    process.retention_rule = retention_rule
    process.closed_on = closed_on
    process.save(update_fields=["retention_rule", "closed_on", "modified"])
    changes.record(process=process)
    return process
