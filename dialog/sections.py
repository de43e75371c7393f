"""The dialog app's sections of the public and the staff process page."""

from visionsprocess.registry import Section, process_sections, staff_sections

from . import selectors


def _public_context(request, process):
    meetings = selectors.meetings_upcoming_public(process=process)
    kits = list(selectors.kits_public(process=process))
    return {"meetings": meetings, "kits": kits}


def _staff_context(request, process):
    if not request.user.has_perm("dialog.view_meetings_staff", process):
        return None
    return {
        "can_manage": request.user.has_perm("dialog.manage_meetings", process),
        "can_manage_kits": request.user.has_perm("dialog.manage_kits", process),
        "can_manage_register": request.user.has_perm(
            "dialog.manage_register", process.municipality
        ),
        "meeting_count": process.meetings.count(),
    }


process_sections.register(
    Section(
        key="dialog.upcoming_meetings",
        template="dialog/includes/process_section.html",
        order=20,
        get_context=_public_context,
    )
)
staff_sections.register(
    Section(
        key="dialog.staff",
        template="dialog/includes/staff_section.html",
        order=20,
        get_context=_staff_context,
    )
)
