"""Reads of the discussion of a draft on consultation: the counts per paragraph for the
consultation page (two grouped queries, whatever the number of paragraphs or comments) and one
paragraph's page (its comments with their replies in one query)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from visionsprocess.models import Paragraph, ParagraphKind

from ..models import Comment, CommentState, Support
from .discussion import COMMENT_FIELDS


def counts(*, version) -> dict[int, dict[str, int]]:
    """``{paragraph id: {"comments": n, "supports": n}}`` of a version's paragraphs."""
    found: dict[int, dict[str, int]] = {}
    comments = (
        Comment.objects.filter(paragraph__version=version, state=CommentState.PUBLISHED)
        .values("paragraph_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in comments:
        found.setdefault(row["paragraph_id"], {"comments": 0, "supports": 0})["comments"] = row["n"]
    supports = (
        Support.objects.filter(paragraph__version=version)
        .values("paragraph_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in supports:
        found.setdefault(row["paragraph_id"], {"comments": 0, "supports": 0})["supports"] = row["n"]
    return found


def paragraph_page(*, slug: str, consultation_pk: int, pk: int) -> Paragraph:
    """A body paragraph of the version a consultation sent out (else 404), with what its page
    and its permissions need (the process, its municipality, the version, the consultation)."""
    return get_object_or_404(
        Paragraph.objects.select_related(
            "version__round__process__municipality",
            "version__round__process__current_stage",
            "version__consultation",
        ),
        pk=pk,
        kind=ParagraphKind.BODY,
        version__consultation__pk=consultation_pk,
        version__round__process__slug=slug,
    )


def paragraph_comments(*, paragraph: Paragraph) -> list[Comment]:
    """The published top-level comments in order, each with ``reply_list`` (one query)."""
    rows = list(
        Comment.objects.filter(paragraph=paragraph, state=CommentState.PUBLISHED)
        .only(*COMMENT_FIELDS, "paragraph_id")
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


def paragraph_counts(*, paragraph: Paragraph) -> dict[str, int]:
    return {
        "comments": Comment.objects.filter(
            paragraph=paragraph, state=CommentState.PUBLISHED
        ).count(),
        "supports": Support.objects.filter(paragraph=paragraph).count(),
    }
