"""Benchmark of learned theme suggestions: ``python -m bench bench_themes``. Uses a throwaway test
database.

A process with 10,000 contributions in 10 themes, every one tagged (the most a training has to
learn from). The texts are sentences of the labelled Ljusdal set recombined at random, so their
length and vocabulary are those of real contributions. Prints the time of one training (fitting
alone, and the worker's whole task: reading the examples, fitting, storing the model, and writing
the three best suggestions of every contribution for the inbox filter), the stored model's size,
and the time of one contribution's suggestions as the contribution page asks for them (p50/p95
over 300 contributions, the model held in memory); then the same for the index of similar
contributions (its build, and one contribution's five most similar). Times are wall-clock, with the
CPU time of this process beside them (on a busy machine the wall clock says more about the
neighbours), and the load average. The worker's task is timed twice: its first training (cold:
no text's features kept) and again after 50 more taggings, as a worker retrains.
``BENCH_THEMES_TRAINING_ONLY=1`` stops after the training figures.

Needs nothing exported: it makes its own test database on the configured backend (SQLite by
default; PostgreSQL with ``DATABASE_URL``, where the suggestions are written in one statement).
"""

import csv
import os
import random
import re
import statistics
import time
from pathlib import Path

SIZE = int(os.environ.get("BENCH_THEMES_SIZE", 10_000))
DATA = Path(__file__).resolve().parent.parent / "tests" / "contributions" / "data"


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    return runner, runner.setup_databases()


def _sentences() -> dict[str, list[str]]:
    """The labelled set's sentences by their row's first theme."""
    by_theme: dict[str, list[str]] = {}
    with open(DATA / "themes_ljusdal.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            theme = row["themes"].split("|")[0]
            for sentence in re.split(r"(?<=[.!?])\s+", row["text"]):
                if len(sentence) > 12:
                    by_theme.setdefault(theme, []).append(sentence)
    return by_theme


def _world():
    from contributions.models import Contribution, ContributionTheme, Theme
    from tests.factories import ProcessFactory
    from visionsprocess.models import StageKind

    rng = random.Random(2040)
    sentences = _sentences()
    process = ProcessFactory()
    stage = process.stage_by_key(StageKind.DIALOGUE)
    themes = {
        name: Theme.objects.create(process=process, name=name, order=n)
        for n, name in enumerate(sorted(sentences))
    }
    names = list(themes)
    rows, tags = [], []
    for n in range(SIZE):
        first = names[n % len(names)]
        second = rng.choice(names)
        parts = rng.sample(sentences[first], min(2, len(sentences[first])))
        parts.append(rng.choice(sentences[second]))
        rows.append(
            Contribution(
                process=process,
                kind="idea",
                stage=stage,
                text=" ".join(parts),
                tracking_token=f"bench-themes-{n}",
            )
        )
        tags.append({first, second})
    contributions = Contribution.objects.bulk_create(rows, batch_size=2000)
    ContributionTheme.objects.bulk_create(
        (
            ContributionTheme(contribution=c, theme=themes[name])
            for c, chosen in zip(contributions, tags, strict=True)
            for name in chosen
        ),
        batch_size=5000,
    )
    return process, contributions


def main():
    runner, old = _setup()
    try:
        from contributions.analysis import features, store, suggestions
        from contributions.analysis import text as swedish
        from contributions.analysis.training import build_model

        swedish.dictionary()  # loaded once per worker, not counted in a training
        process, contributions = _world()
        specs = store.theme_specs(process)
        started, cpu = time.perf_counter(), time.process_time()
        examples = [e for _cid, e in store.examples_for_process(process)]
        read = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        build_model(specs, examples)
        fitting, fitting_cpu = time.perf_counter() - started, time.process_time() - cpu
        # The worker's first training: nothing kept of the fitting above but the word list.
        features.word_features.cache_clear()
        features.word_ngrams.cache_clear()
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        store.retrain(process_id=process.pk)
        task, task_cpu = time.perf_counter() - started, time.process_time() - cpu
        again, again_cpu = _retrain_after_more_tagging(process, contributions)
        state = process.theme_model
        state.refresh_from_db()
        store._cache.clear()
        store.current_model(process)  # the first request after a training loads the blob
        rng = random.Random(7)
        timings, cpu_timings = [], []
        for contribution in rng.sample(contributions, 300):
            started, cpu = time.perf_counter(), time.process_time()
            suggestions.for_contribution(contribution)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu) * 1000)
        timings.sort()
        cpu_timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        cpu_p95 = cpu_timings[int(0.95 * (len(cpu_timings) - 1))]
        print(
            f"{SIZE} contributions, {len(specs)} themes, {len(examples)} tagged: "
            f"reading the examples {read:.2f} s, fitting {fitting:.2f} s (CPU {fitting_cpu:.2f} s); "
            f"the worker's whole training task {task:.2f} s (CPU {task_cpu:.2f} s) "
            f"(with storing the model, {len(state.blob) / 1e6:.1f} MB, and every "
            f"contribution's suggestions; load average {load:.1f})",
            flush=True,
        )
        print(
            f"The worker's task again after 50 more taggings (the texts' features kept in the "
            f"worker; only changed suggestions written): {again:.2f} s (CPU {again_cpu:.2f} s); "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        print(
            f"One contribution's suggestions (contribution page, model in memory): "
            f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
            f"(CPU p50 {statistics.median(cpu_timings):.1f} ms, p95 {cpu_p95:.1f} ms)",
            flush=True,
        )
        if os.environ.get("BENCH_THEMES_TRAINING_ONLY"):
            return
        _near_duplicates(process, contributions)
        _discovery(contributions)
    finally:
        runner.teardown_databases(old)


def _retrain_after_more_tagging(process, contributions):
    """The worker's task once more after officials tagged 50 contributions with one more theme
    (the usual retraining: most texts and suggestions as before)."""
    from contributions.analysis import store
    from contributions.models import ContributionTheme, Theme

    themes = list(Theme.objects.filter(process=process).order_by("pk"))
    have = set(
        ContributionTheme.objects.filter(contribution__in=contributions[-50:]).values_list(
            "contribution_id", "theme_id"
        )
    )
    ContributionTheme.objects.bulk_create(
        ContributionTheme(contribution=c, theme=theme)
        for n, c in enumerate(contributions[-50:])
        for theme in [themes[n % len(themes)]]
        if (c.pk, theme.pk) not in have
    )
    started, cpu = time.perf_counter(), time.process_time()
    store.retrain(process_id=process.pk)
    return time.perf_counter() - started, time.process_time() - cpu


def _discovery(contributions):
    """The search for unnamed themes over the same 10,000 texts (as the worker runs it on a
    process's untagged contributions)."""
    from contributions.analysis.discovery import discover

    started, cpu = time.perf_counter(), time.process_time()
    found = discover([c.text for c in contributions])
    print(
        f"Unnamed themes: searching {len(contributions)} contributions "
        f"{time.perf_counter() - started:.2f} s (CPU {time.process_time() - cpu:.2f} s), "
        f"{len(found)} groups",
        flush=True,
    )


def _near_duplicates(process, contributions):
    """The similarity index of the same 10,000 contributions: its build in the worker and one
    contribution's most similar ones as its page asks for them."""
    from contributions.analysis import near_duplicates

    started, cpu = time.perf_counter(), time.process_time()
    near_duplicates.build(process_id=process.pk)
    build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    near_duplicates._cache.clear()
    near_duplicates.current_index(process)
    rng = random.Random(11)
    timings, cpu_timings = [], []
    for contribution in rng.sample(contributions, 300):
        started, cpu = time.perf_counter(), time.process_time()
        near_duplicates.similar_to(contribution)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu) * 1000)
    timings.sort()
    cpu_timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    cpu_p95 = cpu_timings[int(0.95 * (len(cpu_timings) - 1))]
    state = near_duplicates.index_state(process)
    print(
        f"Similar contributions: building the index of {state.contributions} in the worker "
        f"{build:.2f} s (CPU {build_cpu:.2f} s); one contribution's five most similar "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
        f"(CPU p50 {statistics.median(cpu_timings):.1f} ms, p95 {cpu_p95:.1f} ms)",
        flush=True,
    )
