"""The action plan document: its context, title, version and metadata."""

import hashlib

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import DocumentKind, SourceMissing, documents

from .. import selectors
from ..decisions import programme_decision
from ..models import ActionPlanVersion
from .base import GOAL_COLOURS
from .programme import (
    programme_context,
    programme_kind_keywords,
    programme_metadata,
    programme_source,
    programme_title,
    programme_version,
)

# --- The action plan ----------------------------------------------------------------------------


def current_action_plan_version(process):
    """The published version in force, else the newest draft."""
    return (
        selectors.current_version(process=process)
        or ActionPlanVersion.objects.filter(plan__process=process).order_by("-revision").first()
    )


def action_plan_source(process):
    """The version in force (else the newest draft, for the officials' own print-out)."""
    version = current_action_plan_version(process)
    if version is None or not version.items.exists():
        raise SourceMissing(
            _("There is no action plan with activities yet (Goals and follow-up → Action plan).")
        )
    return version


def action_plan_context(version):
    process = version.plan.process
    items = list(
        version.items.select_related("goal", "responsible").order_by(
            "goal__order", "goal_id", "order", "pk"
        )
    )
    groups = {}
    for item in items:
        groups.setdefault(item.goal, []).append(item)
    counts = {}
    for item in items:
        counts[item.get_status_display()] = counts.get(item.get_status_display(), 0) + 1
    return {
        "process": process,
        "municipality": process.municipality,
        "version": version,
        "decision": version.decision,
        "groups": [
            {
                "goal": goal,
                "colour": GOAL_COLOURS[index % len(GOAL_COLOURS)],
                "items": group,
            }
            for index, (goal, group) in enumerate(groups.items())
        ],
        "counts": counts,
        "item_count": len(items),
        "document_title": action_plan_title(version),
        "document_subject": f"Handlingsplan för uppföljning av {process.title}",
        "document_keywords": ["handlingsplan", "uppföljning", "fullmäktigemål"],
    }


def action_plan_title(version) -> str:
    process = version.plan.process
    draft = "" if version.published else ", utkast"
    return (
        f"Handlingsplan för uppföljning {version.year} (rev. {version.revision}{draft}) – "
        f"{process.title}"
    )


def action_plan_version_stamp(version) -> str:
    items = version.items.aggregate(n=Count("pk"), latest=Max("modified"))
    raw = (
        f"{version.pk}|{version.modified.isoformat()}|{items['n']}|{items['latest']}|"
        f"{version.decision_id}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def action_plan_last_revised(version):
    """The plan was last revised when this version was published (or, a draft, last edited)."""
    if version.published_at:
        return version.published_at.date()
    latest = version.items.aggregate(m=Max("modified"))["m"]
    return max(filter(None, [version.modified, latest])).date()


def action_plan_metadata(version) -> dict:
    return {
        "document_name": action_plan_title(version),
        "document_type": "Plan",
        "responsible": "Kommunledningskontoret",
        "valid_until": f"{version.year}-12-31",
        "last_revised": action_plan_last_revised(version).isoformat(),
    }


documents.register(
    DocumentKind(
        key="programme",
        label=_("Strategic development programme"),
        template="goals/documents/programme.html",
        build_context=programme_context,
        source_version=programme_version,
        title=programme_title,
        keywords=tuple(programme_kind_keywords()),
        metadata=programme_metadata,
        source_for=programme_source,
        decision=programme_decision,
        public=lambda process: programme_decision(process) is not None,
        order=10,
        description=_(
            "The vision, the council's goals for the term of office, how they link to Agenda "
            "2030 and how they are followed up."
        ),
    )
)

documents.register(
    DocumentKind(
        key="action_plan",
        label=_("Action plan for follow-up"),
        template="goals/documents/action_plan.html",
        build_context=action_plan_context,
        source_version=action_plan_version_stamp,
        title=action_plan_title,
        keywords=("handlingsplan", "uppföljning", "fullmäktigemål"),
        metadata=action_plan_metadata,
        source_for=action_plan_source,
        decision=lambda version: version.decision,
        public=lambda version: version.is_current,
        order=30,
        description=_(
            "What the committees and companies do to reach the goals, and how far they have "
            "come. Revised at least once a year."
        ),
    )
)
