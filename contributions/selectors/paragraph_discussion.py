"""Reads of the discussion of a draft on consultation: the counts per paragraph for the
consultation page (two grouped queries, whatever the number of paragraphs or comments) and one
paragraph's page (its thread is read a page at a time by ``discussion.thread_page``)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from visionsprocess.models import Paragraph, ParagraphKind

from ..models import Comment, CommentState, Support


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


def paragraph_counts(*, paragraph: Paragraph) -> dict[str, int]:
    return {
        "comments": Comment.objects.filter(
            paragraph=paragraph, state=CommentState.PUBLISHED
        ).count(),
        "supports": Support.objects.filter(paragraph=paragraph).count(),
    }
