"""iCalendar: per meeting and the process feed, parsed back with the icalendar library."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from dialog.models import MeetingFormat, MeetingKind
from tests.dialog.factories import MeetingFactory, RegistrationFactory
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/hemligt-rum"


def parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_meeting_ics_is_valid_with_stockholm_times(client):
    meeting = MeetingFactory(format=MeetingFormat.DIGITAL, online_link=LINK)
    response = client.get(
        reverse("dialog:meeting_ics", kwargs={"slug": meeting.process.slug, "pk": meeting.pk})
    )
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event["UID"] and event["DTSTAMP"]
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert LINK.encode() not in response.content


def test_feed_has_public_meetings_only_and_never_the_link(client):
    process = ProcessFactory()
    public = MeetingFactory(process=process, format=MeetingFormat.HYBRID, online_link=LINK)
    MeetingFactory(process=process, kind=MeetingKind.INTERNAL, title="Internt möte")
    MeetingFactory(title="Annan process")
    response = client.get(reverse("dialog:meeting_feed", kwargs={"slug": process.slug}))
    calendar = parse(response)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == [public.title]
    assert LINK.encode() not in response.content
    assert b"Internt" not in response.content
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 1


def test_registered_person_gets_the_link_in_their_own_ics(client):
    meeting = MeetingFactory(format=MeetingFormat.DIGITAL, online_link=LINK)
    registration = RegistrationFactory(meeting=meeting)
    response = client.get(reverse("dialog:registration_ics", kwargs={"token": registration.token}))
    calendar = parse(response)
    assert LINK in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
