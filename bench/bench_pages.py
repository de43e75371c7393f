"""Public process page over HTTP: the 100,000-contribution process and a small one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        python -m bench bench_pages

Needs the bench process (slug ``bench-100k``, 100,000 contributions) in the database; the small
process is the demo's "Vision 2040" (``load_demo`` is run once if it is missing). Starts
gunicorn itself on 127.0.0.1 (``BENCH_PORT``, default 8126) with ``DJANGO_ENV=production``,
DEBUG off and 2 workers, and for each page sends 3 warm-up and then ``BENCH_REQUESTS`` (default
50) sequential anonymous GETs: p50 / p95 with the load average beside them. Two series per page:
``steady`` (nothing changes between views: the page as nearly every visitor gets it) and
``after a write`` (the data version is replaced before every request, as after an official's
change, so every section is rendered anew).

Beside them, measured in the same run: the CPU time of a view in-process (the Python side, less
moved by other work on the machine than the wall time), the number of SQL queries of one view
(in-process, with the same settings) and the floor, the time of exactly those queries run
directly against the database (p50 / p95 of their sum over the same number of runs).
"""

import http.client
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.server import count_queries, server_env, start_gunicorn

ROOT = Path(os.environ.get("BENCH_ROOT", Path(__file__).resolve().parent.parent))
PORT = int(os.environ.get("BENCH_PORT", "8126"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
WARMUPS = 3
HOST = "127.0.0.1"
PAGES = [("100k", "bench-100k"), ("small (demo Vision 2040)", "vision-2040")]


def _server_env() -> dict:
    return server_env(allowed_hosts=f"{HOST},testserver", DEBUG="false")


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f}"


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _start_gunicorn() -> subprocess.Popen:
    return start_gunicorn(root=ROOT, env=_server_env(), host=HOST, port=PORT, workers=2)


def _get(path: str) -> float:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    start = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Language": "sv"})
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path}: {response.status}")
    return elapsed


def _bump():
    """Record a change of every process, as a service's write does (with an older code base:
    replace its one data version, if it has one)."""
    try:
        from visionsprocess import changes
    except ImportError:
        try:
            from visionsprocess import page_cache
        except ImportError:
            return
        page_cache.changed()
        return
    from visionsprocess.models import VisionProcess

    for pk in VisionProcess.objects.values_list("pk", flat=True):
        changes.record(process=pk)


def _series(path: str, *, after_write: bool) -> list[float]:
    for _ in range(WARMUPS):
        _get(path)
    times = []
    for _ in range(REQUESTS):
        if after_write:
            _bump()
        times.append(_get(path))
    return times


def _queries(path: str, *, after_write: bool) -> list[str]:
    from django.test import Client

    client = Client()
    client.get(path)
    if after_write:
        _bump()
    with count_queries() as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _cpu(path: str, *, after_write: bool) -> list[float]:
    """CPU time of the Django process per view, in-process: less moved by other work on the
    machine than the wall time (the database's own time is not in it)."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    times = []
    for _ in range(WARMUPS + REQUESTS):
        if after_write:
            _bump()
        start = time.process_time()
        client.get(path)
        times.append((time.process_time() - start) * 1000)
    return times[WARMUPS:]


def _floor(statements: list[str]) -> list[float]:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(WARMUPS + REQUESTS):
            start = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return times[WARMUPS:]


def _figures(values) -> str:
    return f"p50 {statistics.median(values):6.1f} ms  p95 {_percentile(values, 0.95):6.1f} ms"


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("skipped: needs DATABASE_URL of the PostgreSQL bench database")
        return
    os.environ.update(_server_env())
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    from visionsprocess.models import VisionProcess

    if not VisionProcess.objects.filter(slug="bench-100k").exists():
        print("skipped: no process bench-100k in this database")
        return
    if not VisionProcess.objects.filter(slug="vision-2040").exists():
        call_command("load_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    server = _start_gunicorn()
    try:
        for label, slug in PAGES:
            path = f"/process/{slug}/"
            for after_write in (False, True):
                name = "after a write" if after_write else "steady"
                times = _series(path, after_write=after_write)
                print(f"{label:26} {name:14} HTTP  {_figures(times)}  ({_load()})", flush=True)
                cpu = _cpu(path, after_write=after_write)
                print(f"{'':26} {'':14} CPU   {_figures(cpu)}  ({_load()})", flush=True)
                statements = _queries(path, after_write=after_write)
                floor = _floor(statements)
                print(
                    f"{'':26} {'':14} SQL   {_figures(floor)}  ({_load()}), "
                    f"{len(statements)} queries",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
