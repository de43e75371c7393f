"""Two municipalities of 100,000 contributions each on one installation: site search, the
municipality page, its calendar and feed, and whether one municipality's writes empty the
other's caches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        python -m bench bench_tenants

Municipality A is the one of ``bench_contributions`` (Vaggeryd, process ``bench-100k``);
municipality B (Vansbro, process ``bench-100k-b``, host ``vansbro.bench.test``) gets as many
contributions of its own (generated once, about as long again). Each gets the processes,
meetings and surveys of ``bench_municipality`` (``BENCH_MUNICIPALITY_PROCESSES`` processes with
``BENCH_MUNICIPALITY_MEETINGS`` meetings each) and what ``bench_search`` adds for the other kinds.

Measured through Django's test Client in this process, anonymous, each page at its
municipality's host (p50/p95 of ``BENCH_REPEAT`` requests, the CPU time of this process, the
queries of one more request), in two modes: ``repeated`` (nothing changes between requests:
what nearly every visitor gets) and ``after a change`` (a change of the municipality's big
process is recorded before every request, as a service's write does: every page is made anew).

The feed made anew takes seconds (3,000 events): it is measured after a change only
``FEED_REPEAT`` times. ``BENCH_PAGES=feed,calendar`` measures only the pages whose label holds
one of the words ("first search": the first search of each of a dozen common words, made anew).

Then the cache isolation: B's pages are requested once, and then ``BENCH_REPEAT`` times each
right after a recorded change in A. A request served from the cache costs exactly the queries of
a repeated request (the processes whose versions make the key); the figure printed is the share
of B's requests served so (the cache hit rate of B while A is written), beside A's own (which
must be made anew after each of its changes).
"""

import os

from bench.bench_contributions import REPEAT, measure, setup_django
from bench.server import count_queries

HOST_B = "vansbro.bench.test"
SEARCH = {"q": "skola"}
#: The feed holds 3,000 meetings: made anew it takes seconds, so it is made anew only this often.
FEED_REPEAT = 3
#: ``BENCH_PAGES=feed,calendar`` measures only the pages whose label holds one of the words.
ONLY = [word for word in os.environ.get("BENCH_PAGES", "").split(",") if word]


def _prepare():
    """Both municipalities with their data (made once; later runs reuse it)."""
    from django.db import connection

    from bench.bench_contributions import generate
    from bench.bench_municipality import _fill
    from bench.bench_search import prepare
    from visionsprocess.models import HostName

    process_a, *_ = generate()
    process_b, *_ = generate(code="2021", name="Vansbro kommun", slug="bench-100k-b")
    HostName.objects.get_or_create(
        host=HOST_B, defaults={"municipality": process_b.municipality, "is_primary": True}
    )
    _fill(process_a.municipality, "bench-muni-")
    _fill(process_b.municipality, "bench-muni-b-")
    prepare(process_a)
    prepare(process_b)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return process_a, process_b


def _host(process) -> str:
    return HOST_B if process.slug.endswith("-b") else "testserver"


def _pages():
    from django.urls import reverse
    from django.utils import timezone

    month = timezone.localdate().strftime("%Y-%m")
    pages = [
        ("site search 'skola'", reverse("search"), SEARCH),
        ("site search 'Bondstorp'", reverse("search"), {"q": "Bondstorp"}),
        ("municipality page", "/", {}),
        ("calendar (this month)", reverse("dialog:calendar"), {"manad": month}),
        ("calendar feed (.ics)", reverse("dialog:calendar_feed"), {}),
    ]
    return [page for page in pages if not ONLY or any(word in page[0] for word in ONLY)]


def _changer(process):
    def change():
        from django.db import transaction

        from visionsprocess import changes

        with transaction.atomic():
            changes.record(process=process)

    return change


def _queries(client, path, params) -> int:
    with count_queries() as captured:
        assert client.get(path, params).status_code == 200
    return len(captured.captured_queries)


#: Common words of the bench's texts, each searched for the first time after a recorded change
#: (nothing of it in the cache): ``_first_searches``.
COMMON_WORDS = [
    "skola", "buss", "cykel", "bibliotek", "trygg", "natur", "företag", "äldreboende",
    "belysning", "centrum", "förening", "landsbygd",
]  # fmt: skip


def _first_searches(process) -> None:
    """The site search of each of ``COMMON_WORDS`` made anew (a change of the municipality's big
    process is recorded before each): p50/p95 of wall and CPU over every word, and the queries
    and SQL time of one more first search."""
    import statistics
    import time

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.bench_contributions import _pct

    client, change, path = Client(HTTP_HOST=_host(process)), _changer(process), reverse("search")
    wall, cpu = [], []
    for word in COMMON_WORDS * max(1, REPEAT // len(COMMON_WORDS)):
        change()
        started, cpu_started = time.perf_counter(), time.process_time()
        assert client.get(path, {"q": word}).status_code == 200
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    change()
    with CaptureQueriesContext(connection) as captured:
        client.get(path, {"q": COMMON_WORDS[0]})
    sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    name = "B" if _host(process) == HOST_B else "A"
    print(
        f"  {name} first search of {len(COMMON_WORDS)} common words ({len(wall)} requests)"
        f" wall p50 {statistics.median(wall):6.1f} ms p95 {_pct(wall, 0.95):6.1f} ms"
        f" | CPU p50 {statistics.median(cpu):5.1f} ms p95 {_pct(cpu, 0.95):5.1f} ms"
        f" | SQL {sql:5.1f} ms | queries {len(captured.captured_queries):2d}"
        f" | load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def _isolation(process_a, process_b) -> None:
    """B's cache hit rate while A is written, and A's own (which must be 0 %)."""
    from django.test import Client

    change_a = _changer(process_a)
    for label, path, params in _pages():
        clients = {
            name: Client(HTTP_HOST=_host(p)) for name, p in (("A", process_a), ("B", process_b))
        }
        kept = {}
        for name, client in clients.items():
            client.get(path, params)
            kept[name] = _queries(client, path, params)  # served from the cache
        served = {"A": 0, "B": 0}
        # A's feed made anew takes seconds: asked after only a few of A's changes.
        asked_a = FEED_REPEAT if "feed" in label else REPEAT
        for n in range(REPEAT):
            change_a()
            for name, client in clients.items():
                if name == "A" and n >= asked_a:
                    continue
                if _queries(client, path, params) <= kept[name]:
                    served[name] += 1
        print(
            f"  {label:26s} while A is written: B served from the cache"
            f" {100 * served['B'] / REPEAT:5.1f} % ({served['B']}/{REPEAT}),"
            f" A {100 * served['A'] / asked_a:5.1f} % ({served['A']}/{asked_a}: made anew after"
            f" each of its changes) | load {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("  skipped: set DATABASE_URL to a PostgreSQL database of your own (e.g. vp_bench)")
        return
    setup_django()
    from django.conf import settings
    from django.test import Client

    from contributions.models import Contribution
    from dialog.models import Meeting

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST_B]
    process_a, process_b = _prepare()
    for name, process in (("A", process_a), ("B", process_b)):
        municipality = process.municipality
        contributions = Contribution.objects.filter(process__municipality=municipality).count()
        meetings = Meeting.objects.filter(process__municipality=municipality).count()
        print(
            f"  {name}: {municipality.name} at {_host(process)}: {contributions} contributions,"
            f" {municipality.processes.count()} processes, {meetings} meetings"
        )
    print(f"  {REPEAT} requests each (anonymous, in-process); load average before measuring:")
    print(f"  {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not ONLY or any(word in "first search" for word in ONLY):
        for process in (process_a, process_b):
            _first_searches(process)
    for label, path, params in _pages():
        for name, process in (("A", process_a), ("B", process_b)):
            client = Client(HTTP_HOST=_host(process))
            for mode, before in (("repeated", None), ("after a change", _changer(process))):
                repeat = FEED_REPEAT if before and "feed" in label else REPEAT
                m = measure(client, path, params, repeat, before=before)
                print(
                    f"  {name} {label:26s} {mode:14s} wall p50 {m['p50']:6.1f} ms"
                    f" p95 {m['p95']:6.1f} ms | CPU p95 {m['cpu_p95']:5.1f} ms"
                    f" | SQL {m['sql']:5.1f} ms | queries {m['queries']:2d}"
                    f" | load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    _isolation(process_a, process_b)


if __name__ == "__main__":
    main()
