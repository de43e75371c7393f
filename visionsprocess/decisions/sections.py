"""The decision path on the public process page, and the clerk's tasks on the staff page."""

import datetime as dt

from django.utils import timezone

from ..registry import Section, decision_matters, process_sections, staff_sections
from . import planning


def _public_context(request, process):
    timelines = planning.timelines(process=process)
    return {"timelines": timelines} if timelines else None


def _tomorrow(context):
    """The overdue flags change at midnight: the cached section goes stale then."""
    today = timezone.localdate()
    midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


def _staff_context(request, process):
    if not request.user.has_perm("visionsprocess.record_decision", process):
        return None
    overdue = list(planning.overdue_steps(process=process))
    if not overdue:
        return None
    for planned in overdue:
        planned.matter_label = decision_matters.label(planned.matter)
    return {"overdue": overdue}


process_sections.register(
    Section(
        key="decisions.path",
        template="visionsprocess/decisions/includes/public_section.html",
        order=16,
        get_context=_public_context,
        public_cache=True,
        expires=_tomorrow,
    )
)
staff_sections.register(
    Section(
        key="decisions.clerk_tasks",
        template="visionsprocess/decisions/includes/staff_tasks.html",
        order=5,
        get_context=_staff_context,
    )
)
