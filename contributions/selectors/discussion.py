"""Reads of the discussion: a contribution's page (comments with their replies) and the
officials' moderation queue. The page costs the same few queries with 5 comments or 500."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q

from visionsprocess.models import VisionProcess

from ..models import (
    Attachment,
    Comment,
    CommentState,
    Contribution,
    ContributionReport,
    ContributionTheme,
    Feedback,
)

COMMENT_FIELDS = (
    "pk",
    "contribution_id",
    "parent_id",
    "display_name",
    "text",
    "state",
    "is_official_answer",
    "approved_at",
    "published_at",
    "created",
)


def contribution_page(*, slug: str, pk: int) -> Contribution | None:
    """A published contribution with what its page shows (4 queries), or ``None``."""
    return (
        Contribution.objects.published()
        .filter(pk=pk, process__slug=slug)
        .select_related("process__municipality", "process__current_stage", "district", "kit")
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
        .first()
    )


def discussion_comments(*, contribution: Contribution) -> list[Comment]:
    """The published top-level comments in order, each with ``reply_list`` (one query)."""
    rows = list(
        Comment.objects.filter(contribution=contribution, state=CommentState.PUBLISHED)
        .only(*COMMENT_FIELDS)
        .order_by("created", "pk")
    )
    top: dict[int, Comment] = {}
    for row in rows:
        if row.parent_id is None:
            row.reply_list = []
            top[row.pk] = row
    for row in rows:
        if row.parent_id is not None and row.parent_id in top:
            top[row.parent_id].reply_list.append(row)
    return list(top.values())


@dataclass
class Queue:
    comments: list = field(default_factory=list)
    contributions: list = field(default_factory=list)


def moderation_queue(*, process: VisionProcess, show: str = "open") -> Queue:
    """What officials should look at: comments waiting for approval, comments and contributions
    with open reports (with each report's reason), and comments hidden by readers' reports.
    ``show="hidden"`` lists every hidden comment instead (to show one again)."""
    open_reports = Q(reports__reviewed_at__isnull=True)
    comments = (
        Comment.objects.for_process(process)
        .select_related("contribution", "paragraph__version__consultation")
        .annotate(open_reports=Count("reports", filter=open_reports))
    )
    if show == "hidden":
        comments = comments.filter(state=CommentState.HIDDEN)
    else:
        comments = comments.filter(
            Q(state=CommentState.PENDING)
            | Q(open_reports__gt=0)
            | Q(state=CommentState.HIDDEN, hidden_by__isnull=True)
        )
    comments = comments.prefetch_related(
        Prefetch(
            "reports",
            queryset=ContributionReport.objects.filter(reviewed_at__isnull=True).order_by(
                "created"
            ),
            to_attr="open_report_list",
        )
    ).order_by("-created", "-pk")[:200]
    contributions = (
        Contribution.objects.for_process(process)
        .annotate(
            open_reports=Count(
                "reports",
                filter=Q(reports__reviewed_at__isnull=True, reports__comment__isnull=True),
            ),
            last_report=Max("reports__created"),
        )
        .filter(open_reports__gt=0)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=ContributionReport.objects.filter(
                    reviewed_at__isnull=True, comment__isnull=True
                ).order_by("created"),
                to_attr="open_report_list",
            )
        )
        .defer("search_vector")
        .order_by("-last_report")[:200]
    )
    return Queue(comments=list(comments), contributions=list(contributions))


def pending_comment_count(*, process: VisionProcess) -> int:
    return Comment.objects.for_process(process).filter(state=CommentState.PENDING).count()
