"""Benchmark of the document pipeline: run with ``python -m bench.bench_documents`` (or through
``python -m bench``). Uses a throwaway test database.

Measures, each beside its floor (one raw WeasyPrint render, layout and PDF/A with tags, of the
same final HTML and CSS) and the load average: the demo's 16-page programme as users get it
(``load_demo``), the worst case of the programme's fit (a spread too long for its two pages:
measured once and laid out again), a ~100-page action plan, the layout passes and file sizes,
and, when REDIS_URL is set, the time from the click to a downloadable file through a real
Celery worker. Wall-clock and CPU time are both given: on a shared 2-core machine wall time
varies with load; compare CPU with the floor.
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


def _floor(template, context, runs):
    """One raw WeasyPrint render (layout + PDF/A with tags) of the same final HTML and CSS the
    pipeline rendered: the floor a document's time is compared with."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from visionsprocess.rendering import BASE_URL, PDF_VARIANT, ProjectURLFetcher

    with translation.override("sv"):
        html = render_to_string(template, context)

    def raw():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectURLFetcher()).render()
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)

    _, wall, cpu = _timed(raw, runs)
    return wall, cpu


def _final_context(context):
    """The context of the fit's last layout (what the pipeline laid out in the end)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from visionsprocess.rendering import _layout, measure_spreads

    final = context
    while final.get("fitter") is not None:
        with translation.override("sv"):
            html = render_to_string("goals/documents/programme.html", final)
        corrected = final["fitter"].adjust(
            final, measure_spreads(_layout(html), final["fitter"].anchors)
        )
        if corrected is None:
            break
        final = corrected
    return final


def _document(figures, name, template, context, metadata=None, runs=3):
    from visionsprocess.documents.tasks import collector_paused
    from visionsprocess.rendering import render_pdf

    def render():
        with collector_paused():  # as the worker's render task renders
            return render_pdf(template=template, context=context, metadata=metadata)

    pdf, wall, cpu = _timed(render, runs)
    # The floor is the same final HTML and CSS: for a fitted document, the last pass's context.
    floor_wall, floor_cpu = _floor(template, _final_context(context), runs)
    figures.update(
        {
            f"{name}_pages": pdf.page_count,
            f"{name}_layout_passes": pdf.layout_passes,
            f"{name}_render_wall_s": round(wall, 2),
            f"{name}_render_cpu_s": round(cpu, 2),
            f"{name}_floor_raw_weasyprint_cpu_s": round(floor_cpu, 2),
            f"{name}_cpu_vs_floor": round(cpu / floor_cpu, 2) if floor_cpu else "-",
            f"{name}_bytes": len(pdf.content),
            f"{name}_load_average": round(os.getloadavg()[0], 2),
        }
    )
    return pdf


def _demo_programme():
    """The demo's programme process, loaded as ``make run`` loads it."""
    from django.core.management import call_command

    from visionsprocess.models import VisionProcess

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return VisionProcess.objects.get(slug="strategiskt-utvecklingsprogram")


def main(argv=None) -> dict:
    runner, old = _setup()
    from goals.documents import action_plan_context, action_plan_source, programme_context
    from goals.models import CouncilGoal
    from tests.goals.programme_world import LONG, make_programme
    from visionsprocess.documents.services import kind_metadata
    from visionsprocess.registry import documents

    figures = {}
    try:
        kind = documents.get("programme")
        # What users get: the demo's programme (16 pages, four goals, three charts a spread).
        demo = _demo_programme()
        _document(
            figures,
            "demo_programme",
            kind.template,
            programme_context(demo),
            kind_metadata(kind, demo),
        )
        # The worst case of the fit: a spread too long for its two pages, so the first layout is
        # measured and corrected (one smaller body size for all spreads).
        process, goals = make_programme(4)
        CouncilGoal.objects.filter(pk=goals[1].pk).update(
            summary=LONG * 14, political_will=LONG * 12
        )
        _document(
            figures,
            "worst_fit_programme",
            kind.template,
            programme_context(process),
            kind_metadata(kind, process),
        )

        long_process = _long_action_plan(int(os.environ.get("BENCH_PLAN_ITEMS", "900")))
        long_context = action_plan_context(action_plan_source(long_process))
        _document(figures, "action_plan", "goals/documents/action_plan.html", long_context, runs=1)

        if os.environ.get("REDIS_URL"):
            figures.update(_through_worker(demo))
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
        source = services.source_for(kind="programme", process=process)
        document = services.document_request(kind="programme", source=source, user=clerk)
        while not document.is_finished and time.perf_counter() - started < 120:
            time.sleep(0.05)
            document.refresh_from_db()
        elapsed = time.perf_counter() - started
    return {"click_to_download_s": round(elapsed, 2), "worker_status": document.status}


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    main(sys.argv[1:])
