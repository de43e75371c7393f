"""The municipality page (``/``), its calendar and its feed over HTTP, with many processes and
meetings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        python -m bench bench_municipality

Adds to the installation's municipality (the demo's, ``load_demo`` is run once if there is
none) ``BENCH_MUNICIPALITY_PROCESSES`` public processes (default 100, slugs ``bench-muni-<n>``)
with ``BENCH_MUNICIPALITY_MEETINGS`` meetings each (default 30: past, coming and internal ones),
an open survey each, every one resting on one vision, unless they are there already. Starts
gunicorn (production settings, DEBUG off, 2 workers) and sends 3 warm-up and then
``BENCH_REQUESTS`` (default 50) sequential anonymous GETs per page: p50 / p95 with the load
average beside them, and the number of SQL queries of one view (in-process).
"""

import datetime as dt
import os
import signal
import statistics
import sys

from bench.bench_pages import HOST, PORT, REQUESTS, ROOT, WARMUPS, _get, _load, _percentile
from bench.server import count_queries, server_env, start_gunicorn

PROCESSES = int(os.environ.get("BENCH_MUNICIPALITY_PROCESSES", "100"))
MEETINGS = int(os.environ.get("BENCH_MUNICIPALITY_MEETINGS", "30"))


def _figures(values) -> str:
    return f"p50 {statistics.median(values):6.1f} ms  p95 {_percentile(values, 0.95):6.1f} ms"


def _fill(municipality, prefix: str = "bench-muni-") -> None:
    """The bench processes (slugs ``<prefix><n>``), meetings and surveys of ``municipality``
    (once; a second run finds them)."""
    from django.utils import timezone

    from contributions.models import Survey, SurveyState
    from dialog.models import Meeting, MeetingFormat, MeetingKind
    from goals.models import Vision, VisionBasis
    from visionsprocess.models import VisionProcess
    from visionsprocess.process_templates import TEMPLATES
    from visionsprocess.services import stages_from_template

    if VisionProcess.objects.filter(municipality=municipality, slug__startswith=prefix).exists():
        return
    now = timezone.now()
    vision = Vision.objects.create(
        municipality=municipality,
        name="Benchvisionen",
        statement="Här gör vi plats för att göra skillnad",
        valid_from=2019,
        valid_until=2040,
    )
    for n in range(PROCESSES):
        process = VisionProcess.objects.create(
            municipality=municipality,
            title=f"Bench-process {n}",
            slug=f"{prefix}{n}",
            horizon_year=2040,
            summary="En process för att mäta kommunsidan.",
            published_at=now,
        )
        stages = stages_from_template(process, TEMPLATES["vision"])
        process.current_stage = stages[n % len(stages)]
        process.save(update_fields=["current_stage"])
        VisionBasis.objects.create(process=process, vision=vision)
        Survey.objects.create(process=process, title=f"Enkät {n}", state=SurveyState.PUBLISHED)
        meetings = []
        for m in range(MEETINGS):
            starts = now + dt.timedelta(days=m * 7 - MEETINGS * 3, hours=n % 10)
            meetings.append(
                Meeting(
                    process=process,
                    stage=stages[0],
                    kind=MeetingKind.INTERNAL if m % 5 == 0 else MeetingKind.BROAD,
                    format=MeetingFormat.PHYSICAL,
                    title=f"Dialogmöte {n}.{m}",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    place="Folkets hus",
                )
            )
        Meeting.objects.bulk_create(meetings)


def _series(path: str) -> list[float]:
    for _ in range(WARMUPS):
        _get(path)
    return [_get(path) for _ in range(REQUESTS)]


def _queries(path: str) -> int:
    from django.test import Client

    client = Client()
    client.get(path)
    with count_queries() as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("skipped: needs DATABASE_URL of a PostgreSQL bench database")
        return
    env = server_env(allowed_hosts=f"{HOST},testserver", DEBUG="false")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from dialog.models import Meeting
    from visionsprocess.models import Municipality, VisionProcess

    if not Municipality.objects.exists():
        call_command("load_demo", verbosity=0)
    municipality = Municipality.objects.order_by("pk").first()
    _fill(municipality)
    call_command("collectstatic", "--noinput", verbosity=0)
    processes = VisionProcess.objects.filter(municipality=municipality).count()
    meetings = Meeting.objects.filter(process__municipality=municipality).count()
    print(f"{processes} processes, {meetings} meetings", flush=True)
    month = timezone.localdate().strftime("%Y-%m")
    pages = [
        ("municipality page", "/"),
        ("calendar (this month)", f"/kalender/?manad={month}"),
        ("calendar feed (.ics)", "/kalender.ics"),
    ]
    server = start_gunicorn(root=ROOT, env=env, host=HOST, port=PORT, workers=2)
    try:
        for label, path in pages:
            times = _series(path)
            print(
                f"{label:24} HTTP  {_figures(times)}  ({_load()}), {_queries(path)} queries",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
