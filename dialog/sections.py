"""The dialog app's sections of the public and the staff process page."""

from visionsprocess.registry import (
    Section,
    consultation_sections,
    consultation_staff_sections,
    process_sections,
    staff_sections,
)

from . import selectors


def _public_context(request, process):
    meetings = selectors.meetings_upcoming_public(process=process)
    kits = list(selectors.kits_public(process=process))
    return {"meetings": meetings, "kits": kits}


def _public_expires(context):
    """The section changes when the first meeting listed ends (it is no longer upcoming)."""
    return min((meeting.ends_at for meeting in context["meetings"]), default=None)


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


def _consultation_public_context(request, consultation):
    names = selectors.consultation_bodies_public(consultation=consultation)
    return {"names": names} if names else None


def _consultation_staff_context(request, consultation):
    bodies = selectors.consultation_bodies_status(consultation=consultation)
    can_invite = request.user.has_perm("dialog.invite_consultation_bodies", consultation)
    if not bodies and not can_invite:
        return None
    return {
        "bodies": bodies,
        "answered_count": sum(1 for body in bodies if body.has_answered),
        "can_invite": can_invite and selectors.consultation_takes_bodies(consultation=consultation),
        "remindable": sum(1 for body in bodies if body.remindable),
    }


process_sections.register(
    Section(
        key="dialog.upcoming_meetings",
        template="dialog/includes/process_section.html",
        order=20,
        get_context=_public_context,
        public_cache=True,
        expires=_public_expires,
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
consultation_sections.register(
    Section(
        key="dialog.consultation_bodies",
        template="dialog/includes/consultation_public_section.html",
        get_context=_consultation_public_context,
    )
)
consultation_staff_sections.register(
    Section(
        key="dialog.consultation_bodies",
        template="dialog/includes/consultation_staff_section.html",
        get_context=_consultation_staff_context,
    )
)
