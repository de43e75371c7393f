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
from django.db import transaction
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
#: Contributions scored at once after a training: the nearest-neighbour similarities of a batch
#: against every tagged contribution are held in memory (500 × 10,000 at most ~60 MB).
SCORE_BATCH = 500

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


def process_replay(*, slug: str):
    """The themes and the tagged contributions of a process as rows for the evaluation, oldest
    tagging first; ``None`` if there is no such process."""
    from visionsprocess.models import VisionProcess

    from .evaluation import Row

    process = VisionProcess.objects.filter(slug=slug).first()
    if process is None:
        return None
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
    """Replace the process's stored suggestions by the model's three best per contribution."""
    # The members of an adopted found theme stay suggested until an official decides.
    SuggestedTheme.objects.filter(contribution__process=process, source="model").delete()
    if model is None:
        return
    have: dict[int, set[int]] = {}
    for cid, tid in ContributionTheme.objects.filter(contribution__process=process).values_list(
        "contribution_id", "theme_id"
    ):
        have.setdefault(cid, set()).add(tid)
    for cid, tid in ThemeSuggestion.objects.filter(contribution__process=process).values_list(
        "contribution_id", "theme_id"
    ):
        have.setdefault(cid, set()).add(tid)
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
        rows = []
        ranked = model.suggest_many(
            [contribution_text(title, text) for _pk, title, text in chunk],
            excludes=[have.get(pk, set()) for pk, _t, _x in chunk],
            k=STORED_PER_CONTRIBUTION,
        )
        for (pk, _title, _text), suggestions in zip(chunk, ranked, strict=True):
            rows.extend(
                SuggestedTheme(contribution_id=pk, theme_id=tid, score=score, rank=rank)
                for rank, (tid, score) in enumerate(suggestions, start=1)
            )
        SuggestedTheme.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


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
