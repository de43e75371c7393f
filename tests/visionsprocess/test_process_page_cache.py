"""The public process page in a handful of queries, and never a stale or wrong section.

An anonymous visitor's sections come from the cache (visionsprocess/page_cache.py) until a change
of their process or municipality is recorded (visionsprocess/changes.py); what a person sees right
after an official's change is the change.
"""

import datetime as dt
import re
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, ContributionKind
from contributions.services.handling import contribution_moderate
from dialog.models import Meeting
from dialog.services import meeting_create, meeting_update
from tests.conftest import DEAD_REDIS_URL
from tests.contributions.factories import ContributionFactory, PublishedContributionFactory
from tests.dialog.factories import MeetingFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess import changes, page_cache
from visionsprocess.models import Municipality, Role, VisionProcess

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


def _page(client, process, language="sv"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # Each process at its municipality's host (the demo's Utmaningen is Vansbro's), looked up
    # once per process object (outside the counted queries of a second visit).
    if not hasattr(process, "_test_host"):
        primary = process.municipality.host_names.filter(is_primary=True).first()
        process._test_host = primary.host if primary else "testserver"
    response = client.get(process.get_absolute_url(), HTTP_HOST=process._test_host)
    assert response.status_code == 200
    return response.content.decode()


def _main(html):
    """The page's content (the layout around it holds a per-request CSRF token; a chart's
    element ids are numbered by the process that drew it)."""
    return re.sub(r"chart-\d+", "chart", html.split("<main", 1)[1].split("</main>", 1)[0])


def test_empty_process_page_takes_few_queries(client, django_assert_max_num_queries):
    process = ProcessFactory()
    first = _page(client, process)
    with django_assert_max_num_queries(MAX_QUERIES):
        again = _page(client, process)
    assert _main(again) == _main(first)


def test_empty_process_page_after_a_write_is_rendered_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    """After a change every section is rendered anew (the count per kind stays cached until
    the contributions change): the process, its stages, municipality and one query a section
    (13 since the sections of e-förslag and of the published remissammanställning)."""
    process = ProcessFactory()
    _page(client, process)
    changes.record(process=process)
    # 13: e-förslag's section and the remissammanställning's section (one query each) came in
    with django_assert_max_num_queries(13):
        _page(client, process)


def test_full_process_pages_take_few_queries_and_look_the_same(
    client, django_assert_max_num_queries
):
    """The demo: meetings, contributions of every kind, drafts on consultation and adopted, the
    vision and council goals, focus areas, surveys with published results, documents."""
    call_command("load_demo", verbosity=0)
    processes = VisionProcess.objects.filter(visibility="public")
    assert processes.count() >= 4
    for process in processes:
        first = _page(client, process)
        with django_assert_max_num_queries(MAX_QUERIES):
            again = _page(client, process)
        assert _main(again) == _main(first), process.slug
        changes.record(process=process)  # rendered anew, the same page
        assert _main(_page(client, process)) == _main(first), process.slug


def test_published_contribution_counts_at_once(client, django_capture_on_commit_callbacks):
    process = ProcessFactory()
    first = PublishedContributionFactory(process=process)
    waiting = ContributionFactory(process=process, kind=ContributionKind.LETTER)
    assert '<span class="stat">1</span>' in _page(client, process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    with django_capture_on_commit_callbacks(execute=True):
        contribution_moderate(contribution=waiting, action="published", by=official)
    html = _page(client, process)
    assert '<span class="stat">2</span>' in html
    with django_capture_on_commit_callbacks(execute=True):
        contribution_moderate(
            contribution=waiting, action="hidden", by=official, reason="Personuppgifter"
        )
    assert '<span class="stat">1</span>' in _page(client, process)
    with django_capture_on_commit_callbacks(execute=True):
        Contribution.objects.filter(pk=first.pk).delete()
        changes.record(process=process, contributions=[first.pk])  # as a service would
    assert '<span class="stat">0</span>' in _page(client, process)


def test_new_meeting_shows_at_once(client):
    process = ProcessFactory()
    assert "Framtidskväll i Skillingaryd" not in _page(client, process)
    start = timezone.now() + dt.timedelta(days=10)
    meeting = meeting_create(
        process=process,
        data={
            "kind": "broad",
            "format": "physical",
            "title": "Framtidskväll i Skillingaryd",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": "Folkets hus",
        },
    )
    assert "Framtidskväll i Skillingaryd" in _page(client, process)
    meeting_update(meeting=meeting, data={"title": "Framtidskväll i Vaggeryd"})
    html = _page(client, process)
    assert "Framtidskväll i Vaggeryd" in html and "Skillingaryd" not in html


def test_meeting_leaves_the_upcoming_list_when_it_ends(client):
    process = ProcessFactory()
    soon = timezone.now() + dt.timedelta(seconds=90)
    MeetingFactory(process=process, starts_at=soon - dt.timedelta(hours=1), ends_at=soon)
    _page(client, process)
    section = next(s for s in _sections() if s.key == "dialog.upcoming_meetings")
    context = section.get_context(None, process)
    assert section.expires(context) == Meeting.objects.get().ends_at
    assert 0 < page_cache.timeout_until(section.expires(context)) <= 90
    assert page_cache.timeout_until(timezone.now() - dt.timedelta(seconds=1)) is None


def _sections():
    from visionsprocess.registry import process_sections

    return list(process_sections)


def test_municipality_name_change_shows_at_once(client):
    process = ProcessFactory()
    assert process.municipality.name in _page(client, process)
    Municipality.objects.filter(pk=process.municipality_id).update(name="Gislaveds kommun")
    changes.record(municipality=process.municipality_id)  # as the admin does (test_admin.py)
    assert "Gislaveds kommun" in _page(client, process)


def test_each_language_gets_its_own_sections(client):
    process = ProcessFactory()
    swedish = _page(client, process, "sv")
    english = _page(client, process, "en")
    assert "Just nu finns inga planerade möten." in swedish
    assert "No meetings are planned right now." in english
    assert "No meetings are planned right now." not in _page(client, process, "sv")
    assert "Just nu finns inga planerade möten." not in _page(client, process, "en")


def test_signed_in_person_never_gets_the_anonymous_sections(client):
    process = ProcessFactory(allow_anonymous_contributions=False)
    needs_login = "You need to log in to send in a contribution"
    assert needs_login in _page(client, process, "en")
    client.force_login(UserFactory())
    assert needs_login not in _page(client, process, "en")


def test_page_renders_with_the_cache_down(client, settings):
    process = ProcessFactory()
    MeetingFactory(process=process, title="Framtidskväll i Hok")
    expected = _page(client, process)
    settings.CACHES = {
        "default": {
            "BACKEND": "visionsprocess.cache.FailOpenRedisCache",
            "LOCATION": DEAD_REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    html = _page(client, process)
    assert "Framtidskväll i Hok" in html
    assert _main(html) == _main(expected)


@pytest.mark.django_db(transaction=True)
def test_a_commit_replaces_the_version_even_after_a_rolled_back_savepoint():
    process = ProcessFactory()
    other = ProcessFactory()
    before = changes.version(process=process)
    untouched = changes.version(process=other)
    with transaction.atomic():
        try:
            with transaction.atomic():
                VisionProcess.objects.filter(pk=process.pk).update(title="Vision 2045")
                changes.record(process=process)
                raise RuntimeError
        except RuntimeError:
            pass
        assert changes.version(process=process) == before, "nothing is committed yet"
        VisionProcess.objects.filter(pk=process.pk).update(title="Vision 2050")
        changes.record(process=process)
    assert changes.version(process=process) != before
    assert changes.version(process=other) == untouched, "another process keeps its version"
    again = changes.version(process=process)
    with pytest.raises(RuntimeError), transaction.atomic():
        VisionProcess.objects.filter(pk=process.pk).update(title="Vision 2055")
        changes.record(process=process)
        raise RuntimeError
    assert changes.version(process=process) == again, "a rolled-back change changes nothing"


def test_reads_do_not_replace_the_version(client):
    """Visiting public pages writes nothing that counts: the cache stays warm."""
    process = ProcessFactory()
    PublishedContributionFactory(process=process)
    MeetingFactory(process=process)
    urls = [
        "/",
        process.get_absolute_url(),
        reverse("contributions:wall", args=[process.slug]),
        reverse("process_outcome", args=[process.slug]),
    ]
    for url in urls:
        client.get(url)
    # (A test's transaction never commits: its changes show in the count of pending ones.)
    version = changes.version(process=process), changes.pending(process=process)
    for url in urls:
        assert client.get(url).status_code == 200
    assert (changes.version(process=process), changes.pending(process=process)) == version


def test_an_official_reading_a_contribution_keeps_the_public_page_cached(client):
    """Opening an unread contribution sets its read_at, which no public page shows; moderating
    it is a change the page must show at once."""
    process = ProcessFactory()
    contribution = ContributionFactory(process=process, consent_to_publish=True)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    client.force_login(official)
    detail = reverse("contributions:staff_contribution", args=[process.slug, contribution.pk])
    version = changes.version(process=process), changes.pending(process=process)
    assert client.get(detail).status_code == 200
    contribution.refresh_from_db()
    assert contribution.read_at is not None
    assert (changes.version(process=process), changes.pending(process=process)) == version
    contribution_moderate(contribution=contribution, action="published", by=official)
    assert changes.pending(process=process) > version[1]


def test_cache_back_after_an_outage_replaces_the_version(settings):
    """A replacement of the version written while Redis was down was lost: the process that
    failed to write it replaces the version once Redis answers again."""
    from django.core.cache import caches

    from tests.conftest import REDIS_URL, REQUIRE_ALL

    if not REDIS_URL:
        if REQUIRE_ALL:
            pytest.fail("REDIS_URL is not set, and REQUIRE_ALL_TESTS is set.")
        pytest.skip("needs Redis; set REDIS_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "visionsprocess.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"vp-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    backend = caches["default"]
    process = ProcessFactory()
    before = changes.version(process=process, municipality=process.municipality_id)
    backend._failed("set", ConnectionError("down"))  # noqa: SLF001  (as a lost write does)
    backend._down_until = 0.0  # noqa: SLF001  (the retry interval has passed)
    backend.get("anything")
    assert changes.version(process=process, municipality=process.municipality_id) != before
