"""The site search's queries: a constant number, whatever the number of processes and hits.

Searched anew (nothing kept yet), the page of every kind costs: the public processes; what the
texts, goals and library sources read before matching (the adopted versions, the four kinds of
goal, the library's documents of every process at once); one query for the ids of every other
kind (a ``UNION ALL``); then per kind with hits its page (and for focus areas their updates).
"""

import pytest
from django.urls import reverse

from tests.contributions.factories import PublishedContributionFactory
from tests.dialog.factories import MeetingFactory
from tests.factories import ProcessFactory
from tests.goals.focus_area_factories import FocusAreaFactory

pytestmark = pytest.mark.django_db

URL = reverse("search")
#: processes, adopted versions, visions, council goals, committee goals, activities, library,
#: the ids of every kind (one UNION ALL)
NOTHING_FOUND = 8
#: and the pages of contributions, meetings, focus areas and the focus areas' updates
FOUND_IN_THREE_KINDS = NOTHING_FOUND + 4


def _world(size):
    for n in range(size):
        process = ProcessFactory(title=f"Vision {n}")
        PublishedContributionFactory(process=process, title=f"Park {n}", text="En ny park.")
        FocusAreaFactory(process=process, title=f"Parken {n}")
        MeetingFactory(process=process, title=f"Möte om parken {n}")


def _search(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", [1, 12])
def test_a_search_costs_the_same_queries_for_any_number_of_processes(
    client, django_assert_num_queries, size
):
    _world(size)
    _search(client, "förstaord")  # the municipality in the cache
    with django_assert_num_queries(FOUND_IN_THREE_KINDS):
        response = _search(client, "park")
    found = {group.key: group.count for group in response.context["result"].groups}
    assert found == {"contributions": size, "meetings": size, "focus_areas": size}


@pytest.mark.parametrize("size", [1, 12])
def test_a_search_that_finds_nothing_costs_the_same_queries(
    client, django_assert_num_queries, size
):
    _world(size)
    _search(client, "förstaord")
    with django_assert_num_queries(NOTHING_FOUND):
        response = _search(client, "Bondstorp")
    assert response.context["result"].groups == []


def test_a_kept_search_costs_one_query(client, django_assert_num_queries):
    _world(3)
    _search(client, "park")
    with django_assert_num_queries(1):  # the public processes, whose versions make the key
        _search(client, "park")


def test_the_page_of_one_kind_reads_its_ids_and_its_page(client, django_assert_num_queries):
    _world(3)
    _search(client, "förstaord")
    with django_assert_num_queries(3):  # the processes, the ids, the page
        response = _search(client, "park", typ="contributions")
    assert [hit.title for hit in response.context["result"].groups[0].hits] == [
        "Park 2",
        "Park 1",
        "Park 0",
    ]


@pytest.mark.postgres
def test_postgres_is_told_the_search_vector_is_costly():
    """With the default cost the planner computed the vector of every meeting instead of reading
    the functional index (visionsprocess migration 0027)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'vp_search_vector'")
        assert cursor.fetchone()[0] >= 1000
