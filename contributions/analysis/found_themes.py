"""Themes no one has named yet, for a process: the search in the worker and what officials do
with what it found.

* :func:`schedule` writes one search to the outbox (however many ask at once); the worker's
  :func:`run` searches the process's untagged contributions (``discovery.discover``), telling
  its progress on the way, and replaces the groups still to look at by what it found (adopted
  and discarded ones stay as the record of what was decided).
* :func:`adopt` makes a group a theme of the process under the name the official gives, with
  its representative texts as the theme's example phrases, and suggests the theme for every
  member (nothing is tagged until an official accepts); :func:`discard` puts a group aside.
"""

from __future__ import annotations

import collections
import logging
import time

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.outbox import enqueue

from ..inbox_fields import SUGGESTED
from ..models import (
    Contribution,
    ContributionTheme,
    FoundTheme,
    FoundThemeState,
    ModerationState,
    SuggestedTheme,
    Theme,
    ThemeDiscovery,
)
from ..services.handling import theme_save
from .basics import contribution_text, retrain_delay
from .discovery import discover

logger = logging.getLogger(__name__)

#: The search reads at most this many untagged contributions (the newest).
MAX_TEXTS = 20_000


def schedule(*, process_id: int) -> bool:
    """Make sure one search is on its way (inside the caller's transaction). False when one
    is already waiting or running."""
    ThemeDiscovery.objects.bulk_create(
        [ThemeDiscovery(process_id=process_id)], ignore_conflicts=True
    )
    updated = ThemeDiscovery.objects.filter(
        process_id=process_id, scheduled_at__isnull=True
    ).update(scheduled_at=timezone.now(), progress=0)
    if updated:
        enqueue(themes_discover, process_id=process_id, countdown=retrain_delay())
    return bool(updated)


def _progress(process_id: int, percent: int) -> None:
    ThemeDiscovery.objects.filter(process_id=process_id).update(progress=percent)


def run(*, process_id: int) -> int:
    """Search now; returns how many groups were found. Idempotent: a second run replaces the
    groups still to look at by the same."""
    from visionsprocess.models import VisionProcess

    process = VisionProcess.objects.filter(pk=process_id).first()
    if process is None:
        return 0
    ThemeDiscovery.objects.bulk_create([ThemeDiscovery(process=process)], ignore_conflicts=True)
    ThemeDiscovery.objects.filter(process=process).update(
        scheduled_at=None, started_at=timezone.now(), finished_at=None, progress=5
    )
    started = time.perf_counter()
    untagged = ~Exists(ContributionTheme.objects.filter(contribution=OuterRef("pk")))
    rows = list(
        Contribution.objects.filter(untagged, process=process)
        .exclude(moderation_state=ModerationState.HIDDEN)
        .select_related("district")
        .order_by("-created", "-pk")[:MAX_TEXTS]
    )
    _progress(process.pk, 15)
    found = discover(
        [contribution_text(c.title, c.text) for c in rows],
        progress=lambda percent: _progress(process.pk, 15 + percent * 80 // 100),
    )
    with transaction.atomic():
        FoundTheme.objects.filter(process=process, state=FoundThemeState.OPEN).delete()
        FoundTheme.objects.bulk_create(
            FoundTheme(
                process=process,
                position=position,
                words=list(group.words),
                members=[rows[i].pk for i in group.members],
                quotes=[rows[i].pk for i in group.quotes],
                spread=_spread([rows[i] for i in group.members]),
            )
            for position, group in enumerate(found)
        )
        ThemeDiscovery.objects.filter(process=process).update(
            finished_at=timezone.now(),
            progress=100,
            contributions=len(rows),
            seconds=time.perf_counter() - started,
        )
    logger.info(
        "found themes: process %s, %s groups in %s contributions, %.1f s",
        process.pk,
        len(found),
        len(rows),
        time.perf_counter() - started,
    )
    return len(found)


def _spread(contributions) -> dict:
    """How many of a group came by each channel, from each district and in each age band."""
    return {
        "channel": dict(collections.Counter(c.get_channel_display() for c in contributions)),
        "district": dict(
            collections.Counter(c.district.name if c.district else "" for c in contributions)
        ),
        "age_band": dict(collections.Counter(c.get_age_band_display() for c in contributions)),
    }


# --- Reads for the page -------------------------------------------------------------------------


def open_groups(process) -> list[FoundTheme]:
    """The groups still to look at, each with ``quoted`` (its representative contributions,
    loaded in one query for all groups)."""
    groups = list(FoundTheme.objects.filter(process=process, state=FoundThemeState.OPEN))
    ids = {pk for g in groups for pk in g.quotes}
    by_id = Contribution.objects.in_bulk(ids)
    for group in groups:
        group.quoted = [by_id[pk] for pk in group.quotes if pk in by_id]
    return groups


def decided_groups(process, limit: int = 20):
    return (
        FoundTheme.objects.filter(process=process)
        .exclude(state=FoundThemeState.OPEN)
        .select_related("theme")
        .order_by("-decided_at", "-pk")[:limit]
    )


# --- What officials do --------------------------------------------------------------------------


def _open_group(group_id: int, process) -> FoundTheme:
    group = FoundTheme.objects.select_for_update().filter(pk=group_id, process=process).first()
    if group is None:
        raise FoundTheme.DoesNotExist
    if group.state != FoundThemeState.OPEN:
        raise ValidationError(_("Someone has already decided on this group."))
    return group


@transaction.atomic
def adopt(*, process, group_id: int, name: str, by) -> Theme:
    """Make the group a theme named ``name``; its members are suggested the theme."""
    group = _open_group(group_id, process)
    quoted = Contribution.objects.in_bulk(group.quotes)
    examples = "\n".join(
        " ".join(quoted[pk].text.split())[:300] for pk in group.quotes if pk in quoted
    )
    theme = theme_save(
        process=process,
        name=name,
        description=_("Found in the material: %(words)s.") % {"words": ", ".join(group.words)},
        examples=examples,
    )
    members = Contribution.objects.filter(process=process, pk__in=group.members).values_list(
        "pk", flat=True
    )
    SuggestedTheme.objects.bulk_create(
        [
            SuggestedTheme(contribution_id=pk, theme=theme, score=1.0, rank=1, source="found")
            for pk in members
        ],
        ignore_conflicts=True,
    )
    group.state = FoundThemeState.ADOPTED
    group.theme = theme
    group.decided_at = timezone.now()
    group.decided_by = by
    group.save(update_fields=["state", "theme", "decided_at", "decided_by"])
    changes.record(process=process, contributions=list(members), fields=[SUGGESTED])
    return theme


@transaction.atomic
def discard(*, process, group_id: int, by) -> None:
    group = _open_group(group_id, process)
    group.state = FoundThemeState.DISCARDED
    group.decided_at = timezone.now()
    group.decided_by = by
    group.save(update_fields=["state", "decided_at", "decided_by"])


@shared_task(name="contributions.tasks.themes_discover", acks_late=True)
def themes_discover(process_id: int) -> int:
    """Search a process's untagged contributions for themes no one has named yet (scheduled by
    ``schedule``). Idempotent. (``contributions.tasks`` re-exports it for autodiscovery.)"""
    return run(process_id=process_id)


#: The registered name of the search task (what an outbox row stores).
TASK = themes_discover.name
