"""A process's theme model in the database: built by the worker, loaded once per process.

* Tagging services call :func:`schedule_retrain` inside their transaction: it marks the model
  changed and, unless a training is already waiting, writes one ``themes_retrain`` task to the
  outbox with a countdown (``THEMES_RETRAIN_DELAY`` seconds; none in eager mode, where there is
  no worker and no relay), so a burst of tagging is learned in one training.
* The worker's :func:`retrain` reads the examples, fits the model, stores it (joblib) with a new
  version, and writes each contribution's three best suggestions for the inbox filter.
* :func:`current_model` gives the model of a process from a cache in memory keyed by the stored
  version: one small query per request, and the blob is read only after a new training.
"""

from __future__ import annotations

import io
import logging
import threading
import time

import joblib
from celery import shared_task
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from visionsprocess import changes
from visionsprocess.outbox import enqueue

from ..inbox_fields import SUGGESTED
from ..models import (
    Contribution,
    ContributionTheme,
    SuggestedTheme,
    SuggestionDecision,
    Theme,
    ThemeModelState,
    ThemeSuggestion,
)
from .basics import contribution_text, retrain_delay
from .model import Example, ThemeModel, ThemeSpec
from .near_duplicates import refresh_if_built
from .training import build_model

logger = logging.getLogger(__name__)

#: How many suggestions per contribution the inbox filter keeps.
STORED_PER_CONTRIBUTION = 3
BATCH = 2000
#: Contributions scored at once after a training (``ThemeModel.scores`` holds the similarities
#: of its blocks of ``KNN_BLOCK`` rows, one block per thread, never the whole batch).
SCORE_BATCH = 2500

_cache: dict[int, tuple[int, ThemeModel | None]] = {}
_cache_lock = threading.Lock()


def theme_specs(process) -> list[ThemeSpec]:
    return [
        ThemeSpec(
            id=t.pk,
            name=t.name,
            description=t.description,
            examples=tuple(line.strip() for line in t.examples.splitlines() if line.strip()),
        )
        for t in Theme.objects.filter(process=process).order_by("order", "name", "pk")
    ]


def examples_for_process(process) -> list[tuple[int, Example]]:
    """Every contribution an official has tagged or rejected a suggestion for, oldest tagging
    first, with its themes and rejected themes."""
    themes: dict[int, list[int]] = {}
    first: dict[int, object] = {}
    for cid, tid, at in (
        ContributionTheme.objects.filter(contribution__process=process)
        .order_by("tagged_at", "pk")
        .values_list("contribution_id", "theme_id", "tagged_at")
    ):
        themes.setdefault(cid, []).append(tid)
        first.setdefault(cid, at)
    rejected: dict[int, list[int]] = {}
    for cid, tid, at in ThemeSuggestion.objects.filter(
        contribution__process=process, decision=SuggestionDecision.REJECTED
    ).values_list("contribution_id", "theme_id", "at"):
        if tid not in themes.get(cid, ()):
            rejected.setdefault(cid, []).append(tid)
            first.setdefault(cid, at)
    ids = sorted(first, key=lambda cid: (first[cid], cid))
    texts = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for pk, title, text in Contribution.objects.filter(pk__in=chunk).values_list(
            "pk", "title", "text"
        ):
            texts[pk] = contribution_text(title, text)
    return [
        (
            cid,
            Example(
                text=texts[cid],
                themes=tuple(themes.get(cid, ())),
                rejected=tuple(rejected.get(cid, ())),
            ),
        )
        for cid in ids
        if cid in texts
    ]


class ProcessNotFound(LookupError):
    """No one process at an address: ``reason`` is "municipality" (no municipality has the code
    given), "process" (no process has the address) or "ambiguous" (several municipalities have
    a process at it and no code was given)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def process_at(*, slug: str, municipality: str | None = None):
    """The process with the address ``slug``, in the municipality with the code
    ``municipality`` when given (addresses are unique per municipality only); or
    :class:`ProcessNotFound`."""
    from visionsprocess.models import Municipality, VisionProcess

    found = VisionProcess.objects.filter(slug=slug)
    if municipality:
        if not Municipality.objects.filter(code=municipality).exists():
            raise ProcessNotFound("municipality")
        found = found.filter(municipality__code=municipality)
    found = list(found.order_by("pk")[:2])
    if not found:
        raise ProcessNotFound("process")
    if len(found) > 1:
        raise ProcessNotFound("ambiguous")
    return found[0]


def process_replay(*, process):
    """The themes and the tagged contributions of ``process`` as rows for the evaluation, oldest
    tagging first."""
    from .evaluation import Row

    specs = theme_specs(process)
    names = {t.id: t.name for t in specs}
    rows = [
        Row(id=str(cid), channel="", text=e.text, themes=tuple(names[t] for t in e.themes))
        for cid, e in examples_for_process(process)
        if e.themes
    ]
    return specs, rows


# --- Scheduling ---------------------------------------------------------------------------------


def schedule_retrain(*, process_id: int) -> None:
    """Mark the process's model changed and make sure one training is on its way (call inside
    the transaction of the tagging; the task is written to the outbox with it). Two or three
    queries whatever happened before."""
    now = timezone.now()
    ThemeModelState.objects.bulk_create(
        [ThemeModelState(process_id=process_id)], ignore_conflicts=True
    )
    # A waiting training (scheduled_at set) will read this tagging too: only the first of a
    # burst enqueues one. The training clears both marks before it reads the examples.
    updated = ThemeModelState.objects.filter(
        process_id=process_id, scheduled_at__isnull=True
    ).update(scheduled_at=now, dirty_since=Coalesce(F("dirty_since"), Value(now)))
    if updated:
        enqueue(themes_retrain, process_id=process_id, countdown=retrain_delay())


# --- Training (in the worker) -------------------------------------------------------------------


def _dump(model: ThemeModel | None) -> bytes | None:
    if model is None:
        return None
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


def retrain(*, process_id: int) -> int:
    """Fit the process's model from its tagging now; store it with a new version and write the
    suggestions the inbox filter lists. Returns the new version (0 if the process is gone).

    Tagging that happens while this runs marks the model changed again and schedules the next
    training: the mark is cleared before the examples are read.
    """
    from visionsprocess.models import VisionProcess

    process = VisionProcess.objects.filter(pk=process_id).first()
    if process is None:
        return 0
    with transaction.atomic():
        state, _created = ThemeModelState.objects.select_for_update().get_or_create(process=process)
        state.scheduled_at = None
        state.dirty_since = None
        state.save(update_fields=["scheduled_at", "dirty_since"])
    started = time.perf_counter()
    specs = theme_specs(process)
    examples = [e for _cid, e in examples_for_process(process)]
    model = build_model(specs, examples)
    blob = _dump(model)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        state = ThemeModelState.objects.select_for_update().get(process=process)
        state.version += 1
        state.blob = blob
        state.trained_at = timezone.now()
        state.examples = len(examples)
        state.seconds = seconds
        state.save(update_fields=["version", "blob", "trained_at", "examples", "seconds"])
        changes.record(process=process)
    with _cache_lock:
        _cache[process.pk] = (state.version, model)
    # The contribution pages ask the new model from here on; the suggestions the inbox filter
    # lists for every contribution are written after it, in a transaction of their own.
    with transaction.atomic():
        _store_suggestions(process, model)
        # The inbox's "Föreslaget tema" filter matches other contributions now.
        changes.record(process=process, fields=[SUGGESTED])
    logger.info(
        "themes: process %s trained v%s from %s examples in %.2f s",
        process.pk,
        state.version,
        len(examples),
        seconds,
    )
    return state.version


def _store_suggestions(process, model: ThemeModel | None) -> None:
    """Make the process's stored suggestions the model's three best per contribution.

    Only what changed is written: a suggestion no longer made is deleted, one whose rank or
    score moved is updated, a new one inserted (on PostgreSQL each in one statement). The
    members of an adopted found theme stay suggested until an official decides."""
    old = {
        (cid, tid): (pk, rank, score)
        for pk, cid, tid, rank, score in SuggestedTheme.objects.filter(
            contribution__process=process, source="model"
        ).values_list("pk", "contribution_id", "theme_id", "rank", "score")
    }
    new: dict[tuple[int, int], tuple[int, float]] = {}
    if model is not None:
        new = _ranked(process, model)
    gone = [pk for pair, (pk, _rank, _score) in old.items() if pair not in new]
    moved = [
        (old[pair][0], rank, score)
        for pair, (rank, score) in new.items()
        if pair in old and old[pair][1:] != (rank, score)
    ]
    added = [
        (cid, tid, rank, score)
        for (cid, tid), (rank, score) in new.items()
        if (cid, tid) not in old
    ]
    if connection.vendor == "postgresql":
        _write_postgresql(gone, moved, added)
        return
    for start in range(0, len(gone), BATCH):
        SuggestedTheme.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    SuggestedTheme.objects.bulk_update(
        [SuggestedTheme(pk=pk, rank=rank, score=score) for pk, rank, score in moved],
        ["rank", "score"],
        batch_size=500,
    )
    SuggestedTheme.objects.bulk_create(
        [
            SuggestedTheme(contribution_id=cid, theme_id=tid, rank=rank, score=score)
            for cid, tid, rank, score in added
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _ranked(process, model: ThemeModel) -> dict[tuple[int, int], tuple[int, float]]:
    """(contribution, theme) → (rank, score) of the model's best themes for every contribution
    of the process, not those it has nor those an official decided on."""
    have: dict[int, set[int]] = {}
    for cid, tid in ContributionTheme.objects.filter(contribution__process=process).values_list(
        "contribution_id", "theme_id"
    ):
        have.setdefault(cid, set()).add(tid)
    for cid, tid in ThemeSuggestion.objects.filter(contribution__process=process).values_list(
        "contribution_id", "theme_id"
    ):
        have.setdefault(cid, set()).add(tid)
    out: dict[tuple[int, int], tuple[int, float]] = {}
    last = 0
    while True:
        chunk = list(
            Contribution.objects.filter(process=process, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "text")[:SCORE_BATCH]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        ranked = model.suggest_many(
            [contribution_text(title, text) for _pk, title, text in chunk],
            excludes=[have.get(pk, set()) for pk, _t, _x in chunk],
            k=STORED_PER_CONTRIBUTION,
        )
        for (pk, _title, _text), suggestions in zip(chunk, ranked, strict=True):
            for rank, (tid, score) in enumerate(suggestions, start=1):
                out[pk, tid] = (rank, score)
    return out


def _write_postgresql(gone: list[int], moved: list[tuple], added: list[tuple]) -> None:
    """The three changes in one statement each, the rows passed as arrays."""
    # The table's name is the model's own (no input in it); every value is a parameter.
    table = connection.ops.quote_name(SuggestedTheme._meta.db_table)
    with connection.cursor() as cursor:
        if gone:
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [gone])  # noqa: S608
        if moved:
            ids, ranks, scores = (list(column) for column in zip(*moved, strict=True))
            cursor.execute(
                f"UPDATE {table} AS s SET rank = v.rank, score = v.score "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::smallint[], %s::float8[]) AS v(id, rank, score) "
                "WHERE s.id = v.id",
                [ids, ranks, scores],
            )
        if added:
            cids, tids, ranks, scores = (list(column) for column in zip(*added, strict=True))
            cursor.execute(
                f"INSERT INTO {table} (contribution_id, theme_id, rank, score, source) "  # noqa: S608
                "SELECT c, t, r, s, 'model' "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::smallint[], %s::float8[]) "
                "AS v(c, t, r, s) "
                "ON CONFLICT (contribution_id, theme_id) DO NOTHING",
                [cids, tids, ranks, scores],
            )


# --- Reading (in the web process) ---------------------------------------------------------------


def current_model(process) -> ThemeModel | None:
    """The process's last trained model, loaded once per process and version."""
    version = (
        ThemeModelState.objects.filter(process=process).values_list("version", flat=True).first()
    )
    if not version:
        return None
    cached = _cache.get(process.pk)
    if cached and cached[0] == version:
        return cached[1]
    with _cache_lock:
        cached = _cache.get(process.pk)
        if cached and cached[0] == version:
            return cached[1]
        row = ThemeModelState.objects.filter(process=process).values_list("version", "blob").first()
        model = joblib.load(io.BytesIO(bytes(row[1]))) if row and row[1] else None
        _cache[process.pk] = (row[0] if row else 0, model)
        return model


def decided_themes(contribution) -> set[int]:
    """Themes a contribution has, or an official decided on as a suggestion (a theme accepted
    and later removed is not suggested again)."""
    return set(
        ContributionTheme.objects.filter(contribution=contribution).values_list(
            "theme_id", flat=True
        )
    ) | set(
        ThemeSuggestion.objects.filter(contribution=contribution).values_list("theme_id", flat=True)
    )


@shared_task(name="contributions.tasks.themes_retrain", acks_late=True)
def themes_retrain(process_id: int) -> int:
    """Learn a process's tagging again (debounced by ``schedule_retrain``), then refresh the index
    of similar contributions if one is built. Idempotent: a second run fits the same examples
    again under a new version. (``contributions.tasks`` re-exports it for autodiscovery.)"""
    version = retrain(process_id=process_id)
    if version:
        refresh_if_built(process_id=process_id)
    return version


#: The registered name of the training task (what an outbox row stores).
RETRAIN_TASK = themes_retrain.name
