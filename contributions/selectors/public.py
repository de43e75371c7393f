"""Reads for the citizens' screens: the wall, the tracking page and the process page section."""

from django.db.models import Count, Prefetch, Q, QuerySet

from visionsprocess.models import VisionProcess

from ..models import (
    Attachment,
    Contribution,
    ContributionKind,
    ContributionTheme,
    Feedback,
    ModerationState,
)


def wall_contributions(*, process: VisionProcess) -> QuerySet[Contribution]:
    """The published contributions of a process, newest first, with what the wall shows."""
    return (
        Contribution.objects.for_process(process)
        .published()
        .select_related("district", "kit")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(
                    Q(shows_children=False) | Q(guardian_consent=True)
                ),
            ),
            Prefetch("taggings", queryset=ContributionTheme.objects.select_related("theme")),
            Prefetch("feedback", queryset=Feedback.objects.order_by("created", "pk")),
        )
        .order_by("-created", "-pk")
    )


def tracking_contribution(*, token: str) -> Contribution | None:
    """The contribution behind a private tracking link, or ``None``."""
    return (
        Contribution.objects.select_related(
            "process", "process__municipality", "process__current_stage", "kit", "stage"
        )
        .prefetch_related(
            Prefetch(
                "taggings",
                queryset=ContributionTheme.objects.select_related("theme", "theme__parent"),
            ),
            "attachments",
        )
        .filter(tracking_token=token)
        .first()
    )


def published_counts(*, process: VisionProcess) -> dict:
    """Published contributions of a process, in total and per kind.

    Counted once per version of the process's contributions (``counting``): at 100,000 the
    count costs more than the rest of the process page, and the page's own cache is renewed by
    any write, also one that changes no contribution."""
    from django.core.cache import cache
    from django.db import connection

    from .. import counting

    key = (
        f"contributions:published:{connection.settings_dict['NAME']}:{process.pk}:"
        f"{process.created.timestamp()}:{counting.current_version(process.pk)}"
    )
    by_kind = cache.get(key)
    if by_kind is None:
        rows = (
            Contribution.objects.for_process(process)
            .published()
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_kind = {row["kind"]: row["n"] for row in rows}
        cache.set(key, by_kind, counting.COUNT_TIMEOUT)
    return {
        "total": sum(by_kind.values()),
        "by_kind": [
            (ContributionKind(kind).label, by_kind[kind])
            for kind in ContributionKind.values
            if by_kind.get(kind)
        ],
    }


def contributions_hidden_by_reports(*, process: VisionProcess) -> QuerySet[Contribution]:
    """Contributions readers have hidden (enough open reports) and that an official should review."""
    return (
        Contribution.objects.for_process(process)
        .filter(moderation_state=ModerationState.HIDDEN)
        .annotate(
            open_reports=Count(
                "reports",
                filter=Q(reports__reviewed_at__isnull=True, reports__comment__isnull=True),
            )
        )
        .filter(open_reports__gte=1)
    )
