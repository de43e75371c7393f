"""Load: contribution submissions against gunicorn under the production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        python -m bench bench_load

Starts gunicorn itself on 127.0.0.1 (``BENCH_PORT``, default 8125) with ``DJANGO_ENV=production``
(plain HTTP: no TLS redirect), migrates the database and makes a process that takes
contributions, then sends ``BENCH_SUBMISSIONS`` (default 3,000) idea submissions at concurrency
``BENCH_CONCURRENCY`` (default 50) from as many simulated citizens, each with an address of its
own (``X-Forwarded-For`` behind one trusted proxy, so the per-address rate limit is counted as
in production but no citizen reaches it). One in five gives an e-mail address, so its receipt
goes through the outbox and the broker. Each citizen first loads the form (for the CSRF cookie
and token) and then posts; only the posts are timed.

Prints submissions per second, p50/p95/max latency of the posts, errors (any answer but the
redirect to the receipt) and lost (answered with a receipt but not in the database), with the
load average before and after, since other work on the machine changes every figure. Then
profiles one submission in-process: its SQL statements and where the time goes.

Without PostgreSQL it prints that it was skipped. It stops by itself: the number of requests and
the time (``BENCH_TIMEOUT``, default 300 s) are bounded.
"""

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from bench.server import count_queries, server_env, start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8125"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "3000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "50"))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "1"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "300"))
SLUG = "bench-load"
HOST = "127.0.0.1"


def _server_env() -> dict:
    return server_env(allowed_hosts=HOST, TRUSTED_PROXY_COUNT="1")


def _prepare() -> int:
    """Migrate, collect static files and make the process; return the process's id."""
    env = _server_env()
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    code = (
        "import django; django.setup()\n"
        "from visionsprocess.models import Municipality, VisionProcess, StageKind\n"
        "from visionsprocess.process_templates import TEMPLATES\n"
        "from visionsprocess.services import stages_from_template\n"
        "m = Municipality.objects.first() or Municipality.objects.create("
        "name='Vaggeryds kommun', code='0682')\n"
        f"p, _ = VisionProcess.objects.get_or_create(slug='{SLUG}', defaults=dict("
        "municipality=m, title='Vision 2040 (last)', horizon_year=2040,"
        "))\n"
        "if not p.stages.exists(): stages_from_template(p, TEMPLATES['vision'])\n"
        "p.current_stage = p.stage_by_key(StageKind.DIALOGUE); p.save()\n"
        "print(p.pk)\n"
    )
    out = subprocess.run(
        [python, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def _stored(process_id: int) -> int:
    code = (
        "import django; django.setup()\n"
        "from contributions.models import Contribution\n"
        f"print(Contribution.objects.filter(process_id={process_id}).count())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_server_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def _start_gunicorn() -> subprocess.Popen:
    return start_gunicorn(
        root=ROOT, env=_server_env(), host=HOST, port=PORT, workers=WORKERS, threads=THREADS
    )


class Citizen(threading.Thread):
    """One simulated citizen: loads the form once, then posts ideas one after another."""

    def __init__(self, number: int, quota: int, results: list, deadline: float):
        super().__init__(daemon=True)
        self.number, self.quota, self.results, self.deadline = number, quota, results, deadline
        self.run_id = int(time.time()) % 250  # counters of an earlier run (same hour) differ

    def _address(self, turn: int) -> str:
        n = self.number + CONCURRENCY * turn
        return f"10.{self.run_id}.{n // 250 % 250}.{n % 250 + 1}"

    def run(self):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        path = f"/process/{SLUG}/bidrag/nytt/ide/"
        headers = {"X-Forwarded-For": self._address(0), "Host": HOST}
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read().decode()
            cookie = response.getheader("Set-Cookie", "")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
            csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        except Exception as error:  # noqa: BLE001 - counted as an error
            self.results.append(("error", 0.0, f"form: {error.__class__.__name__}"))
            return
        for index in range(self.quota):
            if time.monotonic() > self.deadline:
                return
            fields = {
                "csrfmiddlewaretoken": token,
                "title": f"Fler cykelvägar {self.number}-{index}",
                "text": "Bygg en cykelväg mellan Hok och Skillingaryd, med belysning hela vägen.",
                "pseudonym": "Elin",
                "consent_to_publish": "on",
                "email": f"medborgare{self.number}@example.org" if index % 5 == 0 else "",
            }
            body = urllib.parse.urlencode(fields)
            # Another citizen every five submissions: none comes near the per-address limit.
            headers["X-Forwarded-For"] = self._address(index // 5)
            post_headers = {
                **headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "Referer": f"http://{HOST}:{PORT}{path}",
            }
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=post_headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                location = response.getheader("Location", "")
                ok = response.status == 302 and "/bidrag/tack/" in location
                self.results.append(("ok" if ok else "error", elapsed, str(response.status)))
            except Exception as error:  # noqa: BLE001 - counted as an error
                self.results.append(("error", time.perf_counter() - started, repr(error)))
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _load(process_id: int) -> None:
    before = _stored(process_id)
    load_before = os.getloadavg()
    server = _start_gunicorn()
    try:
        results: list = []
        deadline = time.monotonic() + TIMEOUT
        quota, extra = divmod(SUBMISSIONS, CONCURRENCY)
        citizens = [
            Citizen(n, quota + (1 if n < extra else 0), results, deadline)
            for n in range(CONCURRENCY)
        ]
        started = time.perf_counter()
        for citizen in citizens:
            citizen.start()
        for citizen in citizens:
            citizen.join(TIMEOUT + 30)
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    load_after = os.getloadavg()
    stored = _stored(process_id) - before
    answered = [r for r in results if r[0] == "ok"]
    errors = [r for r in results if r[0] == "error"]
    latencies = [r[1] * 1000 for r in results if r[1]]
    print(
        f"  gunicorn: {WORKERS} workers × {THREADS} thread(s); concurrency {CONCURRENCY}; "
        f"{len(results)} submissions in {wall:.1f} s"
    )
    print(f"  submissions/s: {len(answered) / wall:.0f}")
    print(
        f"  latency of the post (ms): p50 {statistics.median(latencies):.0f}, "
        f"p95 {_percentile(latencies, 0.95):.0f}, max {max(latencies):.0f}"
    )
    print(f"  errors: {len(errors)}" + (f" (first: {errors[0][2]})" if errors else ""))
    print(f"  lost (answered with a receipt, not stored): {len(answered) - stored}")
    print(
        f"  load average before: {load_before[0]:.2f}, after: {load_after[0]:.2f} "
        f"(1 min) on {os.cpu_count()} CPUs"
    )


def _profile(process_id: int) -> None:
    """One submission in-process: the SQL it runs and where its time goes."""
    import cProfile
    import pstats

    for key, value in _server_env().items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    from django.test import Client

    client = Client(SERVER_NAME=HOST)
    run_id = int(time.time()) % 250
    addresses = (f"172.{run_id}.{n // 250}.{n % 250 + 1}" for n in range(10_000))
    path = f"/process/{SLUG}/bidrag/nytt/ide/"
    data = {
        "title": "Fler cykelvägar",
        "text": "Bygg en cykelväg mellan Hok och Skillingaryd.",
        "consent_to_publish": "on",
        "email": "elin@example.org",
    }
    client.post(path, data, HTTP_X_FORWARDED_FOR=next(addresses))  # warm up (imports, connects)
    with count_queries() as queries:
        started = time.perf_counter()
        client.post(path, data, HTTP_X_FORWARDED_FOR=next(addresses))
        elapsed = (time.perf_counter() - started) * 1000
    print(f"  one submission in-process: {elapsed:.1f} ms, {len(queries)} SQL statements:")
    for query in queries.captured_queries:
        print(f"    {query['time']}s  {query['sql'][:110]}")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(50):
        client.post(path, data, HTTP_X_FORWARDED_FOR=next(addresses))
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative")
    print("  where the time goes (50 submissions, cumulative, our code and the big parts):")
    wanted = re.compile(
        r"(contributions|visionsprocess|django/(db/backends|forms|template|contrib/sessions"
        r"|middleware|core/handlers/base)|django_ratelimit|celery|kombu|rules)"
    )
    total = stats.total_tt
    rows = []
    for (filename, line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if wanted.search(filename) and ct > total * 0.04:
            short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
            rows.append((ct, f"{short}:{line}({name})"))
    for ct, label in sorted(rows, reverse=True)[:25]:
        print(f"    {ct / 50 * 1000:7.2f} ms  {ct / total:5.0%}  {label}")


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("  skipped: set DATABASE_URL to a PostgreSQL database of your own (e.g. vp_bench)")
        return
    sys.path.insert(0, str(ROOT))
    process_id = _prepare()
    _load(process_id)
    if os.environ.get("BENCH_PROFILE", "1") == "1":
        _profile(process_id)


if __name__ == "__main__":
    main()
