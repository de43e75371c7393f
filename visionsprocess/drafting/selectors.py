"""Reads of drafting and adoption, shaped for the screens that use them.

Citations (``paragraph.citations``) belong to the contributions app; they are reached through
the reverse relation by name only, so the core imports nothing from it.
"""

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from ..decisions.selectors import adopting_decision
from ..models import (
    AdoptionPath,
    AuditEntry,
    Comment,
    Consultation,
    ConsultationAnswer,
    DraftingRound,
    DraftVersion,
    Paragraph,
    VersionState,
    VisionProcess,
)
from .services import adoption_progress, latest_version  # noqa: F401 - re-exported reads


def _citation_prefetch() -> list:
    if not hasattr(Paragraph, "citations"):
        return []
    return ["citations__theme", "citations__contribution"]


def rounds_with_versions(*, process: VisionProcess) -> QuerySet[DraftingRound]:
    versions = DraftVersion.objects.select_related("author").annotate(
        paragraph_count=Count("paragraphs", distinct=True)
    )
    return (
        DraftingRound.objects.filter(process=process)
        .prefetch_related(Prefetch("versions", queryset=versions), "participants")
        .order_by("-created", "-pk")
    )


def version_by_number(*, process: VisionProcess, number: int) -> DraftVersion:
    return get_object_or_404(
        DraftVersion.objects.select_related("round__process__municipality", "author"),
        round__process=process,
        number=number,
    )


def versions_of_process(*, process: VisionProcess) -> QuerySet[DraftVersion]:
    return DraftVersion.objects.for_process(process).select_related("round").order_by("-number")


def version_workspace(*, version: DraftVersion) -> list[Paragraph]:
    """The paragraphs of a version with their comment threads and consultation answers."""
    replies = Comment.objects.select_related("author", "resolved_by").order_by("created", "pk")
    threads = (
        Comment.objects.filter(parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    return list(
        version.paragraphs.order_by("order", "pk").prefetch_related(
            Prefetch("comments", queryset=threads, to_attr="threads"),
            *_citation_prefetch(),
        )
    )


def paragraphs_for_compare(*, version: DraftVersion) -> list[Paragraph]:
    return list(version.paragraphs.order_by("order", "pk"))


def consultation_answers_by_paragraph(*, consultation: Consultation) -> dict:
    """``{"whole": [...], "paragraphs": [(paragraph, [answers])]}`` in the order of the text."""
    answers = list(consultation.answers.select_related("paragraph").order_by("created", "pk"))
    by_paragraph: dict[int | None, list[ConsultationAnswer]] = {}
    for answer in answers:
        by_paragraph.setdefault(answer.paragraph_id, []).append(answer)
    paragraphs = consultation.version.paragraphs.order_by("order", "pk")
    return {
        "whole": by_paragraph.get(None, []),
        "paragraphs": [(p, by_paragraph.get(p.pk, [])) for p in paragraphs],
        "count": len(answers),
    }


def adoption_path(*, process: VisionProcess) -> AdoptionPath | None:
    return AdoptionPath.objects.filter(process=process).prefetch_related("steps__body").first()


def audit_entries(*, process: VisionProcess) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(process=process).select_related("actor").order_by("-at", "-pk")


def adopted_version(*, process: VisionProcess) -> DraftVersion | None:
    return (
        DraftVersion.objects.for_process(process)
        .filter(state=VersionState.ADOPTED)
        .select_related("round__process__municipality")
        .order_by("-number")
        .first()
    )


def public_paragraphs(*, version: DraftVersion) -> list[Paragraph]:
    return list(version.paragraphs.order_by("order", "pk").prefetch_related(*_citation_prefetch()))


def public_state(*, process: VisionProcess) -> dict | None:
    """What citizens see of the text: the adopted vision, else an open consultation draft.

    Internal versions (draft, superseded) never appear here.
    """
    # The newest adopted version and the newest version, in one query.
    newest = DraftVersion.objects.for_process(process).order_by("-number").values("pk")[:1]
    candidates = list(
        DraftVersion.objects.for_process(process)
        .filter(Q(state=VersionState.ADOPTED) | Q(pk=Subquery(newest)))
        .select_related("round__process__municipality")
        .order_by("-number")
    )
    adopted = next((v for v in candidates if v.state == VersionState.ADOPTED), None)
    if adopted is not None:
        return {
            "mode": "adopted",
            "version": adopted,
            "decision": adopting_decision(version=adopted),
            "paragraphs": public_paragraphs(version=adopted),
        }
    latest = candidates[0] if candidates else None
    if latest is None or not latest.is_public:
        return None
    consultation = Consultation.objects.filter(version=latest).first()
    return {
        "mode": "consultation" if latest.state == VersionState.CONSULTATION else "decided",
        "version": latest,
        "consultation": consultation,
        "progress": adoption_progress(latest),
        "paragraphs": public_paragraphs(version=latest),
    }
