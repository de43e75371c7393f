"""The officials' inbox over HTTP at 100,000 contributions, against gunicorn with production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        python -m bench bench_inbox

Uses the process of ``bench_contributions`` (generated there if missing) plus a handful of
contributions with a rare word (``RARE_WORD``, added once, idempotently, at older dates), starts
gunicorn itself on 127.0.0.1 (``BENCH_PORT``, default 8137; ``BENCH_GUNICORN_WORKERS``, default 2,
sync workers, ``DJANGO_ENV=production`` over plain HTTP), logs an official in by a session made
here and sent as a cookie, and measures each case with ``BENCH_REPEAT`` (default 50) sequential
requests after 3 warm-ups: p50 and p95 of the wall time seen by the client, the load average
(1 min) when the case ends, the CPU time gunicorn's workers spent per request (from /proc: less
sensitive to other work on the machine than the wall time), and the floor in the same run: the SQL alone, the queries one request
of the case runs (captured in this process) run again through ``EXPLAIN ANALYZE`` (planning plus
execution time, summed).

"repeated": the same page again (its count cached until a contribution changes). "after a
change": before every request (untimed) one contribution is changed the way an official changes
one (moderation through the service), so the count is made again where that change was. "after a
bulk action": before every request the 50 newest contributions (the ticked rows of the first
page) are kept internal or published through the bulk service, which tells the counts which
parts it changed and that only a moderation filter can match differently. "after an unnamed
change": before every request the process is marked changed as a whole (a change that names
neither contributions nor fields), so everything is counted again: the worst case. ``BENCH_CASES`` runs only
the cases whose label contains it.

Needs REDIS_URL (the cache the server and this process share, for the counts); without
PostgreSQL it prints that it was skipped. ``BENCH_PROFILE=1`` adds a cProfile of the cached
inbox page in this process (where the fixed Python cost per request goes).
"""

import http.client
import itertools
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_contributions import _pct
from bench.server import count_queries, server_env, start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8137"))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "2"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))
WARMUP = 3
HOST = "127.0.0.1"
#: A word the generator never writes; RARE_HITS contributions carry it.
RARE_WORD = "linbanan"
RARE_HITS = 5


def _server_env() -> dict:
    return server_env(allowed_hosts=HOST)


def _setup():
    for key, value in _server_env().items():
        os.environ[key] = value
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _rare_contributions(process):
    """RARE_HITS contributions with RARE_WORD, spread over the process's dates (idempotent)."""
    from django.db.models import Max, Min

    from contributions.models import Contribution

    have = Contribution.objects.filter(process=process, text__icontains=RARE_WORD).count()
    if have >= RARE_HITS:
        return
    span = Contribution.objects.filter(process=process).aggregate(
        lo=Min("created"), hi=Max("created")
    )
    rng = random.Random(17)
    template = Contribution.objects.filter(process=process).order_by("pk").first()
    for i in range(have, RARE_HITS):
        c = Contribution.objects.create(
            process=process,
            kind=template.kind,
            stage=template.stage,
            text=f"Bygg en {RARE_WORD} upp till utsiktstornet ({i + 1}).",
            consent_to_publish=True,
            moderation_state="new",
        )
        created = span["lo"] + (span["hi"] - span["lo"]) * rng.random()
        Contribution.objects.filter(pk=c.pk).update(created=created)


def _session_cookie(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _start_gunicorn() -> subprocess.Popen:
    return start_gunicorn(root=ROOT, env=_server_env(), host=HOST, port=PORT, workers=WORKERS)


def _server_cpu(server) -> float:
    """CPU seconds used so far by gunicorn's workers (the children of its master)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


class Http:
    def __init__(self, cookie):
        self.cookie = cookie
        self.connection = http.client.HTTPConnection(HOST, PORT, timeout=60)

    def get(self, path):
        self.connection.request("GET", path, headers={"Host": HOST, "Cookie": self.cookie})
        response = self.connection.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
        return response.status, body


def _floor(client, path, before) -> tuple[float, int]:
    """The queries one request runs, again through EXPLAIN ANALYZE: planning + execution (ms)."""
    from django.db import connection

    if before:
        before()
    with count_queries() as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    total = 0.0
    selects = 0
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            total += plan[0]["Planning Time"] + plan[0]["Execution Time"]
            selects += 1
    return total, len(ctx.captured_queries)


def _count_of(body: bytes) -> str:
    found = re.search(rb'id="result-count">([\d\s\xc2\xa0]+)', body)
    return found.group(1).decode().replace("\xa0", "").replace(" ", "").strip() if found else "?"


def _next_link(body: bytes) -> str | None:
    found = re.search(rb'<a class="page-link" rel="next" href="([^"]+)"', body)
    if not found:
        found = re.search(rb'href="(\?[^"]*)">(?:N\xc3\xa4sta|Next)<', body)
    return found.group(1).decode().replace("&amp;", "&") if found else None


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("  skipped: set DATABASE_URL to a PostgreSQL database of your own (e.g. vp_bench)")
        return
    if not os.environ.get("REDIS_URL"):
        print("  skipped: set REDIS_URL (the server and the bench share the cache of counts)")
        return
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from bench import bench_contributions
    from contributions import counting
    from contributions.models import Contribution, ModerationAction
    from contributions.services import bulk, handling

    process, user, districts, themes = bench_contributions.generate()
    _rare_contributions(process)
    user = get_user_model().objects.get(pk=user.pk)
    inbox = reverse("contributions:staff_inbox", kwargs={"slug": process.slug})
    total = Contribution.objects.filter(process=process).count()

    rng = random.Random(5)
    ids = list(Contribution.objects.filter(process=process).values_list("pk", flat=True))
    official = user
    actions = [ModerationAction.KEPT_INTERNAL, ModerationAction.PUBLISHED]

    def change():
        """One contribution moderated through the service, as an official does (untimed)."""
        from django.db import transaction

        contribution = Contribution.objects.get(pk=rng.choice(ids))
        with transaction.atomic():
            try:
                handling.contribution_moderate(
                    contribution=contribution, action=rng.choice(actions), by=official
                )
            except Exception:  # noqa: BLE001 - e.g. no consent: moderate the other way
                handling.contribution_moderate(
                    contribution=contribution, action=ModerationAction.KEPT_INTERNAL, by=official
                )

    newest = list(
        Contribution.objects.filter(process=process)
        .order_by("-created", "-pk")
        .values_list("pk", flat=True)[:50]
    )
    bulk_actions = itertools.cycle(actions)

    def bulk_action():
        """The ticked rows of the first page kept internal or published, as an official does
        (untimed)."""
        from django.db import transaction

        with transaction.atomic():
            bulk.contributions_moderate_bulk(
                process=process,
                targets=Contribution.objects.filter(pk__in=newest),
                action=next(bulk_actions),
                by=official,
            )

    def unnamed_change():
        """A change that names neither contributions nor fields: every part of every count is
        counted again."""
        counting.changed(process.pk)

    client = Client(SERVER_NAME=HOST)
    client.force_login(user)
    cookie = _session_cookie(user)
    print(f"  {total} contributions; gunicorn {WORKERS} sync workers, production settings")
    print(
        f"  {REPEAT} sequential requests per case after {WARMUP} warm-ups; wall time at the client"
    )
    print("  floor: the SQL of one request of the case through EXPLAIN ANALYZE (plan + execution)")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=_server_env(), check=True,
    )  # fmt: skip
    server = _start_gunicorn()
    try:
        http_client = Http(cookie)
        status, body = http_client.get(inbox)
        assert status == 200 and b"result-count" in body, (status, body[:300])
        status, body = http_client.get(f"{inbox}?page=499")
        next_500 = _next_link(body)
        cases = [
            ("inbox page 1", "", ("repeated",)),
            ("inbox page 500 (?page=500)", "page=500", ("repeated",)),
        ]
        if next_500:
            cases.append(("inbox page 500 (Next from 499)", next_500.lstrip("?"), ("repeated",)))
        cases += [
            (
                "filtered (letter, district, new)",
                f"kind=letter&district={districts[2].pk}&moderation_state=new",
                ("repeated", "after a change", "after a bulk action"),
            ),
            ("filtered (theme)", f"theme={themes[0].pk}", ("repeated", "after a change")),
            (
                "search 'skolor'",
                "q=skolor",
                ("repeated", "after a change", "after a bulk action", "after an unnamed change"),
            ),
            ("search 'cykelvägen Hok'", "q=cykelv%C3%A4gen+Hok", ("repeated", "after a change")),
            (f"search rare '{RARE_WORD}'", f"q={RARE_WORD}", ("repeated", "after a change")),
            ("search 'skolor' page 100", "q=skolor&page=100", ("repeated",)),
        ]
        only = os.environ.get("BENCH_CASES", "")
        for label, query, modes in cases:
            if only and only not in label:
                continue
            path = f"{inbox}?{query}" if query else inbox
            for mode in modes:
                before = {
                    "after a change": change,
                    "after a bulk action": bulk_action,
                    "after an unnamed change": unnamed_change,
                }.get(mode)
                for _ in range(WARMUP):
                    if before:
                        before()
                    http_client.get(path)
                wall = []
                cpu_started = _server_cpu(server)
                for _ in range(REPEAT):
                    if before:
                        before()
                    started = time.perf_counter()
                    status, body = http_client.get(path)
                    wall.append((time.perf_counter() - started) * 1000)
                    assert status == 200, (status, path)
                cpu = (_server_cpu(server) - cpu_started) / REPEAT * 1000
                load = os.getloadavg()[0]
                floor, queries = _floor(client, path, before)
                print(
                    f"  {label:34s} {mode:23s} p50 {statistics.median(wall):6.1f} ms"
                    f"  p95 {_pct(wall, 0.95):6.1f} ms  (load {load:.2f})"
                    f" | server CPU {cpu:5.1f} ms/request"
                    f" | floor SQL {floor:5.1f} ms, {queries:2d} queries"
                    f" | matches {_count_of(body)}",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    if os.environ.get("BENCH_PROFILE") == "1":
        _profile(client, inbox)


def _profile(client, inbox):
    """cProfile of the cached inbox page in this process: where the Python time goes."""
    import cProfile
    import pstats

    for _ in range(5):
        client.get(inbox)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(50):
        client.get(inbox)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative")
    total = stats.total_tt
    rows = []
    for (filename, line, name), (_cc, _nc, tt, ct, _callers) in stats.stats.items():
        if ct > total * 0.03:
            short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
            rows.append((ct, tt, f"{short}:{line}({name})"))
    print(f"  cProfile, cached inbox page, per request: {total / 50 * 1000:.1f} ms in all")
    for ct, tt, label in sorted(rows, reverse=True)[:45]:
        print(f"    cum {ct / 50 * 1000:6.2f} ms  own {tt / 50 * 1000:5.2f} ms  {label}")


if __name__ == "__main__":
    main()
