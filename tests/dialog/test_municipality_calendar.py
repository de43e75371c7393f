"""The calendar of every public meeting of the municipality and its one iCalendar feed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dialog.models import MeetingKind, MeetingStatus
from tests.dialog.factories import MeetingFactory
from tests.factories import MunicipalityFactory, ProcessFactory, UserFactory
from visionsprocess.models import Visibility

pytestmark = pytest.mark.django_db

CALENDAR = reverse("dialog:calendar")
FEED = reverse("dialog:calendar_feed")


def _at(year, month, day, hour=18):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def _month(client, value) -> str:
    response = client.get(CALENDAR, {"manad": value})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def two_processes():
    vision = ProcessFactory(title="Vision 2040")
    service = ProcessFactory(title="Framtidsbygget")
    MeetingFactory(process=vision, title="Dialogmöte i Hok", starts_at=_at(2027, 3, 4))
    MeetingFactory(process=service, title="Stormöte om service", starts_at=_at(2027, 3, 18))
    MeetingFactory(process=vision, title="Aprilmötet", starts_at=_at(2027, 4, 1))
    return vision, service


def test_a_month_lists_the_meetings_of_every_public_process(client, two_processes):
    html = _month(client, "2027-03")
    assert "Dialogmöte i Hok" in html and "Stormöte om service" in html
    assert "Aprilmötet" not in html
    assert "Vision 2040" in html and "Framtidsbygget" in html


def test_meetings_are_listed_under_their_day(client, two_processes):
    html = _month(client, "2027-03")
    day = html.split('datetime="2027-03-04"')[1].split("</section>")[0]
    assert "Dialogmöte i Hok" in day and "Stormöte om service" not in day


def test_internal_meetings_drafts_and_other_municipalities_are_left_out(client):
    ProcessFactory()
    process = ProcessFactory()
    MeetingFactory(
        process=process,
        title="Ledningsgruppen",
        kind=MeetingKind.INTERNAL,
        starts_at=_at(2027, 3, 2),
    )
    draft = ProcessFactory(published_at=None)
    MeetingFactory(process=draft, title="Utkastets möte", starts_at=_at(2027, 3, 3))
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    MeetingFactory(process=internal, title="Medarbetarmötet", starts_at=_at(2027, 3, 5))
    other = ProcessFactory(municipality=MunicipalityFactory(name="Vansbro kommun", code="2021"))
    MeetingFactory(process=other, title="Vansbros möte", starts_at=_at(2027, 3, 6))
    html = _month(client, "2027-03")
    for title in ("Ledningsgruppen", "Utkastets möte", "Medarbetarmötet", "Vansbros möte"):
        assert title not in html


def test_a_cancelled_meeting_is_shown_as_cancelled(client):
    MeetingFactory(title="Inställt möte", starts_at=_at(2027, 3, 9), status=MeetingStatus.CANCELLED)
    html = _month(client, "2027-03")
    assert "Inställt möte" in html and "Inställt" in html.split("Inställt möte")[1]


def test_month_navigation_links_to_the_previous_and_next_month(client):
    ProcessFactory()
    html = _month(client, "2027-01")
    assert "?manad=2026-12" in html and "?manad=2027-02" in html


@pytest.mark.parametrize(
    "value",
    [
        "x",
        "2027-13",
        "2027-00",
        "1800-01",
        "99999-01",
        "2027-1-1",
        "<script>",
        "2027–03",
        "9" * 500,
    ],
)
def test_a_bad_month_shows_this_month_with_a_note(client, value):
    ProcessFactory()
    html = _month(client, value)
    today = timezone.localdate()
    assert "Månaden kunde inte läsas" in html
    assert f"?manad={today.year:04d}-{today.month:02d}" in html
    assert "<script>" not in html.split("<main")[1]


def test_without_a_month_parameter_there_is_no_note(client):
    ProcessFactory()
    assert "Månaden kunde inte läsas" not in client.get(CALENDAR).content.decode()


def test_the_first_and_last_possible_months_do_not_link_beyond_them(client):
    ProcessFactory()
    assert "?manad=1999-12" not in _month(client, "2000-01")
    assert "?manad=2201-01" not in _month(client, "2200-12")


def _feed(client) -> Calendar:
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_one_feed_holds_the_public_meetings_of_every_public_process(client):
    vision = ProcessFactory(title="Vision 2040")
    service = ProcessFactory(title="Framtidsbygget")
    MeetingFactory(process=vision, title="Dialogmöte i Hok")
    MeetingFactory(process=service, title="Stormöte om service")
    MeetingFactory(process=vision, title="Ledningsgruppen", kind=MeetingKind.INTERNAL)
    MeetingFactory(process=ProcessFactory(published_at=None), title="Utkastets möte")
    events = [str(e["summary"]) for e in _feed(client).walk("VEVENT")]
    assert sorted(events) == ["Dialogmöte i Hok", "Stormöte om service"]


def test_the_feed_never_holds_the_link_to_a_digital_room(client):
    MeetingFactory(format="digital", online_link="https://meet.example.org/hemligt-rum")
    body = client.get(FEED).content.decode()
    assert "hemligt-rum" not in body


def test_the_feed_leaves_out_meetings_older_than_a_year(client):
    process = ProcessFactory()
    old = timezone.now() - dt.timedelta(days=500)
    MeetingFactory(
        process=process, title="Gammalt möte", starts_at=old, ends_at=old + dt.timedelta(hours=2)
    )
    MeetingFactory(process=process, title="Nytt möte")
    events = [str(e["summary"]) for e in _feed(client).walk("VEVENT")]
    assert events == ["Nytt möte"]


def _world(size):
    for n in range(size):
        process = ProcessFactory()
        for day in range(3):
            MeetingFactory(process=process, starts_at=_at(2027, 3, 1 + n % 28, 9 + day))


@pytest.mark.parametrize("size", [2, 10])
def test_calendar_and_feed_query_counts_stay_constant(client, django_assert_num_queries, size):
    _world(size)
    client.get(CALENDAR)  # the municipality in the cache
    with django_assert_num_queries(2):  # the public processes (the version), the month's meetings
        response = client.get(CALENDAR, {"manad": "2027-03"})
    assert response.content.decode().count('class="meeting-card"') == 3 * size
    with django_assert_num_queries(1):  # kept: the public processes only
        kept = client.get(CALENDAR, {"manad": "2027-03"})
    main = lambda html: html.decode().split("<main")[1].split("</main>")[0]  # noqa: E731 (CSRF token)
    assert main(kept.content) == main(response.content)
    with django_assert_num_queries(2):  # the public processes' ids (the version), the meetings
        assert client.get(FEED).status_code == 200
    with django_assert_num_queries(1):  # kept: the ids only
        assert client.get(FEED).status_code == 200


def test_a_recorded_change_of_a_meeting_shows_in_the_kept_feed(client):
    from dialog.models import Meeting
    from visionsprocess import changes

    meeting = MeetingFactory(title="Dialogmöte i Hok")
    client.get(FEED)
    Meeting.objects.filter(pk=meeting.pk).update(title="Dialogmöte i Byarum")
    changes._publish(changes.Change(processes=frozenset({meeting.process_id})))
    events = [str(e["summary"]) for e in _feed(client).walk("VEVENT")]
    assert events == ["Dialogmöte i Byarum"]


# --- kept for anonymous visitors, and the feed's conditional GET ---------------------------------


def test_a_month_is_kept_until_a_change_is_recorded(client):
    from dialog.models import Meeting
    from visionsprocess import changes

    meeting = MeetingFactory(title="Dialogmöte i Hok", starts_at=_at(2027, 3, 4))
    assert "Dialogmöte i Hok" in _month(client, "2027-03")
    Meeting.objects.filter(pk=meeting.pk).update(title="Dialogmöte i Byarum")
    assert "Dialogmöte i Hok" in _month(client, "2027-03")  # nothing recorded: kept
    changes._publish(changes.Change(processes=frozenset({meeting.process_id})))
    html = _month(client, "2027-03")
    assert "Dialogmöte i Byarum" in html and "Dialogmöte i Hok" not in html


def test_a_meeting_changed_through_the_service_shows_at_once(client):
    from dialog.services import meeting_update

    meeting = MeetingFactory(
        title="Dialogmöte i Hok", starts_at=timezone.now() + dt.timedelta(days=3)
    )
    month = timezone.localtime(meeting.starts_at).strftime("%Y-%m")
    assert "Dialogmöte i Hok" in _month(client, month)
    meeting_update(meeting=meeting, data={"title": "Framtidskväll i Hok"})
    assert "Framtidskväll i Hok" in _month(client, month)


def test_a_signed_in_person_gets_the_month_rendered_anew(client, django_assert_num_queries):
    from dialog.models import Meeting

    meeting = MeetingFactory(title="Dialogmöte i Hok", starts_at=_at(2027, 3, 4))
    client.force_login(UserFactory())
    _month(client, "2027-03")
    Meeting.objects.filter(pk=meeting.pk).update(title="Dialogmöte i Byarum")
    assert "Dialogmöte i Byarum" in _month(client, "2027-03")


def test_each_month_and_each_language_is_kept_apart(client):
    MeetingFactory(title="Marsmötet", starts_at=_at(2027, 3, 4))
    MeetingFactory(title="Aprilmötet", starts_at=_at(2027, 4, 4))
    assert "Aprilmötet" not in _month(client, "2027-03")
    assert "Marsmötet" not in _month(client, "2027-04")
    client.cookies["django_language"] = "en"
    assert "Calendar" in _month(client, "2027-03")


def test_the_feed_answers_a_conditional_get_with_304(client):
    MeetingFactory(title="Dialogmöte i Hok")
    first = client.get(FEED)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(FEED, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_feeds_etag_changes_with_a_recorded_change(client):
    from dialog.models import Meeting
    from visionsprocess import changes

    meeting = MeetingFactory(title="Dialogmöte i Hok")
    etag = client.get(FEED)["ETag"]
    Meeting.objects.filter(pk=meeting.pk).update(title="Dialogmöte i Byarum")
    changes._publish(changes.Change(processes=frozenset({meeting.process_id})))
    response = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert b"Dialogm\xc3\xb6te i Byarum" in response.content


@pytest.mark.parametrize("etag", ["*x", '"' + "a" * 5000 + '"', "W/", "\x7f", ","])
def test_a_strange_if_none_match_is_never_an_error(client, etag):
    MeetingFactory()
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_post_to_the_calendar_is_refused(client):
    ProcessFactory()
    assert client.post(CALENDAR).status_code == 405
    assert client.post(FEED).status_code == 405
