"""Reads of the discussion: a contribution's page, a page of a thread (comments with their
replies, two queries with 5 comments or 500) and the officials' moderation queue."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, prefetch_related_objects

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
    """A published contribution with its process (one query), or ``None``. What only its
    rendered page shows (files, themes, feedback) is read by ``contribution_page_parts`` when
    the page is rendered, not when it is served from the page cache or written to."""
    return (
        Contribution.objects.published()
        .filter(pk=pk, process__slug=slug)
        .select_related("process__municipality", "process__current_stage", "district", "kit")
        .defer("search_vector")
        .first()
    )


def contribution_page_parts(contribution: Contribution) -> None:
    """Read the files, themes and feedback the contribution's page shows (three queries)."""
    prefetch_related_objects(
        [contribution],
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(Q(shows_children=False) | Q(guardian_consent=True)),
        ),
        Prefetch("taggings", queryset=ContributionTheme.objects.select_related("theme")),
        Prefetch("feedback", queryset=Feedback.objects.order_by("created", "pk")),
    )


#: Top-level comments on one page of a thread (each with all its replies).
THREAD_PAGE_SIZE = 25
#: The deepest page asked for (a larger number is the last page people can reach anyway).
THREAD_MAX_PAGE = 10_000


@dataclass
class ThreadPage:
    """One page of a discussion: ``comments`` (top-level, oldest first, each with
    ``reply_list``), its number, and whether a next page exists."""

    comments: list
    number: int
    has_next: bool
    first_index: int  # the position of the page's first comment among the top-level ones (1-)


def thread_page(*, field: str, target_id: int, number: int) -> ThreadPage:
    """Page ``number`` (1-) of the published top-level comments on a target (``field`` is
    ``"contribution"`` or ``"paragraph"``), oldest first, with their published replies: one
    query whatever the number of comments (the page's top-level ids are a subquery)."""
    number = max(1, min(int(number), THREAD_MAX_PAGE))
    start = (number - 1) * THREAD_PAGE_SIZE
    # One more than a page: whether there is a next page.
    page_ids = (
        Comment.objects.filter(
            **{f"{field}_id": target_id}, state=CommentState.PUBLISHED, parent__isnull=True
        )
        .order_by("created", "pk")
        .values("pk")[start : start + THREAD_PAGE_SIZE + 1]
    )
    rows = list(
        Comment.objects.filter(state=CommentState.PUBLISHED)
        .filter(Q(pk__in=page_ids) | Q(parent_id__in=page_ids))
        .only(*COMMENT_FIELDS, "paragraph_id")
        .order_by("created", "pk")
    )
    tops = [row for row in rows if row.parent_id is None]
    has_next = len(tops) > THREAD_PAGE_SIZE
    top = {row.pk: row for row in tops[:THREAD_PAGE_SIZE]}
    for row in top.values():
        row.reply_list = []
    for row in rows:
        if row.parent_id in top:
            top[row.parent_id].reply_list.append(row)
    return ThreadPage(
        comments=list(top.values()), number=number, has_next=has_next, first_index=start + 1
    )


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
