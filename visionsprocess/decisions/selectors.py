"""Reads of decisions: which decision states an adoption."""

from django.db.models import QuerySet

from ..models import APPROVING_OUTCOMES, Decision, VisionProcess


def decisions_of_process(*, process: VisionProcess) -> QuerySet[Decision]:
    """Every decision of ``process``, newest first, with what a list shows."""
    return (
        Decision.objects.filter(process=process)
        .select_related("body", "version")
        .order_by("-meeting_date", "-pk")
    )


def adopting_decision(*, process: VisionProcess, matter: str) -> Decision | None:
    """The latest approving decision of ``matter`` in ``process`` (e.g. KF's on the programme)."""
    return (
        Decision.objects.filter(process=process, matter=matter, outcome__in=APPROVING_OUTCOMES)
        .select_related("body")
        .order_by("-meeting_date", "-pk")
        .first()
    )


def decision_facts(decision: Decision | None) -> dict:
    """The registry fields a decision gives a document (empty strings when there is none)."""
    if decision is None:
        return {"deciding_body": "", "adopted_date": "", "paragraph": "", "dnr": ""}
    return {
        "deciding_body": decision.body.name,
        "adopted_date": decision.meeting_date.isoformat(),
        "paragraph": decision.paragraph_label,
        "dnr": decision.dnr,
    }
