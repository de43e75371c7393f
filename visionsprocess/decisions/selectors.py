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


def distribution_lists(*, process: VisionProcess) -> list[dict]:
    """Each matter's distribution list (for the clerk: with the functional addresses)."""
    from ..models import DistributionEntry
    from ..registry import decision_matters

    lists: dict[tuple[str, str], dict] = {}
    rows = (
        DistributionEntry.objects.filter(process=process)
        .select_related("body")
        .order_by("matter", "target", "order", "pk")
    )
    for entry in rows:
        key = (entry.matter, entry.target)
        if key not in lists:
            lists[key] = {
                "matter": entry.matter,
                "target": entry.target,
                "label": decision_matters.label(entry.matter),
                "entries": [],
            }
        lists[key]["entries"].append(entry)
    return list(lists.values())


def proposals_of_process(*, process: VisionProcess):
    from ..models import DecisionProposal

    return DecisionProposal.objects.filter(process=process).select_related("addressee")
