"""iCalendar (RFC 5545) for meetings: one event, or a subscribable feed of a process or of the
whole municipality.

Times are written with ``TZID=Europe/Stockholm`` and the calendar carries the matching
``VTIMEZONE``. The link to a digital room is only written for a registered person's own file.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from visionsprocess.services import absolute_url
from visionsprocess.tenancy import site_url

from .models import MeetingStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Visionsprocess//Dialogmöten//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    return calendar


def _event(meeting, *, with_link: bool, site: str | None = None) -> Event:
    """``site``: the address of the meeting's municipality's site, when the caller knows it (a
    feed of thousands of meetings looks it up once, not once per meeting)."""
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "visionsprocess"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("last-modified", meeting.modified.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    event.add("summary", meeting.title)
    description = meeting.description
    if site is None:
        url = absolute_url(meeting.get_absolute_url(), municipality=meeting.process.municipality_id)
    else:
        url = f"{site}{meeting.get_absolute_url()}"
    if with_link and meeting.online_link:
        description = f"{description}\n\n{meeting.online_link}".strip()
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("url", url)
    location = ", ".join(part for part in (meeting.place, meeting.address) if part)
    if with_link and meeting.online_link and not location:
        location = meeting.online_link
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("sequence", int(meeting.modified.timestamp()) % 2_000_000_000)
    return event


def meeting_calendar(meeting, *, with_link: bool = False) -> bytes:
    calendar = _calendar(meeting.title)
    calendar.add_component(_event(meeting, with_link=with_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def process_feed(process, meetings) -> bytes:
    """The public meetings of a process; never the link to a digital room."""
    return feed(str(process.title), meetings)


def municipality_feed(municipality, meetings) -> bytes:
    """Every public meeting of the municipality's public processes, in one feed."""
    return feed(f"{municipality.name} – dialogmöten", meetings)


def feed(name: str, meetings) -> bytes:
    """A subscribable calendar of ``meetings``; never the link to a digital room."""
    calendar = _calendar(name)
    sites: dict[int, str] = {}
    for meeting in meetings:
        municipality_id = meeting.process.municipality_id
        if municipality_id not in sites:
            sites[municipality_id] = site_url(municipality_id)
        calendar.add_component(_event(meeting, with_link=False, site=sites[municipality_id]))
    calendar.add_missing_timezones()
    return calendar.to_ical()
