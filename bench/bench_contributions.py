"""Contributions at scale: 100,000 contributions in one process on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench python -m bench bench_contributions

Generates (once; re-runs reuse the data) a process with realistic Swedish text, themes, districts
and meetings, then measures the server time (p50/p95 over repeated requests through Django's test
Client) and SQL queries of the officials' inbox, a filtered inbox and a full-text search, and the
time to the first byte, total time and peak memory growth (tracemalloc) of the streamed CSV and
XLSX exports, of all rows and of a filter.
"""

import os
import random
import re
import statistics
import time
import tracemalloc

from bench.server import count_queries

N = int(os.environ.get("BENCH_CONTRIBUTIONS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
SLUG = "bench-100k"

DISTRICTS = ["Vaggeryd", "Skillingaryd", "Hok", "Klevshult", "Åker", "Byarum", "Bondstorp"]
THEMES = {
    "Skola och förskola": "skola\nförskola\nelev\nlärare",
    "Kollektivtrafik": "buss\ntåg\npendling\nkollektivtrafik",
    "Gång och cykel": "cykel\ncykelväg\ngångväg",
    "Natur och friluftsliv": "natur\nskog\nsjö\nbadplats",
    "Bostäder": "bostad\nlägenhet\nhyresrätt",
    "Äldreomsorg": "äldreboende\nhemtjänst\näldre",
    "Kultur och fritid": "bibliotek\nidrottshall\nförening\nkultur",
    "Näringsliv och jobb": "företag\njobb\narbetsplats",
    "Trygghet": "trygghet\nbelysning\npolis",
    "Landsbygd": "landsbygd\nby\nbredband",
}
OPENINGS = [
    "Jag önskar att", "Det vore bra om", "I framtiden hoppas jag att", "Hej från Vaggeryd 2040!",
    "Vi i föreningen tycker att", "Barnen på förskolan vill att", "Som pendlare tycker jag att",
    "Min idé är att",
]  # fmt: skip
SUBJECTS = [
    "skolan i Skillingaryd", "förskolorna", "bussen till Jönköping", "tågstationen",
    "cykelvägen mellan Hok och Vaggeryd", "badplatsen vid sjön", "biblioteket", "idrottshallen",
    "äldreboendet", "hemtjänsten", "centrum", "skogen runt Åker", "bredbandet på landsbygden",
    "hyresrätterna", "de små företagen", "belysningen vid gångvägen", "föreningslivet",
]  # fmt: skip
VERBS = [
    "får mer resurser", "byggs ut", "går oftare", "blir tryggare", "rustas upp",
    "får längre öppettider", "blir tillgänglig för alla", "finns kvar", "blir grönare",
    "används av fler unga", "får bättre belysning",
]  # fmt: skip
ENDINGS = [
    "Då vill fler bo kvar här.", "Det gör kommunen attraktiv för barnfamiljer.",
    "Vi behöver mötesplatser för alla åldrar.", "Tänk på klimatet och Agenda 2030.",
    "Det är viktigt för oss som bor på landsbygden.", "Lyssna på ungdomarna!",
    "Samarbeta med föreningarna och näringslivet.", "",
]  # fmt: skip


def sentence(rng):
    return f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)}."


def text(rng):
    parts = [sentence(rng) for _ in range(rng.randint(1, 4))] + [rng.choice(ENDINGS)]
    return " ".join(p for p in parts if p)


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    # CaptureQueriesContext needs to time queries; it forces the debug cursor itself.


def generate(*, code: str = "0682", name: str = "Vaggeryds kommun", slug: str = SLUG):
    """The bench process ``slug`` of the municipality ``code`` with ``N`` contributions (made
    once; a second call finds them)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from contributions.models import Contribution, ContributionKind, ContributionTheme, Theme
    from dialog.models import Meeting, MeetingFormat, MeetingKind
    from visionsprocess.models import (
        AgeBand,
        District,
        Municipality,
        ProcessRole,
        Role,
        StageKind,
        VisionProcess,
    )

    call_command("migrate", verbosity=0)
    municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
    districts = [
        District.objects.get_or_create(municipality=municipality, name=name, defaults={"order": i})[
            0
        ]
        for i, name in enumerate(DISTRICTS)
    ]
    process, _ = VisionProcess.objects.get_or_create(
        slug=slug,
        defaults={"municipality": municipality, "title": "Vision 2040 (benchmark)", "horizon_year": 2040},
    )  # fmt: skip
    # A public process (a new one starts as a draft, which only its staff see: the wall and the
    # public pages the benchmarks measure would answer 404).
    VisionProcess.objects.filter(pk=process.pk, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    process.refresh_from_db()
    if not process.stages.exists():
        from visionsprocess.process_templates import TEMPLATES
        from visionsprocess.services import stages_from_template

        process.current_stage = stages_from_template(process, TEMPLATES["vision"])[0]
        process.save(update_fields=["current_stage"])
    stages = [process.stage_by_key(StageKind.DIALOGUE), process.stage_by_key(StageKind.ENGAGEMENT)]
    username = "bench-official" if slug == SLUG else f"bench-official-{slug}"
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    ProcessRole.objects.get_or_create(process=process, user=user, role=Role.OFFICIAL)
    themes = [
        Theme.objects.get_or_create(process=process, name=name, defaults={"keywords": kw})[0]
        for name, kw in THEMES.items()
    ]
    now = timezone.now()
    meetings = [
        Meeting.objects.get_or_create(
            process=process,
            title=f"Dialogmöte {i + 1}",
            defaults={
                "kind": MeetingKind.BROAD,
                "format": MeetingFormat.HYBRID,
                "starts_at": now - timezone.timedelta(days=30 + i),
                "ends_at": now - timezone.timedelta(days=30 + i, hours=-2),
                "stage": stages[0],
            },
        )[0]
        for i in range(5)
    ]
    have = Contribution.objects.filter(process=process).count()
    if have >= N:
        return process, user, districts, themes
    rng = random.Random(2040 + have + (0 if slug == SLUG else 7))
    kinds = [ContributionKind.IDEA] * 5 + [ContributionKind.LETTER] * 3 + [
        ContributionKind.GROUP_REPORT, ContributionKind.STATEMENT
    ]  # fmt: skip
    bands = AgeBand.values + [""]
    states = ["new"] * 5 + ["published"] * 3 + ["internal", "hidden"]
    started = time.perf_counter()
    batch = 5000
    for start in range(have, N, batch):
        rows = []
        for i in range(start, min(start + batch, N)):
            kind = rng.choice(kinds)
            state = rng.choice(states)
            rows.append(
                Contribution(
                    process=process,
                    kind=kind,
                    stage=rng.choice(stages),
                    title=sentence(rng)[:120] if kind == ContributionKind.IDEA else "",
                    text=text(rng),
                    letter_year=2040 if kind == ContributionKind.LETTER else None,
                    meeting=rng.choice(meetings) if kind == ContributionKind.STATEMENT else None,
                    district=rng.choice(districts + [None]),
                    age_band=rng.choice(bands),
                    pseudonym=rng.choice(["", "Anna", "Kalle", "Förskolan Solen", "=SUM(A1)"]),
                    email=rng.choice(["", f"person{i}@example.org"]),
                    consent_to_publish=True,
                    moderation_state=state,
                    read_at=now if state != "new" else None,
                )
            )
        with transaction.atomic():
            created = Contribution.objects.bulk_create(rows, batch_size=1000)
            taggings = []
            for c in created:
                for theme in rng.sample(themes, rng.randint(0, 2)):
                    taggings.append(ContributionTheme(contribution=c, theme=theme, tagged_by=user))
            ContributionTheme.objects.bulk_create(taggings, batch_size=2000, ignore_conflicts=True)
        print(f"  generated {min(start + batch, N)} contributions", flush=True)
    print(f"  generation took {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE contributions_contribution")
        cursor.execute("VACUUM ANALYZE contributions_contributiontheme")
    return process, user, districts, themes


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q * len(values))) - 1))]


def measure(client, url, params, repeat, *, before=None):
    """Server time per request (p50/p95 wall and CPU of this process), then the queries and
    their SQL time from one more request. The timed requests run without query capture: the
    debug cursor that records queries costs time itself. ``before()`` runs before each request
    (untimed), e.g. to make the inbox count again."""
    for _ in range(3):
        client.get(url, params)
    wall, cpu = [], []
    for _ in range(repeat):
        if before:
            before()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, response.status_code
    if before:
        before()
    with count_queries() as ctx:
        response = client.get(url, params)
    return {
        "p50": statistics.median(wall),
        "p95": _pct(wall, 0.95),
        "cpu_p95": _pct(cpu, 0.95),
        "sql": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
        "queries": len(ctx.captured_queries),
        "response": response,
    }


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("  skipped: set DATABASE_URL to a PostgreSQL database of your own (e.g. vp_bench)")
        return
    setup_django()
    from django.test import Client
    from django.urls import reverse

    process, user, districts, themes = generate()
    client = Client()
    client.force_login(user)
    inbox = reverse("contributions:staff_inbox", kwargs={"slug": process.slug})
    cases = [
        ("inbox page (50 rows)", {}),
        (
            "filtered inbox (letter, district, new)",
            {"kind": "letter", "district": str(districts[2].pk), "moderation_state": "new"},
        ),
        ("filtered inbox (theme)", {"theme": str(themes[0].pk)}),
        ("full-text search 'skolor'", {"q": "skolor"}),
        ("full-text search 'cykelvägen Hok'", {"q": "cykelvägen Hok"}),
    ]
    from contributions import counting

    print(f"  {N} contributions; {REPEAT} requests each (server time in-process)")
    print(f"  load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("  'repeated': the same page again, its count cached until a contribution changes;")
    print("  'after a change': every request follows a change, so the count is made again.")
    for label, params in cases:
        for mode, before in (
            ("repeated", None),
            ("after a change", lambda: counting.changed(process.pk)),
        ):
            m = measure(client, inbox, params, REPEAT, before=before)
            found = re.search(rb'id="result-count">([\d\s\xc2\xa0]+)', m["response"].content)
            count = found.group(1).decode().replace("\xa0", "").strip() if found else "?"
            print(
                f"  {label:38s} {mode:14s} wall p50 {m['p50']:6.1f} ms p95 {m['p95']:6.1f} ms"
                f" | CPU p95 {m['cpu_p95']:5.1f} ms | SQL {m['sql']:5.1f} ms"
                f" | queries {m['queries']:2d} | matches {count}"
            )

    measure_discussion(process, user)

    for fmt in ("csv", "xlsx"):
        export = reverse(f"contributions:staff_export_{fmt}", kwargs={"slug": process.slug})
        for label, params in (("all", {}), ("filtered: theme", {"theme": str(themes[0].pk)})):
            m = measure_export(client, export, params)
            print(
                f"  {fmt.upper():4s} export {label:16s} {m['rows']:6d} rows {m['size'] / 1e6:5.1f} MB |"
                f" first byte {m['ttfb'] * 1000:6.1f} ms | total {m['total']:5.2f} s |"
                f" peak memory growth {m['peak'] / 1e6:5.1f} MB (tracemalloc)"
                f" | load {os.getloadavg()[0]:.1f}"
            )


def measure_discussion(process, user):
    """The public wall in its three orders (anonymous), and posting "Håller med" and a comment
    (signed in, in the web process) on published contributions."""
    from django.test import Client
    from django.urls import reverse

    from contributions.models import Contribution

    wall = reverse("contributions:wall", kwargs={"slug": process.slug})
    for label, params in (
        ("wall, newest first", {}),
        ("wall, most support", {"ordning": "stod"}),
        ("wall, most discussed", {"ordning": "diskuterade"}),
    ):
        m = measure(Client(), wall, params, REPEAT)
        print(
            f"  {label:38s} {'anonymous':14s} wall p50 {m['p50']:6.1f} ms p95 {m['p95']:6.1f} ms"
            f" | SQL {m['sql']:5.1f} ms | queries {m['queries']:2d}"
        )
    client = Client()
    client.force_login(user)
    targets = list(
        Contribution.objects.for_process(process)
        .published()
        .order_by("?")
        .values_list("pk", flat=True)[:REPEAT]
    )
    for label, name, data in (
        ("post 'Håller med'", "contributions:support", {}),
        ("post a comment", "contributions:comment", {"text": "Håller med, bra idé!"}),
    ):
        wall_ms = []
        for pk in targets:
            url = reverse(name, kwargs={"slug": process.slug, "pk": pk})
            started = time.perf_counter()
            response = client.post(url, data, REMOTE_ADDR=f"10.{pk % 250}.{pk % 7}.1")
            wall_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), response.status_code
        print(
            f"  {label:38s} {'signed in':14s} wall p50 {statistics.median(wall_ms):6.1f} ms"
            f" p95 {_pct(wall_ms, 0.95):6.1f} ms ({len(wall_ms)} posts)"
        )


def measure_export(client, url, params):
    """Time to the first byte and to the last, and the peak memory growth while streaming."""
    import io

    started = time.perf_counter()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    response = client.get(url, params)
    ttfb = None
    size = 0
    body = io.BytesIO() if url.endswith(".xlsx") else None
    rows = 0
    for chunk in response.streaming_content:
        if ttfb is None:
            ttfb = time.perf_counter() - started
        size += len(chunk)
        if body is not None:
            body.write(chunk)
        else:
            rows += chunk.count(b"\n")
    total = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    if body is not None:
        from openpyxl import load_workbook

        body.seek(0)
        sheet = load_workbook(body, read_only=True).active
        rows = sum(1 for _row in sheet.iter_rows(values_only=True))
    return {"ttfb": ttfb or total, "total": total, "peak": peak, "size": size, "rows": rows - 1}


if __name__ == "__main__":
    main()
