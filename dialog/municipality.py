"""The dialog app's parts of the municipality page: the meetings one can register for (open
now), the upcoming meetings of every process with the calendar, and the public association
register."""

from django.utils.translation import gettext as _

from visionsprocess.open_now import OpenItem, open_now
from visionsprocess.registry import Section, municipality_sections

from . import selectors


def open_meetings(*, municipality, processes, now) -> list[OpenItem]:
    """Public meetings of the public processes that one can still register for (one query)."""
    by_pk = {process.pk: process for process in processes}
    if not by_pk:
        return []
    items = []
    for meeting in selectors.meetings_open_for_registration(processes=list(by_pk), now=now):
        meeting.process = by_pk[meeting.process_id]
        items.append(
            OpenItem(
                kind=_("Meeting"),
                title=meeting.title,
                url=meeting.get_absolute_url(),
                process=meeting.process,
                closes=meeting.registration_deadline or meeting.starts_at,
                text=_("Register for the meeting."),
            )
        )
    return items


def _section_context(request, municipality):
    return {
        "meetings": selectors.municipality_upcoming(municipality=municipality),
        "association_count": selectors.associations_public(municipality=municipality).count(),
    }


def register():
    open_now.register("dialog.meetings", open_meetings, order=40)
    municipality_sections.register(
        Section(
            key="dialog.calendar",
            template="dialog/includes/municipality_section.html",
            order=30,
            get_context=_section_context,
        )
    )
