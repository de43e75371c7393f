"""Benchmark of the document pipeline: run with ``python -m bench.bench_documents`` (or through
``python -m bench``). Uses a throwaway test database.

Measures: render time of the 16-page programme (4 council goals, charts, embedded fonts), of a
~100-page document (a long action plan), the file sizes, and, when REDIS_URL is set, the time
from the click (document_request) to a downloadable file through a real Celery worker.
Wall-clock and CPU time are both given: on a shared 2-core machine wall time varies with load.
"""

import os
import statistics
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    return runner, runner.setup_databases()


def _timed(function, runs):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def _long_action_plan(items):
    from tests.factories import BodyFactory
    from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
    from tests.goals.programme_world import make_programme

    process, goals = make_programme(5)
    version = ActionPlanVersionFactory(plan__process=process, year=2024)
    body = BodyFactory(municipality=process.municipality, short_name="TEK", name="Tekniska nämnden")
    statuses = ["not_started", "ongoing", "done", "postponed"]
    for index in range(items):
        ActionPlanItemFactory(
            version=version,
            goal=goals[index % len(goals)],
            responsible=body,
            activity=f"Åtgärd {index + 1}: trygghetsvandring och dialog i Hok, Skillingaryd och Vaggeryd",
            description="Vi genomför aktiviteten tillsammans med föreningar och skolor. " * 2,
            when=f"{2024 + index % 3}, kvartal {index % 4 + 1}",
            status=statuses[index % 4],
            follow_up="Följs upp i delårsrapporten." if index % 3 == 0 else "",
        )
    return process


def main(argv=None) -> dict:
    runner, old = _setup()
    from goals.documents import action_plan_context, programme_context, programme_metadata
    from tests.goals.programme_world import make_programme
    from visionsprocess.rendering import render_pdf

    figures = {}
    try:
        process, _ = make_programme(4)
        context = programme_context(process)
        _, wall, cpu = _timed(lambda: programme_context(process), 3)
        figures["programme_context_s"] = round(wall, 3)
        pdf, wall, cpu = _timed(
            lambda: render_pdf(
                template="goals/documents/programme.html",
                context=context,
                metadata=programme_metadata(process),
            ),
            3,
        )
        figures.update(
            programme_pages=pdf.page_count,
            programme_render_wall_s=round(wall, 2),
            programme_render_cpu_s=round(cpu, 2),
            programme_bytes=len(pdf.content),
        )

        long_process = _long_action_plan(int(os.environ.get("BENCH_PLAN_ITEMS", "900")))
        long_context = action_plan_context(long_process)
        pdf, wall, cpu = _timed(
            lambda: render_pdf(template="goals/documents/action_plan.html", context=long_context),
            1,
        )
        figures.update(
            long_document_pages=pdf.page_count,
            long_document_render_wall_s=round(wall, 2),
            long_document_render_cpu_s=round(cpu, 2),
            long_document_bytes=len(pdf.content),
        )

        if os.environ.get("REDIS_URL"):
            figures.update(_through_worker(process))
        else:
            figures["click_to_download_s"] = "skipped (set REDIS_URL)"
    finally:
        runner.teardown_databases(old)
    for key, value in figures.items():
        print(f"documents.{key}: {value}")
    return figures


def _through_worker(process):
    from celery.contrib.testing.worker import start_worker

    from tests.factories import ProcessRoleFactory
    from visionsprocess.celery import app
    from visionsprocess.documents import services

    app.conf.task_always_eager = False
    clerk = ProcessRoleFactory(process=process, role="clerk").user
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        started = time.perf_counter()
        document = services.document_request(kind="programme", source=process, user=clerk)
        while not document.is_finished and time.perf_counter() - started < 120:
            time.sleep(0.05)
            document.refresh_from_db()
        elapsed = time.perf_counter() - started
    return {"click_to_download_s": round(elapsed, 2), "worker_status": document.status}


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    main(sys.argv[1:])
