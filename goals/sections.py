"""The goals app's sections of the public process page and the staff process page."""

from visionsprocess.registry import (
    Section,
    municipality_sections,
    process_sections,
    staff_sections,
)

from . import selectors


def _public_context(request, process):
    vision, others = selectors.vision_with_processes(process=process)
    goals = list(selectors.council_goals(process=process))
    if vision is None and not goals:
        return None
    return {"vision": vision, "vision_processes": others, "goals": goals}


def _municipality_context(request, municipality):
    visions = selectors.municipality_visions(municipality=municipality)
    return {"visions": visions} if visions else None


def _staff_context(request, process):
    if not request.user.has_perm("goals.view_goals_staff", process):
        return None
    return {"can_edit": request.user.has_perm("goals.change_goals", process)}


def _revision_context(request, process):
    """The reminder to the clerk and the officials: the action plan is revised at least once a
    year, and the last revision is older than that."""
    user = request.user
    if not (
        user.has_perm("goals.change_goals", process)
        or user.has_perm("visionsprocess.record_decision", process)
    ):
        return None
    revision = selectors.revision_status(process=process)
    if revision is None or not revision.overdue:
        return None
    return {"revision": revision}


process_sections.register(
    Section(
        key="goals.vision",
        template="goals/includes/process_section.html",
        order=60,
        get_context=_public_context,
        public_cache=True,
    )
)
staff_sections.register(
    Section(
        key="goals.staff",
        template="goals/includes/staff_section.html",
        order=60,
        get_context=_staff_context,
    )
)
staff_sections.register(
    Section(
        key="goals.revision_due",
        template="goals/includes/revision_due.html",
        order=6,
        get_context=_revision_context,
    )
)
municipality_sections.register(
    Section(
        key="goals.visions",
        template="goals/includes/municipality_visions.html",
        order=10,
        get_context=_municipality_context,
    )
)
