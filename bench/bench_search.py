"""Site search at scale: 100,000 contributions on PostgreSQL, searched for a common word.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench python -m bench bench_search

Uses the data of ``bench_contributions`` (generated once with bulk_create; re-runs reuse it: about
30 % of the contributions published, a third of the texts speak of a school), publishes its
process, and adds what the other kinds need (minutes, an adopted text, goals, focus areas). Then
measures the server time (p50/p95 through Django's test Client, anonymous) and SQL queries of
``/sok/`` for a common word, a compound, two words and a rare word, and of the second page of one
kind, with the number of hits per kind.
"""

import os
import re

from bench.bench_contributions import REPEAT, measure, setup_django

CASES = [
    ("common word 'skola'", {"q": "skola"}),
    ("compound part 'skolor'", {"q": "skolor"}),
    ("two words 'cykelvägen Hok'", {"q": "cykelvägen Hok"}),
    ("rare word 'Bondstorp'", {"q": "Bondstorp"}),
    ("one kind, page 2 'skola'", {"q": "skola", "typ": "contributions", "sida": "2"}),
    ("one kind, page 200 'skola'", {"q": "skola", "typ": "contributions", "sida": "200"}),
]


def prepare(process):
    """Publish the benchmark process and give the other kinds something to find."""
    from django.utils import timezone

    from dialog.models import Meeting
    from goals.models import CouncilGoal, FocusArea
    from visionsprocess import changes
    from visionsprocess.models import VisionProcess

    VisionProcess.objects.filter(pk=process.pk, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    Meeting.objects.filter(process=process, minutes="").update(
        minutes="Många talade om skolan i Skillingaryd, bussen till Jönköping och badplatsen.",
        main_points="Skolan\nKollektivtrafiken\nNaturen",
    )
    for n, title in enumerate(["En skola för alla", "Trygg och levande landsbygd"]):
        CouncilGoal.objects.get_or_create(
            process=process,
            title=title,
            defaults={"term_start": 2019, "term_end": 2022, "order": n, "summary": title},
        )
    FocusArea.objects.get_or_create(
        process=process,
        title="Samverkan skola–lokalsamhälle",
        defaults={"description": "Skolan och näringslivet.", "responsible_name": "Sandra Persson"},
    )
    changes.reset_all()


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("  skipped: set DATABASE_URL to a PostgreSQL database of your own (e.g. vp_bench)")
        return
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from bench.bench_contributions import generate
    from contributions.models import Contribution

    process, _user, _districts, _themes = generate()
    prepare(process)
    published = Contribution.objects.filter(process=process).published().count()
    total = Contribution.objects.filter(process=process).count()
    print(f"  {total} contributions, {published} published; {REPEAT} requests each (anonymous)")
    print(f"  load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    page = reverse("search")
    print("  'repeated': the same search again, served from the cache until a change is recorded;")
    print("  'after a change': every request follows a recorded change, so it is searched again.")

    def change():
        from django.db import transaction

        from visionsprocess import changes

        with transaction.atomic():
            changes.record(process=process)

    for label, params in CASES:
        for mode, before in (("repeated", None), ("after a change", change)):
            m = measure(Client(), page, params, REPEAT, before=before)
            found = re.findall(
                r'id="hits-([a-z_]+)">[^<]*<span class="badge[^"]*">([^<]+)<',
                m["response"].content.decode(),
            )
            counts = ", ".join(f"{key} {count}" for key, count in found) or "none"
            print(
                f"  {label:27s} {mode:14s} wall p50 {m['p50']:6.1f} ms p95 {m['p95']:6.1f} ms"
                f" | CPU p95 {m['cpu_p95']:5.1f} ms | SQL {m['sql']:5.1f} ms"
                f" | queries {m['queries']:2d} | hits: {counts}"
            )
    explain(process)


def explain(process):
    """The SQL floor of the costliest statement: the matching ids of the contributions (at most
    1,001), from EXPLAIN ANALYZE."""
    from django.db import connection

    from contributions.site_search import find
    from visionsprocess import textsearch

    for word in ("skola", "cykelvägen Hok", "Bondstorp"):
        found = find([process], textsearch.query_stems(word))
        sql, params = found.order_by().values_list("pk", flat=True)[:1001].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else plan
        print(
            f"  SQL floor, ids of contributions '{word}': {plan['Execution Time']:.1f} ms"
            f" ({plan['Plan']['Plans'][0]['Node Type'] if plan['Plan'].get('Plans') else plan['Plan']['Node Type']})"
        )


if __name__ == "__main__":
    main()
