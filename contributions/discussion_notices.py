"""Notices of the discussion: the author of a contribution (and whoever follows it) hears of new
comments and support, a comment's writer of replies, in the daily digest.

Never one notice per comment: one notice per contribution (or per comment replied to) and
*digest period* (from one digest moment to the next), whatever number of comments or supports
came in. The numbers are counted when the digest is rendered, over that period, so the
digest says "3 new comments and 12 more agree" once.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from visionsprocess.notices import Followable, NoticeKind, followables, notice_emit, notice_kinds
from visionsprocess.notices.digest import digest_cutoff
from visionsprocess.services import absolute_url

from .models import Comment, CommentState, Support
from .notices import contribution_label

DISCUSSION = "contributions.discussion"
REPLIES = "contributions.replies"


def contribution_page_url(contribution) -> str:
    return absolute_url(
        reverse(
            "contributions:detail",
            kwargs={"slug": contribution.process.slug, "pk": contribution.pk},
        )
    )


def _period() -> tuple[dt.datetime, dt.datetime]:
    start = digest_cutoff(timezone.now())
    return start, start + dt.timedelta(days=1)


def _discussion_counts(context: dict) -> dict:
    start, end = parse_datetime(context["start"]), parse_datetime(context["end"])
    contribution_id = context["contribution"]
    return {
        "comments": Comment.objects.filter(
            contribution_id=contribution_id,
            state=CommentState.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).count(),
        "supports": Support.objects.filter(
            contribution_id=contribution_id, created__gte=start, created__lt=end
        ).count(),
    }


def _reply_counts(context: dict) -> dict:
    start, end = parse_datetime(context["start"]), parse_datetime(context["end"])
    return {
        "replies": Comment.objects.filter(
            parent_id=context["comment"],
            state=CommentState.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).count()
    }


def _describe_comment(comment) -> str:
    return _("your comment on “%(label)s”") % {"label": contribution_label(comment.contribution)}


def register():
    followables.register(
        Followable(
            model="contributions.Comment",
            describe=_describe_comment,
            process=lambda comment: comment.contribution.process,
            order=40,
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=DISCUSSION,
            label=_("Comments on and support for a contribution"),
            template="contributions/notices/discussion.txt",
            render_context=_discussion_counts,
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=REPLIES,
            label=_("Replies to a comment"),
            template="contributions/notices/replies.txt",
            render_context=_reply_counts,
        )
    )


def _discussion_notice(contribution) -> None:
    start, end = _period()
    notice_emit(
        kind=DISCUSSION,
        process=contribution.process,
        key=f"{DISCUSSION}:{contribution.pk}:{start:%Y%m%d%H}",
        context={
            "contribution": contribution.pk,
            "about": contribution_label(contribution),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "url": contribution_page_url(contribution),
        },
        targets=[contribution],
    )


def comment_published(*, comment) -> None:
    """A comment became visible: its contribution's followers, and for a reply the followers of
    the comment replied to, hear of it in the next digest."""
    contribution = comment.contribution
    _discussion_notice(contribution)
    if comment.parent_id:
        start, end = _period()
        notice_emit(
            kind=REPLIES,
            process=contribution.process,
            key=f"{REPLIES}:{comment.parent_id}:{start:%Y%m%d%H}",
            context={
                "comment": comment.parent_id,
                "about": contribution_label(contribution),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "url": contribution_page_url(contribution) + f"#kommentar-{comment.parent_id}",
            },
            targets=[comment.parent],
        )


def support_added(*, contribution) -> None:
    _discussion_notice(contribution)
