"""Benchmark of notices: run with ``python -m bench bench_notices``. Uses a throwaway test database.

Measures, for a theme followed by N addresses (as the senders of N contributions carrying it):
the time to fan one notice out to its followers (one INSERT … of N deliveries), the time to send
the day's digests (one e-mail written to the outbox per address), and the queries of
"Ni sa – vi gjorde" for a process with 12 themes and N contributions. Prints its figures.
"""

import os
import time

from bench.server import count_queries


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    return runner, runner.setup_databases()


def _world(size: int):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from contributions.models import Contribution, ContributionTheme
    from tests.contributions.factories import ThemeFactory
    from tests.factories import ProcessFactory
    from visionsprocess.models import Follow, StageKind, Subscriber

    process = ProcessFactory()
    stage = process.stage_by_key(StageKind.DIALOGUE)
    themes = [ThemeFactory(process=process) for _ in range(12)]
    contributions = Contribution.objects.bulk_create(
        Contribution(
            process=process,
            kind="idea",
            stage=stage,
            title=f"Idé {n}",
            text="Fler cykelvägar mellan Skillingaryd och Vaggeryd.",
            email=f"avsandare{size}-{n}@example.org",
            consent_to_publish=True,
            moderation_state="published",
            tracking_token=f"bench-{size}-{n}",
        )
        for n in range(size)
    )
    ContributionTheme.objects.bulk_create(
        ContributionTheme(contribution=c, theme=themes[n % len(themes)])
        for n, c in enumerate(contributions)
    )
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=c.email, token=f"bench-token-{c.pk}") for c in contributions
    )
    content_type = ContentType.objects.get_for_model(Contribution)
    now = timezone.now()
    Follow.objects.bulk_create(
        Follow(
            subscriber=s,
            process=process,
            target_type=content_type,
            target_id=c.pk,
            confirm_token=f"bench-confirm-{c.pk}",
            confirmed_at=now,
        )
        for s, c in zip(subscribers, contributions, strict=True)
    )
    return process, themes


def main():
    from django.conf import settings

    runner, old = _setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        import datetime as dt

        from django.db import transaction
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from contributions.models import Feedback
        from contributions.services.handling import feedback_notify_theme
        from visionsprocess.models import NoticeDelivery
        from visionsprocess.notices.digest import digests_send

        for size in (1200, 6000):
            process, themes = _world(size)
            feedback = Feedback.objects.create(process=process, theme=themes[0], text="Tack!")
            started = time.perf_counter()
            with transaction.atomic():
                feedback_notify_theme(feedback_id=feedback.pk)
            fan_out = time.perf_counter() - started
            deliveries = NoticeDelivery.objects.count()
            started = time.perf_counter()
            sent = digests_send(now=timezone.now() + dt.timedelta(days=1))
            digest = time.perf_counter() - started
            with count_queries() as queries:
                Client().get(reverse("process_outcome", kwargs={"slug": process.slug}))
            print(
                f"{size} contributions, 12 themes: feedback on one theme → {deliveries} "
                f"deliveries in {fan_out * 1000:.0f} ms; {sent} digests written in "
                f"{digest:.2f} s ({digest / max(sent, 1) * 1000:.1f} ms each); "
                f"Ni sa – vi gjorde: {len(queries)} queries",
                flush=True,
            )
            NoticeDelivery.objects.all().delete()
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
