"""Benchmark of the dialogue synthesis PDF: ``python -m bench bench_synthesis_pdf``. Uses a
throwaway test database.

A process with 10,000 contributions (``BENCH_SYNTHESIS_SIZE``) in 12 themes, from every channel,
eight districts (two of them small, so the small-count rule has work to do) and every age band;
a third published with consent, each tagged with one or two themes, and a published synthesis
with five key points per theme. The PDF is asked for as an official asks for it
(``document_request``) and rendered by the document task: by a real Celery worker when
REDIS_URL is set, else by the same task run eagerly in this process. Prints the page count, the
time from the request to the finished PDF, and the time of building the context alone (the
database reads and the small-count rule) and of the layout and PDF writing alone.
"""

import os
import random
import time

SIZE = int(os.environ.get("BENCH_SYNTHESIS_SIZE", 10_000))
THEMES = 12
KEY_POINTS = 5
DISTRICTS = [
    ("Vaggeryd", 30), ("Skillingaryd", 30), ("Hok", 12), ("Klevshult", 10), ("Svenarum", 8),
    ("Byarum", 6), ("Bondstorp", 0.02), ("Hagafors", 0.03),
]  # fmt: skip
THEME_NAMES = [
    "Trafik och pendling", "Skola och förskola", "Natur och friluftsliv", "Boende",
    "Kultur och fritid", "Näringsliv och jobb", "Trygghet och gemenskap",
    "Ramning och utgångspunkt för medborgardialog med målgrupper", "Äldreomsorg och hälsa",
    "Klimat och energi", "Centrum och handel", "Ungas inflytande och mötesplatser",
]  # fmt: skip


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    return runner, runner.setup_databases()


def _texts() -> list[str]:
    from bench.bench_themes import _sentences

    return [s for sentences in _sentences().values() for s in sentences]


def _world():
    from django.utils import timezone

    from contributions.models import (
        Channel,
        Contribution,
        ContributionTheme,
        KeyPoint,
        ModerationState,
        Synthesis,
        SynthesisState,
        SynthesisTheme,
        SynthesisVersion,
        Theme,
    )
    from tests.factories import ProcessFactory
    from visionsprocess.models import AgeBand, District, StageKind

    rng = random.Random(2040)
    texts = _texts()
    process = ProcessFactory(title="Vision Vaggeryd 2040")
    stage = process.stage_by_key(StageKind.DIALOGUE)
    districts = [
        District.objects.create(municipality=process.municipality, name=name, order=n)
        for n, (name, _weight) in enumerate(DISTRICTS)
    ]
    weights = [weight for _name, weight in DISTRICTS]
    themes = [
        Theme.objects.create(process=process, name=name, order=n)
        for n, name in enumerate(THEME_NAMES[:THEMES])
    ]
    channels = Channel.values
    rows, tags = [], []
    for n in range(SIZE):
        public = rng.random() < 0.33
        rows.append(
            Contribution(
                process=process,
                kind="idea",
                stage=stage,
                channel=rng.choice(channels),
                district=rng.choices(districts, weights)[0],
                age_band=rng.choice(AgeBand.values),
                title="" if n % 3 else f"Förslag {n}",
                text=" ".join(rng.sample(texts, 3)),
                consent_to_publish=public,
                moderation_state=ModerationState.PUBLISHED if public else ModerationState.NEW,
                tracking_token=f"bench-synthesis-{n}",
            )
        )
        tags.append({themes[n % THEMES], rng.choice(themes)})
    contributions = Contribution.objects.bulk_create(rows, batch_size=2000)
    ContributionTheme.objects.bulk_create(
        (
            ContributionTheme(contribution=c, theme=t)
            for c, chosen in zip(contributions, tags, strict=True)
            for t in chosen
        ),
        batch_size=5000,
    )
    synthesis = Synthesis.objects.create(process=process)
    version = SynthesisVersion.objects.create(
        synthesis=synthesis, number=1, state=SynthesisState.PUBLISHED, published_at=timezone.now()
    )
    public = [c for c in contributions if c.consent_to_publish]
    for position, theme in enumerate(themes):
        section = SynthesisTheme.objects.create(
            version=version,
            theme=theme,
            name=theme.name,
            position=position,
            introduction=" ".join(rng.sample(texts, 2)),
            voices=SIZE // THEMES,
            spread={"channel": {"web": SIZE // THEMES // 2, "interview": SIZE // THEMES // 4}},
        )
        for point in range(KEY_POINTS):
            source = rng.choice(public)
            KeyPoint.objects.create(
                section=section,
                contribution=source,
                text=source.text.split(". ")[0][:300],
                position=point,
                voices=rng.choice([3, 12, 40, 150]),
            )
    return process


def _render_through_worker(process, user) -> tuple[object, float, float]:
    from contributions.documents import KEY
    from visionsprocess.documents import services

    started, cpu = time.perf_counter(), time.process_time()
    if os.environ.get("REDIS_URL"):
        from celery.contrib.testing.worker import start_worker

        from visionsprocess.celery import app

        app.conf.task_always_eager = False
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            document = services.document_request(kind=KEY, source=process, user=user)
            while not document.is_finished and time.perf_counter() - started < 600:
                time.sleep(0.1)
                document.refresh_from_db()
    else:
        # No broker: the same task, run eagerly in this process as the enqueuing commits.
        document = services.document_request(kind=KEY, source=process, user=user)
        document.refresh_from_db()
    return document, time.perf_counter() - started, time.process_time() - cpu


def main():
    runner, old = _setup()
    try:
        from django.utils import timezone

        from contributions.documents import KEY, build_context
        from contributions.models import Contribution
        from tests.factories import ProcessRoleFactory
        from visionsprocess.registry import documents
        from visionsprocess.rendering import render_pdf

        started = time.perf_counter()
        process = _world()
        print(f"synthesis_pdf.world_s: {time.perf_counter() - started:.1f}", flush=True)
        official = ProcessRoleFactory(process=process).user
        for attempt in ("first", "second"):
            # The first PDF of a fresh process also loads WeasyPrint's fonts and caches; a
            # worker that has rendered before starts warm (the second request).
            document, elapsed, cpu = _render_through_worker(process, official)
            path = "worker" if os.environ.get("REDIS_URL") else "task run eagerly (no REDIS_URL)"
            print(
                f"synthesis_pdf ({attempt} request): {SIZE} contributions, {THEMES} themes, "
                f"status {document.status}, {document.page_count} pages, {elapsed:.2f} s from "
                f"the request to the PDF (CPU of this process {cpu:.2f} s; {path})",
                flush=True,
            )
            Contribution.objects.filter(
                pk=Contribution.objects.filter(process=process).first().pk
            ).update(
                modified=timezone.now()
            )  # a new source version: the second request renders again
        started, cpu = time.perf_counter(), time.process_time()
        context = build_context(process)
        print(
            f"synthesis_pdf.context_s: {time.perf_counter() - started:.2f} "
            f"(CPU {time.process_time() - cpu:.2f})",
            flush=True,
        )
        started, cpu = time.perf_counter(), time.process_time()
        pdf = render_pdf(template=documents.get(KEY).template, context=context)
        print(
            f"synthesis_pdf.layout_and_pdf_s: {time.perf_counter() - started:.2f} "
            f"(CPU {time.process_time() - cpu:.2f}), {pdf.page_count} pages, "
            f"{len(pdf.content) / 1e6:.2f} MB, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if out := os.environ.get("BENCH_SYNTHESIS_PDF"):  # a file to look at
            with open(out, "wb") as handle:
                handle.write(pdf.content)
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, os.getcwd())
    main()
