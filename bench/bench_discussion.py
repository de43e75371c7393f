"""E-förslag and comments, in-process: ``python -m bench bench_discussion``. Uses a throwaway
test database (the configured backend: SQLite by default, PostgreSQL with ``DATABASE_URL``).

Builds an e-förslag process with ``BENCH_EPROPOSALS`` (default 1,000) collecting proposals and
``BENCH_EPROPOSAL_SUPPORTS`` (default 50,000) supports spread over them, a published
contribution with 500 comments (one reply in five) and 5,000 supports, and a draft on
consultation whose first paragraph has 500 comments. For each page it sends 3 warm-up and then
``BENCH_REQUESTS`` (default 50) anonymous GETs through Django's test client and prints p50 / p95
with the load average and the number of SQL queries of one view; the contribution page both
from the page cache (repeated) and rendered anew (a change recorded before each request), for a
signed-out and a signed-in reader. Then posting a comment and a support, in the service and
through the view as a signed-in person (the web process's whole answer, commit and outbox
included), and the wall sorted by most support and most discussed with
``BENCH_WALL_CONTRIBUTIONS`` (default 100,000) published contributions in one process.
Every line gives wall and CPU time (this process) and the load average.
"""

import datetime as dt
import os
import statistics
import time

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
EPROPOSALS = int(os.environ.get("BENCH_EPROPOSALS", "1000"))
EPROPOSAL_SUPPORTS = int(os.environ.get("BENCH_EPROPOSAL_SUPPORTS", "50000"))
WALL_CONTRIBUTIONS = int(os.environ.get("BENCH_WALL_CONTRIBUTIONS", "100000"))
COMMENTS = 500
SUPPORTS = 5000
WARMUPS = 3


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    return runner, runner.setup_databases()


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _figures(
    label: str, values: list[float], queries: int | None = None, cpu: list[float] | None = None
) -> None:
    load = os.getloadavg()[0]
    extra = f"  {queries:3d} queries" if queries is not None else ""
    if cpu:
        extra += f"  CPU p95 {_percentile(cpu, 0.95):6.1f} ms"
    print(
        f"{label:<52} p50 {statistics.median(values):7.1f} ms  "
        f"p95 {_percentile(values, 0.95):7.1f} ms{extra}  (load {load:.2f})",
        flush=True,
    )


def _count(request) -> int:
    """The SQL statements of one request (``request()``), counted with the benches' helper."""
    from bench.server import count_queries

    with count_queries() as queries:
        request()
    return len(queries.captured_queries)


def _page(client, label: str, url: str, *, before=None) -> None:
    """``before()`` runs (untimed) before each request: e.g. a change, so the page is rendered
    anew instead of served from the page cache."""
    for _ in range(WARMUPS):
        if before:
            before()
        assert client.get(url).status_code == 200, url
    if before:
        before()
    count = _count(lambda: client.get(url))
    times, cpu = [], []
    for _ in range(REQUESTS):
        if before:
            before()
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    _figures(label, times, count, cpu)


def _eproposals():
    from contributions.models import EProposal, EProposalState, EProposalSupport
    from tests.contributions.eproposal_factories import CommitteeFactory, EProposalRulesFactory
    from tests.factories import ProcessFactory

    process = ProcessFactory(slug="bench-e-forslag")
    committee = CommitteeFactory(municipality=process.municipality)
    EProposalRulesFactory(process=process, committee=committee, threshold=100)
    from django.utils import timezone

    now = timezone.now()
    proposals = EProposal.objects.bulk_create(
        EProposal(
            process=process,
            title=f"Förslag {n}: belysning längs cykelvägen",
            what="Sätt upp belysning längs gång- och cykelvägen.",
            why="Vägen är mörk på vintern.",
            display_name="Karin",
            birth_year=1985,
            resident_declared=True,
            state=EProposalState.COLLECTING,
            threshold=100,
            committee=committee,
            published_at=now - dt.timedelta(minutes=n),
            closes_at=now + dt.timedelta(days=90),
            tracking_token=f"bench-ep-{n}",
        )
        for n in range(EPROPOSALS)
    )
    per = EPROPOSAL_SUPPORTS // len(proposals)
    batch = []
    for n, proposal in enumerate(proposals):
        for m in range(per):
            batch.append(EProposalSupport(proposal=proposal, voter_key=f"{n:08d}{m:056d}"))
        if len(batch) >= 5000:
            EProposalSupport.objects.bulk_create(batch)
            batch = []
    EProposalSupport.objects.bulk_create(batch)
    EProposal.objects.filter(process=process).update(support_count=per)
    return process, proposals[0]


def _contribution():
    from contributions.models import Comment, Contribution, Support
    from tests.contributions.factories import PublishedContributionFactory
    from tests.factories import ProcessFactory

    process = ProcessFactory(slug="bench-diskussion")
    contribution = PublishedContributionFactory(process=process, title="Cykelväg längs Lagan")
    now = dt.datetime.now(dt.UTC)
    tops = Comment.objects.bulk_create(
        Comment(
            contribution=contribution,
            display_name=f"Granne {n}",
            text=f"Kommentar {n}: en cykelväg behövs.",
            state="published",
            published_at=now,
        )
        for n in range(COMMENTS * 4 // 5)
    )
    Comment.objects.bulk_create(
        Comment(
            contribution=contribution,
            parent=tops[n],
            display_name="Svar",
            text="Håller med.",
            state="published",
            published_at=now,
        )
        for n in range(COMMENTS // 5)
    )
    Support.objects.bulk_create(
        Support(contribution=contribution, voter_key=f"{n:064d}") for n in range(SUPPORTS)
    )
    Contribution.objects.filter(pk=contribution.pk).update(
        comment_count=COMMENTS, support_count=SUPPORTS
    )
    return contribution


def _consultation():
    from django.utils import timezone

    from contributions.models import Comment
    from tests.factories import ProcessFactory, UserFactory
    from tests.visionsprocess.factories_drafting import draft_world
    from visionsprocess.drafting import services as drafting
    from visionsprocess.models import ParagraphKind

    process = ProcessFactory(slug="bench-remiss", current_stage="drafting")
    _round, version = draft_world(process)
    consultation = drafting.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        actor=UserFactory(is_superuser=True),
    )
    paragraph = version.paragraphs.filter(kind=ParagraphKind.BODY).first()
    Comment.objects.bulk_create(
        Comment(
            paragraph=paragraph,
            display_name=f"Granne {n}",
            text=f"Kommentar {n} om stycket.",
            state="published",
            published_at=timezone.now(),
        )
        for n in range(COMMENTS)
    )
    return consultation, paragraph


def _writes(contribution, paragraph) -> None:
    from contributions.services import discussion as services
    from tests.factories import UserFactory

    for label, write in (
        (
            "post a comment (contribution, service)",
            lambda voice: services.comment_post(
                contribution=contribution, voice=voice, text="Bra idé, håller med."
            ),
        ),
        (
            "post a comment (paragraph, service)",
            lambda voice: services.paragraph_comment_post(
                paragraph=paragraph, voice=voice, text="Bra formulerat."
            ),
        ),
        (
            "support (contribution, service)",
            lambda voice: services.support_add(contribution=contribution, voice=voice),
        ),
        (
            "support (paragraph, service)",
            lambda voice: services.paragraph_support_add(paragraph=paragraph, voice=voice),
        ),
    ):
        voices = [services.Voice(user=UserFactory()) for _ in range(REQUESTS)]
        times, cpu = [], []
        for voice in voices:
            started, cpu_started = time.perf_counter(), time.process_time()
            write(voice)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        _figures(label, times, cpu=cpu)


def _posts(contribution) -> None:
    """Posting through the views, signed in: what the web process does for the answer (the
    form, the service, the commit and what follows it), one new person per post."""
    from django.test import Client
    from django.urls import reverse

    from tests.factories import UserFactory

    args = [contribution.process.slug, contribution.pk]
    for label, name, data in (
        ("post a comment (view, signed in)", "contributions:comment", {"text": "Bra idé!"}),
        ("post 'Håller med' (view, signed in)", "contributions:support", {}),
        ("post 'Håller med' (view, htmx)", "contributions:support", {}),
    ):
        url = reverse(name, args=args)
        extra = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
        client = Client()
        users = [UserFactory() for _ in range(REQUESTS + WARMUPS + 1)]
        for user in users[:WARMUPS]:
            client.force_login(user)
            client.post(url, data, **extra)
        client.force_login(users[WARMUPS])
        count = _count(lambda c=client, u=url, d=data, e=extra: c.post(u, d, **e))
        times, cpu = [], []
        for user in users[WARMUPS + 1 :]:
            client.force_login(user)
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.post(url, data, **extra)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code in (200, 302), response.status_code
        _figures(label, times, count, cpu)


def _wall_process():
    """A process with ``WALL_CONTRIBUTIONS`` published contributions, their counters spread as
    a real wall's are (most have none, a few very many)."""
    import random

    from django.db import connection

    from contributions.models import Contribution, ContributionKind
    from tests.contributions.factories import PublishedContributionFactory
    from tests.factories import ProcessFactory

    process = ProcessFactory(slug="bench-vagg")
    # A stage the process's contributions may be given (the factory makes a valid one).
    stage = PublishedContributionFactory(process=process).stage
    rng = random.Random(2040)
    batch = []
    for n in range(WALL_CONTRIBUTIONS):
        batch.append(
            Contribution(
                process=process,
                stage=stage,
                kind=ContributionKind.IDEA,
                title=f"Idé {n}: fler cykelvägar",
                text="Jag önskar att cykelvägen mellan Hok och Vaggeryd byggs ut.",
                consent_to_publish=True,
                moderation_state="published",
                support_count=int(rng.paretovariate(1.2)) - 1,
                comment_count=int(rng.paretovariate(1.5)) - 1,
            )
        )
        if len(batch) >= 5000:
            Contribution.objects.bulk_create(batch)
            batch = []
    Contribution.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE contributions_contribution")
    return process


def main():
    from django.conf import settings

    runner, old = _setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/h")
    try:
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from contributions.services import discussion as services
        from tests.factories import UserFactory
        from visionsprocess import changes

        print(f"database: {connection.vendor}", flush=True)
        started = time.perf_counter()
        process, proposal = _eproposals()
        contribution = _contribution()
        services.discussion_settings_set(process=contribution.process, comment_moderation="post")
        consultation, paragraph = _consultation()
        print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
        client = Client()
        _page(
            client,
            f"e-förslag list ({EPROPOSALS} proposals)",
            reverse("contributions:eproposals", args=[process.slug]),
        )
        _page(
            client,
            f"e-förslag detail ({EPROPOSAL_SUPPORTS // EPROPOSALS} supports)",
            reverse("contributions:eproposal", args=[process.slug, proposal.pk]),
        )
        detail = reverse("contributions:detail", args=[contribution.process.slug, contribution.pk])
        about = f"({COMMENTS} comments, {SUPPORTS} supports)"
        _page(client, f"contribution page {about}, cached", detail)
        _page(client, "  the same, page 10 of the thread, cached", detail + "?sida=10")
        _page(
            client,
            "  the same, rendered anew (a change before each)",
            detail,
            before=lambda: changes.record(process=contribution.process_id),
        )
        signed = Client()
        signed.force_login(UserFactory(first_name="Karin"))
        _page(signed, "  the same, signed in, cached", detail)
        slug = consultation.process.slug
        _page(
            client,
            "consultation page (counts per paragraph)",
            reverse("drafting:consultation", args=[slug, consultation.pk]),
        )
        _page(
            client,
            f"paragraph page ({COMMENTS} comments)",
            reverse("contributions:paragraph", args=[slug, consultation.pk, paragraph.pk]),
        )
        _writes(contribution, paragraph)
        _posts(contribution)
        started = time.perf_counter()
        wall_process = _wall_process()
        print(
            f"{WALL_CONTRIBUTIONS} contributions for the wall built in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        wall = reverse("contributions:wall", args=[wall_process.slug])
        for label, order in (("most support", "stod"), ("most discussed", "diskuterade")):
            _page(
                client,
                f"wall, {label} ({WALL_CONTRIBUTIONS} contributions)",
                f"{wall}?ordning={order}",
            )
        _page(client, f"wall, newest first ({WALL_CONTRIBUTIONS} contributions)", wall)
    finally:
        runner.teardown_databases(old)
