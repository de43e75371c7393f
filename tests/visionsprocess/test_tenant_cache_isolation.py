"""One municipality's writes never empty another's kept pages; its own show at once.

The municipality page, the calendar and the site search are kept for anonymous visitors under the
versions of the municipality and of its public processes (visionsprocess/page_cache.py,
visionsprocess/changes.py). A page served from the cache costs one query: the public processes,
whose versions make the key.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialog.services import meeting_update
from tests.dialog.factories import MeetingFactory
from tests.factories import MunicipalityFactory, ProcessFactory
from visionsprocess.models import HostName

pytestmark = pytest.mark.django_db

VAGGERYD_HOST = "dialog.vaggeryd.test"
VANSBRO_HOST = "dialog.vansbro.test"


@pytest.fixture
def two(db, django_capture_on_commit_callbacks):
    # Made as if committed: what the factories' services record is published before the test.
    with django_capture_on_commit_callbacks(execute=True):
        return _two()


def _two():
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vaggeryd, host=VAGGERYD_HOST, is_primary=True)
    HostName.objects.create(municipality=vansbro, host=VANSBRO_HOST, is_primary=True)
    starts = timezone.now() + dt.timedelta(hours=2)
    meetings = {}
    for key, municipality, place in (("a", vaggeryd, "Hok"), ("b", vansbro, "Dala-Järna")):
        process = ProcessFactory(municipality=municipality, title=f"Visionen {place}")
        meetings[key] = MeetingFactory(
            process=process, title=f"Skolmöte i {place}", starts_at=starts
        )
    return meetings


def _pages():
    month = timezone.localdate(timezone.now() + dt.timedelta(hours=2)).strftime("%Y-%m")
    return [
        ("/", {}),
        (reverse("dialog:calendar"), {"manad": month}),
        (reverse("search"), {"q": "skolmöte"}),
    ]


def _html(client, path, params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def _rename(meeting, title, capture):
    with capture(execute=True):  # committed: the change is published
        meeting_update(meeting=meeting, data={"title": title})


def test_a_change_in_one_municipality_leaves_the_others_pages_cached(
    two, django_assert_num_queries, django_capture_on_commit_callbacks
):
    a, b = Client(HTTP_HOST=VAGGERYD_HOST), Client(HTTP_HOST=VANSBRO_HOST)
    for path, params in _pages():
        assert "Skolmöte i Hok" in _html(a, path, params)
        assert "Skolmöte i Dala-Järna" in _html(b, path, params)
    _rename(two["a"], "Skolmöte i Byarum", django_capture_on_commit_callbacks)
    for path, params in _pages():
        with django_assert_num_queries(1):  # kept: only the processes, for the key
            assert "Skolmöte i Dala-Järna" in _html(b, path, params)
        html = _html(a, path, params)
        assert "Skolmöte i Byarum" in html and "Skolmöte i Hok" not in html


def test_a_change_in_the_other_municipality_shows_there_at_once(
    two, django_assert_num_queries, django_capture_on_commit_callbacks
):
    a, b = Client(HTTP_HOST=VAGGERYD_HOST), Client(HTTP_HOST=VANSBRO_HOST)
    for path, params in _pages():
        _html(a, path, params)
        _html(b, path, params)
    _rename(two["b"], "Skolmöte i Äppelbo", django_capture_on_commit_callbacks)
    for path, params in _pages():
        html = _html(b, path, params)
        assert "Skolmöte i Äppelbo" in html and "Skolmöte i Dala-Järna" not in html
        with django_assert_num_queries(1):
            assert "Skolmöte i Hok" in _html(a, path, params)
