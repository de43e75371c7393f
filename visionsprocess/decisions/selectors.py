"""Reads of decisions: which decision states an adoption."""

from django.db.models import QuerySet

from ..models import Decision, DecisionProposal, DistributionEntry, DraftVersion, VisionProcess
from ..registry import decision_matters


def decisions_of_process(
    *, process: VisionProcess, drafting_only: bool = False
) -> QuerySet[Decision]:
    """Every decision of ``process``, newest first, with what a list shows (``drafting_only``:
    those recorded on a drafting version, as the adoption page lists them)."""
    decisions = Decision.objects.for_process(process)
    if drafting_only:
        decisions = decisions.filter(version__isnull=False)
    return decisions.select_related("body", "version", "recorded_by").latest_first()


def adopting_decision(
    *,
    process: VisionProcess | None = None,
    matter: str | None = None,
    version: DraftVersion | None = None,
) -> Decision | None:
    """THE decision of a matter: the latest approving decision of ``matter`` in ``process``
    (e.g. KF's on the programme), or of the drafting ``version`` (the decision that adopted its
    text, whatever matter it was recorded under). The one way to find it; a link an app keeps
    on the decided object (``goals.CouncilGoal.decision``, ``Vision.decision``) names a decision
    of one target and is read from that object."""
    if process is None and version is None:
        raise TypeError("adopting_decision() needs a process or a version")
    decisions = Decision.objects.approving()
    if process is not None:
        decisions = decisions.for_process(process)
    if matter is not None:
        decisions = decisions.of_matter(matter)
    if version is not None:
        decisions = decisions.filter(version=version)
    return decisions.select_related("body").latest_first().first()


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
    return DecisionProposal.objects.filter(process=process).select_related("addressee")
