"""Pages of the inbox: following Next and Previous (keyset pages with a cursor) shows the same
rows in the same order as the page numbers (offset pages), with ties on the date, filters and
searches; bad page links give a page, never an error."""

import datetime
import re
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import timezone

from contributions import paging
from contributions.models import Contribution, ContributionKind
from tests.contributions.staff_factories import StaffContributionFactory

pytestmark = pytest.mark.django_db

PER_PAGE = 25


def inbox_url(process):
    return reverse("contributions:staff_inbox", kwargs={"slug": process.slug})


@pytest.fixture
def listed(client, role_users):
    """An official's inbox of 130 contributions, many of them sharing a date (ties)."""
    process, users = role_users
    client.force_login(users["official"])
    made = StaffContributionFactory.create_batch(130, process=process)
    base = timezone.now() - datetime.timedelta(days=10)
    for i, c in enumerate(made):
        # Groups of seven share one timestamp, so every page boundary cuts through ties.
        kind = ContributionKind.LETTER if i % 3 == 0 else ContributionKind.IDEA
        Contribution.objects.filter(pk=c.pk).update(
            created=base + datetime.timedelta(minutes=i // 7), kind=kind
        )
    return process


def _page(client, process, params):
    response = client.get(inbox_url(process), params)
    assert response.status_code == 200
    return response


def _ids(response):
    return [c.pk for c in response.context["page_obj"].object_list]


def _link(response, rel):
    found = re.search(rf'rel="{rel}" href="\?([^"]+)"', response.content.decode())
    if not found:
        return None
    return dict(parse_qsl(found.group(1).replace("&amp;", "&")))


def _by_numbers(client, process, params):
    pages = []
    number = 1
    while True:
        response = _page(client, process, {**params, "page": number, "per_page": PER_PAGE})
        pages.append(_ids(response))
        if number >= response.context["page_obj"].paginator.num_pages:
            return pages
        number += 1


def _by_links(client, process, params, rel="next", start=None):
    response = _page(client, process, start or {**params, "per_page": PER_PAGE})
    pages = [_ids(response)]
    while (link := _link(response, rel)) is not None:
        response = _page(client, process, link)
        pages.append(_ids(response))
        assert response.context["page_obj"].number == int(link["page"])
    return pages


def _expected(process, order, **filters):
    return list(
        Contribution.objects.filter(process=process, **filters)
        .order_by(*order)
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("params", "order", "filters"),
    [
        ({}, ("-created", "-pk"), {}),
        ({"kind": "letter"}, ("-created", "-pk"), {"kind": "letter"}),
        ({"sort": "created"}, ("created", "-pk"), {}),
        ({"sort": "created", "kind": "idea"}, ("created", "-pk"), {"kind": "idea"}),
        ({"q": "cykelvägar"}, ("-created", "-pk"), {}),
    ],
    ids=["unfiltered", "filtered", "oldest-first", "oldest-first-filtered", "search"],
)
def test_next_links_show_the_same_rows_in_the_same_order_as_page_numbers(
    client, listed, params, order, filters
):
    by_numbers = _by_numbers(client, listed, params)
    by_links = _by_links(client, listed, params)
    assert by_links == by_numbers
    assert [pk for page in by_links for pk in page] == _expected(listed, order, **filters)


def test_next_links_carry_a_cursor_and_the_filter(client, listed):
    response = _page(client, listed, {"kind": "letter", "per_page": PER_PAGE})
    link = _link(response, "next")
    assert link["page"] == "2" and link["kind"] == "letter" and link["cursor"].startswith("a")


def test_previous_links_walk_back_over_the_same_pages(client, listed):
    by_numbers = _by_numbers(client, listed, {"kind": "idea"})
    last = len(by_numbers)
    start = {"kind": "idea", "per_page": PER_PAGE, "page": last}
    backwards = _by_links(client, listed, {}, rel="prev", start=start)
    assert backwards == by_numbers[::-1]


def test_a_shared_link_to_a_deep_page_shows_that_page(client, listed):
    response = _page(client, listed, {"per_page": PER_PAGE, "page": 3})
    link = _link(response, "next")
    again = _page(client, listed, link)  # opened elsewhere, later
    assert _ids(again) == _by_numbers(client, listed, {})[3]
    assert again.context["page_obj"].number == 4


def test_a_new_contribution_does_not_shift_the_rows_of_the_next_page(client, listed):
    response = _page(client, listed, {"per_page": PER_PAGE})
    link = _link(response, "next")
    expected = _ids(_page(client, listed, link))
    StaffContributionFactory(process=listed)  # newest: page 1 gains a row
    assert _ids(_page(client, listed, link)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999999"},
        {"page": "9999"},
        {"page": "2", "cursor": "zzz"},
        {"page": "2", "cursor": "a99999999999999999999999999.1"},
        {"page": "2", "cursor": "a-99999999999999999999.1"},
        {"page": "2", "cursor": "b1.x"},
        {"page": "2", "cursor": "a" + "9" * 80},
        {"page": "3", "cursor": "a0.0"},
        {"page": "3", "cursor": "b0.0"},
        {"page": "3", "cursor": "b99999999999999.0"},
        {"page": "3", "cursor": "a1700000000000000.5", "sort": "kind"},
    ],
)
def test_bad_or_stale_page_links_give_a_page_not_an_error(client, listed, params):
    response = _page(client, listed, {**params, "per_page": PER_PAGE})
    page = response.context["page_obj"]
    assert 1 <= page.number <= page.paginator.num_pages
    assert len(page.object_list) > 0


def test_an_unreadable_cursor_says_so_and_shows_the_page_by_its_number(client, listed):
    response = _page(client, listed, {"page": "2", "cursor": "garbage", "per_page": PER_PAGE})
    assert "could not be read" in response.content.decode() or "gick inte att läsa" in (
        response.content.decode()
    )
    assert _ids(response) == _by_numbers(client, listed, {})[1]


def test_a_page_beyond_the_last_shows_the_last(client, listed):
    response = _page(client, listed, {"page": "9999", "per_page": PER_PAGE})
    page = response.context["page_obj"]
    assert page.number == page.paginator.num_pages == 6
    assert len(page.object_list) == 130 - 5 * PER_PAGE


def test_a_deep_offset_page_shows_the_same_rows_as_a_plain_offset(client, listed, monkeypatch):
    plain = _by_numbers(client, listed, {"kind": "idea"})
    monkeypatch.setattr(paging, "DEEP_OFFSET", 1)  # every page after the first by ids first
    assert _by_numbers(client, listed, {"kind": "idea"}) == plain


def test_cursor_round_trip():
    when = timezone.now()
    cursor = paging.Cursor(after=False, created=when, pk=42)
    assert paging.Cursor.decode(cursor.encode()) == cursor


def test_paging_over_links_keeps_the_query_count(client, listed, django_assert_num_queries):
    response = _page(client, listed, {"per_page": PER_PAGE})
    link = _link(response, "next")
    with django_assert_num_queries(8):  # the count and the layout's municipality are cached
        _page(client, listed, link)


def test_a_deep_page_links_back_to_the_first_with_the_filter(client, listed):
    response = _page(client, listed, {"kind": "idea", "per_page": PER_PAGE, "page": 3})
    html = response.content.decode()
    first = re.search(r'<a class="page-link" href="([^"]+)">(?:Första|First)</a>', html)
    assert first and dict(parse_qsl(first.group(1)[1:].replace("&amp;", "&"))) == {
        "kind": "idea",
        "per_page": str(PER_PAGE),
    }


def test_a_bad_filter_value_keeps_the_chosen_sort(client, listed):
    response = _page(client, listed, {"sort": "created", "kind": "nonsense", "per_page": 25})
    expected = _expected(listed, ("created", "-pk"))[:PER_PAGE]
    assert _ids(response) == expected
