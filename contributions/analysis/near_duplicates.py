"""Near-duplicates of a process: the similarity index in the database and the groups officials make.

* The worker's :func:`build` fits ``similarity.SimilarityIndex`` on the process's contributions and
  stores it (joblib) with a new version; :func:`schedule_build` writes one build to the outbox
  (after a theme training, or when an official asks), however many ask at once.
* :func:`current_index` gives the index from a cache in memory keyed by the stored version.
* Officials confirm what the index proposes: :func:`join` puts two contributions in one group
  (creating or merging groups), :func:`leave` takes one out, :func:`make_representative` chooses
  the one shown. Nothing is grouped without an official.
"""

from __future__ import annotations

import io
import logging
import threading

import joblib
from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.outbox import enqueue

from ..models import Contribution, NearDuplicate, NearDuplicateGroup, SimilarityIndex
from .basics import contribution_text, retrain_delay
from .similarity import SimilarityIndex as Index

logger = logging.getLogger(__name__)

#: Candidates shown on a contribution's page.
SHOWN = 5
#: Near-copies proposed on the process's page at most.
COPIES_SHOWN = 30

_cache: dict[int, tuple[int, Index | None]] = {}
_cache_lock = threading.Lock()


# --- The index (built in the worker) ------------------------------------------------------------


def schedule_build(*, process_id: int) -> bool:
    """Make sure one build of the process's index is on its way (inside the caller's
    transaction; the task goes to the outbox with it). False when one is already waiting."""
    SimilarityIndex.objects.bulk_create(
        [SimilarityIndex(process_id=process_id)], ignore_conflicts=True
    )
    updated = SimilarityIndex.objects.filter(
        process_id=process_id, scheduled_at__isnull=True
    ).update(scheduled_at=timezone.now())
    if updated:
        enqueue(similarity_build, process_id=process_id, countdown=retrain_delay())
    return bool(updated)


@transaction.atomic
def refresh_if_built(*, process_id: int) -> bool:
    """After a theme training: build the index again if officials have used it (a process
    whose officials never asked for similar contributions is not indexed)."""
    if not SimilarityIndex.objects.filter(process_id=process_id, version__gt=0).exists():
        return False
    return schedule_build(process_id=process_id)


def build(*, process_id: int) -> int:
    """Fit and store the process's index now; returns its new version (0 if the process is
    gone). Idempotent: a second run stores the same under a new version."""
    from visionsprocess.models import VisionProcess

    process = VisionProcess.objects.filter(pk=process_id).first()
    if process is None:
        return 0
    with transaction.atomic():
        SimilarityIndex.objects.bulk_create(
            [SimilarityIndex(process=process)], ignore_conflicts=True
        )
        SimilarityIndex.objects.filter(process=process).update(scheduled_at=None)
    rows = list(
        Contribution.objects.filter(process=process)
        .order_by("pk")
        .values_list("pk", "title", "text")
    )
    index = Index([pk for pk, _t, _x in rows], [contribution_text(t, x) for _pk, t, x in rows])
    buffer = io.BytesIO()
    joblib.dump(index, buffer, compress=3)
    with transaction.atomic():
        state = SimilarityIndex.objects.select_for_update().get(process=process)
        state.version += 1
        state.blob = buffer.getvalue()
        state.built_at = timezone.now()
        state.contributions = len(index)
        state.seconds = index.seconds
        # Bookkeeping: only the officials' pages (never cached) read the index.
        state.save(update_fields=["version", "blob", "built_at", "contributions", "seconds"])
    with _cache_lock:
        _cache[process.pk] = (state.version, index)
    logger.info(
        "near-duplicates: process %s indexed v%s, %s contributions in %.2f s",
        process.pk,
        state.version,
        len(index),
        index.seconds,
    )
    return state.version


def index_state(process) -> SimilarityIndex | None:
    return (
        SimilarityIndex.objects.filter(process=process)
        .defer("blob")
        .annotate(process_contributions=Count("process__contributions"))
        .first()
    )


def current_index(process) -> Index | None:
    """The process's last built index, loaded once per process and version."""
    version = (
        SimilarityIndex.objects.filter(process=process).values_list("version", flat=True).first()
    )
    if not version:
        return None
    cached = _cache.get(process.pk)
    if cached and cached[0] == version:
        return cached[1]
    with _cache_lock:
        row = SimilarityIndex.objects.filter(process=process).values_list("version", "blob").first()
        index = joblib.load(io.BytesIO(bytes(row[1]))) if row and row[1] else None
        _cache[process.pk] = (row[0] if row else 0, index)
        return index


# --- Reads for the pages ------------------------------------------------------------------------


def _group_mates(contribution) -> set[int]:
    group_id = (
        NearDuplicate.objects.filter(contribution=contribution)
        .values_list("group_id", flat=True)
        .first()
    )
    if group_id is None:
        return set()
    return set(
        NearDuplicate.objects.filter(group_id=group_id).values_list("contribution_id", flat=True)
    )


def similar_to(contribution, *, k: int = SHOWN, index=None) -> list[tuple[Contribution, float]]:
    """The contributions of its process most like ``contribution``, best first, without those
    already in its group (an empty list until the index is built)."""
    if index is None:
        index = current_index(contribution.process)
    if index is None:
        return []
    ranked = index.similar(
        contribution_text(contribution.title, contribution.text),
        own_id=contribution.pk,
        exclude=_group_mates(contribution),
        k=k,
    )
    found = Contribution.objects.filter(
        process=contribution.process, pk__in=[cid for cid, _s in ranked]
    ).select_related("district", "near_duplicate")
    by_id = {c.pk: c for c in found}
    return [(by_id[cid], score) for cid, score in ranked if cid in by_id]


def near_copies(process) -> list[tuple[Contribution, Contribution, float]]:
    """Pairs the index found nearly word for word alike and that are not in one group yet."""
    index = current_index(process)
    if index is None or not index.copies:
        return []
    pairs = index.copies[: COPIES_SHOWN * 4]
    ids = {cid for a, b, _s in pairs for cid in (a, b)}
    found = {
        c.pk: c
        for c in Contribution.objects.filter(process=process, pk__in=ids).select_related(
            "near_duplicate"
        )
    }
    out = []
    for a, b, score in pairs:
        first, second = found.get(a), found.get(b)
        if first is None or second is None:
            continue
        group_a = getattr(getattr(first, "near_duplicate", None), "group_id", None)
        group_b = getattr(getattr(second, "near_duplicate", None), "group_id", None)
        if group_a is not None and group_a == group_b:
            continue
        out.append((first, second, score))
        if len(out) == COPIES_SHOWN:
            break
    return out


def groups_of_process(process):
    """The process's groups, largest first, with their members (representative first)."""
    members = NearDuplicate.objects.select_related("contribution__district").order_by("added", "pk")
    return (
        NearDuplicateGroup.objects.filter(process=process)
        .select_related("representative__district")
        .prefetch_related(Prefetch("members", queryset=members))
        .annotate(size=Count("members"))
        .order_by("-size", "-created", "-pk")
    )


def group_of(contribution) -> NearDuplicateGroup | None:
    membership = (
        NearDuplicate.objects.filter(contribution=contribution)
        .select_related("group")
        .annotate(size=Count("group__members"))
        .first()
    )
    if membership is None:
        return None
    group = membership.group
    group.size = membership.size
    return group


# --- What officials do --------------------------------------------------------------------------


@transaction.atomic
def join(*, contribution: Contribution, other: Contribution, by) -> NearDuplicateGroup:
    """``other`` says the same as ``contribution``: put them in one group (``contribution``'s,
    a new one, or the two groups merged)."""
    if other.process_id != contribution.process_id:
        raise ValidationError(_("The contributions belong to different processes."))
    if other.pk == contribution.pk:
        raise ValidationError(_("A contribution cannot be grouped with itself."))
    locked = {
        m.contribution_id: m
        for m in NearDuplicate.objects.select_for_update().filter(
            contribution__in=[contribution, other]
        )
    }
    mine, theirs = locked.get(contribution.pk), locked.get(other.pk)
    if mine and theirs and mine.group_id == theirs.group_id:
        raise ValidationError(_("The two contributions are already in the same group."))
    try:
        with transaction.atomic():
            group = _join(contribution, other, mine, theirs, by)
    except IntegrityError as exc:  # another official grouped one of them at the same moment
        raise ValidationError(
            _("Someone else grouped one of these contributions just now. Reload and try again.")
        ) from exc
    changes.record(process=contribution.process)
    return group


def _join(contribution, other, mine, theirs, by) -> NearDuplicateGroup:
    if mine is None and theirs is not None:
        group = theirs.group
        NearDuplicate.objects.create(group=group, contribution=contribution, added_by=by)
    elif mine is None:
        group = NearDuplicateGroup.objects.create(
            process=contribution.process, representative=contribution, created_by=by
        )
        NearDuplicate.objects.bulk_create(
            [
                NearDuplicate(group=group, contribution=contribution, added_by=by),
                NearDuplicate(group=group, contribution=other, added_by=by),
            ]
        )
    elif theirs is None:
        group = mine.group
        NearDuplicate.objects.create(group=group, contribution=other, added_by=by)
    else:
        group = mine.group
        old = theirs.group_id
        NearDuplicate.objects.filter(group_id=old).update(group=group)
        NearDuplicateGroup.objects.filter(pk=old).delete()
    return group


@transaction.atomic
def leave(*, contribution: Contribution, by) -> None:
    """Take ``contribution`` out of its group; a group left with one member is dissolved, and
    a group that loses its representative shows its oldest member instead."""
    membership = NearDuplicate.objects.select_for_update().filter(contribution=contribution).first()
    if membership is None:
        raise ValidationError(_("The contribution is not in a group."))
    group = membership.group
    membership.delete()
    rest = list(
        NearDuplicate.objects.filter(group=group)
        .order_by("added", "pk")
        .values_list("contribution_id", flat=True)
    )
    if len(rest) < 2:
        group.delete()  # its last member goes with it
    elif group.representative_id == contribution.pk:
        NearDuplicateGroup.objects.filter(pk=group.pk).update(representative_id=rest[0])
    changes.record(process=contribution.process)


@transaction.atomic
def make_representative(*, contribution: Contribution, by) -> None:
    """Show ``contribution`` for its group."""
    updated = NearDuplicateGroup.objects.filter(members__contribution=contribution).update(
        representative=contribution
    )
    if not updated:
        raise ValidationError(_("The contribution is not in a group."))
    changes.record(process=contribution.process)


@shared_task(name="contributions.tasks.similarity_build", acks_late=True)
def similarity_build(process_id: int) -> int:
    """Build the process's index of similar contributions (debounced by ``schedule_build``).
    Idempotent. (``contributions.tasks`` re-exports it for autodiscovery.)"""
    return build(process_id=process_id)


#: The registered name of the build task (what an outbox row stores).
BUILD_TASK = similarity_build.name
