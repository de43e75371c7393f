"""Swedish search: full-text on PostgreSQL, the same Snowball stemming rule on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from contributions.models import Contribution
from contributions.selectors.staff import search_filter, theme_suggestions
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_swedish_stemming_finds_inflected_forms(role_users):
    process, _users = role_users
    skola = StaffContributionFactory(process=process, title="", text="En ny skola i Hok")
    skolan = StaffContributionFactory(process=process, title="", text="Skolan behöver renoveras")
    StaffContributionFactory(process=process, title="", text="Fler cykelvägar")
    found = set(search_filter(Contribution.objects.all(), "skolor").values_list("pk", flat=True))
    assert found == {skola.pk, skolan.pk}


@pytest.mark.postgres
def test_search_vector_follows_updates(role_users):
    process, _users = role_users
    c = StaffContributionFactory(process=process, title="", text="Om bibliotek")
    Contribution.objects.filter(pk=c.pk).update(text="Om simhallen")
    assert search_filter(Contribution.objects.all(), "simhall").filter(pk=c.pk).exists()
    assert not search_filter(Contribution.objects.all(), "bibliotek").exists()


@pytest.mark.postgres
def test_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'contrib_search_vector_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "search_vector" in definition


@pytest.mark.postgres
def test_keyword_suggestions_use_swedish_stemming(role_users):
    process, _users = role_users
    theme = ThemeFactory(process=process, name="Skola", keywords="skolor")
    c = StaffContributionFactory(process=process, title="", text="Skolan i Vaggeryd")
    assert [(s.pk, t) for s, t in theme_suggestions(process=process)] == [(c.pk, [theme])]


def test_search_in_the_inbox_finds_text(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process, title="", text="Skolan i Skillingaryd")
    StaffContributionFactory(process=process, title="", text="Badplatser")
    client.force_login(users["official"])
    page = client.get(
        reverse("contributions:staff_inbox", kwargs={"slug": process.slug}), {"q": "skolan"}
    ).context["page_obj"]
    assert [x.pk for x in page.object_list] == [c.pk]


def test_search_with_odd_characters_does_not_fail(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process)
    client.force_login(users["official"])
    response = client.get(
        reverse("contributions:staff_inbox", kwargs={"slug": process.slug}),
        {"q": "'); DROP TABLE x; -- & | ! <script>"},
    )
    assert response.status_code == 200


@pytest.mark.postgres
def test_a_broad_search_finds_the_same_rows_newest_first(role_users):
    process, _users = role_users
    texts = ["Skolan i Hok", "Fler cykelvägar", "En ny skola", "Skolor och förskolor", "Bad"]
    made = [StaffContributionFactory(process=process, title="", text=t) for t in texts]
    base = Contribution.objects.filter(process=process).order_by("-created", "-pk")
    indexed = list(search_filter(base, "skolor").values_list("pk", flat=True))
    walked = list(search_filter(base, "skolor", broad=True).values_list("pk", flat=True))
    assert indexed == walked == [made[3].pk, made[2].pk, made[0].pk]
    two_words = list(search_filter(base, "skolan Hok", broad=True).values_list("pk", flat=True))
    assert two_words == [made[0].pk]


@pytest.mark.postgres
def test_the_inbox_pages_a_broad_search_through_the_date_index(client, role_users, monkeypatch):
    from contributions.selectors import staff as staff_selectors

    process, users = role_users
    monkeypatch.setattr(staff_selectors, "BROAD_SEARCH_MATCHES", 2)
    newest = [StaffContributionFactory(process=process, title="", text=f"Skola {n}") for n in "ab"]
    StaffContributionFactory(process=process, title="", text="Badplatser")
    client.force_login(users["official"])
    url = reverse("contributions:staff_inbox", kwargs={"slug": process.slug})
    response = client.get(url, {"q": "skolor"})
    assert [x.pk for x in response.context["page_obj"].object_list] == [
        newest[1].pk,
        newest[0].pk,
    ]
    assert response.context["page_obj"].paginator.count == 2


# --- The same Swedish rule on both databases (the probe words of the issue) ---------------------

PROBE = {
    "skola": "En ny skola i Hok",
    "skolan": "Skolan behöver renoveras",
    "förskola": "Fler platser i förskola för de minsta",
    "förskolan": "Förskolan Solen vill ha en större gård",
    "högskolor": "Samarbete med högskolor i regionen",
    "cykel": "Fler cykelvägar mellan Hok och Vaggeryd",
    "skål": "En skål för framtiden",
    "lokstall": "Rusta upp lokstallet",
}


@pytest.fixture
def probe(role_users):
    process, _users = role_users
    return {
        name: StaffContributionFactory(process=process, title="", text=text).pk
        for name, text in PROBE.items()
    }


def found(text):
    return set(search_filter(Contribution.objects.all(), text).values_list("pk", flat=True))


@pytest.mark.parametrize("vendor", ["any"])
def test_skolor_finds_skola_skolan_and_forskola_on_this_database(probe, vendor):
    """Runs on SQLite (Snowball stemming in Python) and on PostgreSQL (full-text search): the
    same contributions either way."""
    hits = found("skolor")
    names = {name for name, pk in probe.items() if pk in hits}
    assert names == {"skola", "skolan", "förskola", "förskolan", "högskolor"}


def test_every_word_must_match_and_stop_words_do_not_count(probe):
    hits = found("cykelvägen och Hok")
    assert hits == {probe["cykel"]}
    assert found("förskolan gård") == {probe["förskolan"]}
    assert found("och") == set(probe.values())  # only stop words: no filter


def test_search_words_cannot_inject_query_syntax(probe):
    assert found("skol' | '!") == found("skol")
    assert found("skola:* & !x") == found("skola x") == set()


def test_each_database_holds_the_inner_parts_of_compounds(probe):
    """SQLite: the registered function; PostgreSQL: the '~' parts in the search vector."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT vp_swedish_match('Förskolan Solen', '[\"skol\"]')")
            assert cursor.fetchone() == (1,)
        else:
            cursor.execute(
                "SELECT search_vector::text FROM contributions_contribution WHERE id = %s",
                [probe["förskolan"]],
            )
            assert "'~skolan'" in cursor.fetchone()[0]


def test_the_wall_can_be_searched(client, role_users):
    process, _users = role_users
    hit = StaffContributionFactory(
        process=process, title="", text="Förskolan vid sjön", moderation_state="published"
    )
    StaffContributionFactory(
        process=process, title="", text="Bättre bussar", moderation_state="published"
    )
    StaffContributionFactory(process=process, title="", text="Skolan är hemlig")  # not published
    response = client.get(
        reverse("contributions:wall", kwargs={"slug": process.slug}), {"q": "skolor"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [hit.pk]
    assert 'type="search"' in html and "hemlig" not in html


# --- The plan a search's page takes, chosen on its exact count ----------------------------------


@pytest.fixture
def searchable(client, role_users):
    """A broad word in 57 contributions, a rare one in 3, others in neither; dates with ties."""
    import datetime

    from django.utils import timezone

    process, users = role_users
    client.force_login(users["official"])
    base = timezone.now() - datetime.timedelta(days=3)
    for i in range(90):
        text = "Skolan i Hok behöver renoveras" if i % 3 else "Fler bänkar i parken"
        if i in (5, 40, 41):
            text = "Bygg linbanan till utsiktstornet"
        c = StaffContributionFactory(process=process, title="", text=text)
        Contribution.objects.filter(pk=c.pk).update(created=base + datetime.timedelta(hours=i // 4))
    return process


def _walk(client, process, q, per_page=25):
    """Every row of the search, page by page along the Next links, and the page queries' SQL."""
    import re
    from urllib.parse import parse_qsl

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("contributions:staff_inbox", kwargs={"slug": process.slug})
    params = {"q": q, "per_page": per_page}
    rows, sql = [], []
    while params is not None:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        sql += [query["sql"] for query in queries.captured_queries]
        rows += [c.pk for c in response.context["page_obj"].object_list]
        found_link = re.search(r'rel="next" href="\?([^"]+)"', response.content.decode())
        params = dict(parse_qsl(found_link.group(1).replace("&amp;", "&"))) if found_link else None
    return rows, sql


@pytest.mark.postgres
@pytest.mark.parametrize(("word", "broad"), [("linbanan", False), ("skolor", True)])
def test_the_plan_chosen_on_the_count_returns_the_rows_of_the_plain_query(
    client, searchable, monkeypatch, word, broad
):
    from contributions.selectors import staff as staff_selectors

    monkeypatch.setattr(staff_selectors, "BROAD_SEARCH_MATCHES", 20)
    plain = list(
        search_filter(Contribution.objects.filter(process=searchable), word)
        .order_by("-created", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(plain) == (3 if word == "linbanan" else 57)
    rows, sql = _walk(client, searchable, word)
    assert rows == plain
    pages = [s for s in sql if "tsquery" in s and "ORDER BY" in s]
    assert len(pages) == (1 if word == "linbanan" else 3)
    if broad:  # walks the date index, checking each row
        assert all("ts_match_vq" in s and "interval" not in s for s in pages)
    else:  # the few matches through the GIN index, sorted (no index orders "created + 0")
        assert all("interval" in s and "ts_match_vq" not in s for s in pages)


def test_a_search_pages_the_same_on_any_database(client, searchable):
    rows, _sql = _walk(client, searchable, "skolor", per_page=25)
    expected = list(
        search_filter(Contribution.objects.filter(process=searchable), "skolor")
        .order_by("-created", "-pk")
        .values_list("pk", flat=True)
    )
    assert rows == expected and len(rows) == 57
