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
#: Comments on and support for the paragraphs of a draft on consultation, to the consultation's
#: followers (who answered it with a confirmed address) once per digest period.
PARAGRAPHS = "contributions.paragraph_discussion"


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


def _paragraph_counts(context: dict) -> dict:
    from .models import Comment, CommentState, Support

    start, end = parse_datetime(context["start"]), parse_datetime(context["end"])
    version_id = context["version"]
    return {
        "comments": Comment.objects.filter(
            paragraph__version_id=version_id,
            state=CommentState.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).count(),
        "supports": Support.objects.filter(
            paragraph__version_id=version_id, created__gte=start, created__lt=end
        ).count(),
    }


def _label(comment) -> str:
    from .discussion_targets import paragraph_label
    from .notices import contribution_label

    if comment.contribution_id:
        return contribution_label(comment.contribution)
    return paragraph_label(comment.paragraph)


def _describe_comment(comment) -> str:
    return _("your comment on “%(label)s”") % {"label": _label(comment)}


def register():
    followables.register(
        Followable(
            model="contributions.Comment",
            describe=_describe_comment,
            process=lambda comment: comment.process,
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
    notice_kinds.register(
        NoticeKind(
            key=PARAGRAPHS,
            label=_("Comments on and support for a draft on consultation"),
            template="contributions/notices/paragraph_discussion.txt",
            render_context=_paragraph_counts,
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


def _paragraph_notice(paragraph) -> None:
    """One notice per draft and digest period (the digest links the whole draft)."""
    version = paragraph.version
    consultation = version.consultation
    start, end = _period()
    notice_emit(
        kind=PARAGRAPHS,
        process=version.round.process,
        key=f"{PARAGRAPHS}:{version.pk}:{start:%Y%m%d%H}",
        context={
            "version": version.pk,
            "about": version.round.process.title,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "url": absolute_url(
                reverse(
                    "drafting:consultation",
                    args=[version.round.process.slug, consultation.pk],
                )
            ),
        },
        targets=[consultation],
    )


def comment_published(*, comment) -> None:
    """A comment became visible: its contribution's (or consultation's) followers, and for a
    reply the followers of the comment replied to, hear of it in the next digest."""
    if comment.contribution_id:
        contribution = comment.contribution
        _discussion_notice(contribution)
        process = contribution.process
        url = contribution_page_url(contribution)
    else:
        from .discussion_targets import paragraph_page_url

        _paragraph_notice(comment.paragraph)
        process = comment.paragraph.version.round.process
        url = absolute_url(paragraph_page_url(comment.paragraph))
    if comment.parent_id:
        start, end = _period()
        notice_emit(
            kind=REPLIES,
            process=process,
            key=f"{REPLIES}:{comment.parent_id}:{start:%Y%m%d%H}",
            context={
                "comment": comment.parent_id,
                "about": _label(comment),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "url": url + f"#kommentar-{comment.parent_id}",
            },
            targets=[comment.parent],
        )


def support_added(*, contribution) -> None:
    _discussion_notice(contribution)


def paragraph_support_added(*, paragraph) -> None:
    _paragraph_notice(paragraph)
