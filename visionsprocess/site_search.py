"""Site search: one search over everything public, grouped by kind, over sources the apps register.

The core imports no feature app. Each app registers, in its ``AppConfig.ready()``, the kinds of
thing it can be searched for (``search_sources.register(SearchSource(...))``): contributions,
meetings and their minutes, draft and adopted texts, goals and activities, focus areas, the
document library. A source answers two questions:

* ``find(processes, stems)``: the public items of ``processes`` (the public, published processes
  of the request's municipality: never a draft or internal process) whose text holds every one of
  ``stems`` (see ``visionsprocess.textsearch.matching``), in the order they are listed, as a
  queryset (counted and sliced in the database) or a list. Only what anyone may see: published
  contributions, public meetings (their minutes once held), adopted texts and drafts on
  consultation, published focus areas, the public library.
* ``hit(item)``: how an item is shown (``Hit``: title, the text the snippet is cut from, link,
  process, a line of facts).

Everyone gets the same answer for the same search: what is found is public, whoever asks.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from . import changes, textsearch
from .models import VisionProcess
from .registry_base import Registry

#: Hits shown per kind on the page of all kinds; "show all" leads to the kind's own pages.
PER_GROUP = 5
#: Hits per page of one kind.
PER_PAGE = 20
#: Hits are counted up to this many per kind; beyond, the page says "more than 1,000". Counting
#: every one of 15,000 contributions that speak of a school costs 180 ms on PostgreSQL (each
#: published row's vector is read); finding the first 1,001 costs 15 ms.
COUNT_CAP = 1000
#: The deepest page of one kind that is served (a page further is the last one).
MAX_PAGE = 500
#: How long a result may be served from the cache at most (see ``search``).
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    text: str = ""
    process: Any = None
    detail: str = ""
    snippet: SafeString | str = ""


@dataclass(frozen=True)
class SearchSource:
    """A kind of thing the site search finds (see the module's docstring).

    ``find(processes, stems)`` returns the matching public items as an ordered queryset (or a
    list, for a kind with few rows). ``find_broad``, if given, returns the same rows in the same
    order, written for a search known to match more than ``COUNT_CAP`` of them: on PostgreSQL
    the newest-first index is walked and rows checked until the page is full, instead of the
    GIN index fetching and sorting thousands (see ``textsearch.matching(broad=True)``)."""

    key: str
    label: str
    find: Callable[[list, list[str]], QuerySet | list]
    hit: Callable[[Any], Hit]
    order: int = 100
    #: Called with the items of one page and the processes searched, before ``hit`` (e.g. to
    #: prefetch what the hits show).
    prepare: Callable[[list, list], None] | None = None
    find_broad: Callable[[list, list[str]], QuerySet] | None = None
    #: The order the capped ids are read in (``_capped_ids``), for a big table: the columns of an
    #: index whose first column is the process, so that a common word is counted by walking the
    #: searched processes' rows in that index (stopping at ``COUNT_CAP + 1``), and a rare one
    #: through the full-text index; without it PostgreSQL read the table from its start, through
    #: every row of the other municipalities. Empty: in no order.
    count_order: tuple[str, ...] = ()


search_sources: Registry[SearchSource] = Registry("search sources")


@dataclass(frozen=True)
class Page:
    """A page of one kind's hits. ``num_pages`` is ``None`` when there are more than
    ``COUNT_CAP`` hits (the last page is then not known in advance)."""

    number: int
    per_page: int
    has_next: bool
    num_pages: int | None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1


@dataclass
class Group:
    source: SearchSource
    #: How many hits (at most ``COUNT_CAP``; see ``more``).
    count: int
    hits: list[Hit] = field(default_factory=list)
    #: More than ``COUNT_CAP`` hits.
    more: bool = False
    page: Page | None = None  # on the page of one kind

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def label(self) -> str:
        return self.source.label


@dataclass
class SearchResult:
    query: str
    stems: list[str]
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def more(self) -> bool:
        """More hits than the total says (some kind has more than ``COUNT_CAP``)."""
        return any(group.more for group in self.groups)


def public_processes(municipality) -> list[VisionProcess]:
    """The processes whose public things the search covers: public and published, of one
    municipality."""
    return list(
        VisionProcess.objects.public()
        .filter(municipality=municipality)
        .select_related("municipality")
        .order_by("pk")
    )


def process_ids(processes) -> list[int]:
    """The ids of ``processes``, for ``process_id__in``: a source's filters are built in every
    search, and ``process__in`` with a hundred model objects costs more CPU to build (each object
    normalised, for each filter) than the query costs to run."""
    return [process.pk for process in processes]


def _hits(source: SearchSource, items: list, stems: list[str], processes) -> list[Hit]:
    if source.prepare and items:
        source.prepare(items, processes)
    hits = []
    for item in items:
        hit = source.hit(item)
        hits.append(
            Hit(
                title=hit.title,
                url=hit.url,
                process=hit.process,
                detail=hit.detail,
                snippet=textsearch.snippet(hit.text, stems) if hit.text else "",
            )
        )
    return hits


def page_number(value) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _capped_ids(found: QuerySet, order: tuple[str, ...] = ()):
    """The ids of at most ``COUNT_CAP + 1`` rows of ``found`` (in ``order``, see
    ``SearchSource.count_order``)."""
    return found.order_by(*order).values_list("pk", flat=True)[: COUNT_CAP + 1]


def _ids_of_all(finds: dict[str, Any], orders: dict[str, tuple[str, ...]]) -> dict[str, list]:
    """The capped ids of every source whose ``find`` gave a queryset, in one query: a
    ``UNION ALL`` of one limited subquery per source (a round trip each was most of the time of
    a search that finds little). A source that found nothing for certain (``none()``) is left
    out; so is a list."""
    parts, params, ids = [], [], {}
    for key, found in finds.items():
        if not isinstance(found, QuerySet):
            continue
        ids[key] = []
        if found.query.is_empty():
            continue
        sql, sql_params = _capped_ids(found, orders.get(key, ())).query.sql_with_params()
        parts.append(f"SELECT %s, capped.* FROM ({sql}) capped")  # noqa: S608 (compiled by Django; values are parameters)
        params += [key, *sql_params]
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for key, pk in cursor.fetchall():
                ids[key].append(pk)
    return ids


def _find(
    source: SearchSource,
    processes,
    stems,
    *,
    number: int,
    per_page: int,
    found=None,
    ids: list | None = None,
):
    """(count, more, items of page ``number``, has_next, num_pages) of one source.

    The matching ids are fetched first, at most ``COUNT_CAP + 1`` of them (PostgreSQL answers a
    rare word through the GIN index and stops a common one after 1,001 rows); on the page of
    every kind they come in with ``found`` and ``ids`` (``_ids_of_all``). Up to the cap they
    are all there is: the page is read by primary key, in the source's order. Beyond it, the
    page is read through ``find_broad`` (one row more, to know whether a next page exists).
    """
    if found is None:
        found = source.find(processes, stems)
    offset = (number - 1) * per_page
    if not isinstance(found, QuerySet):
        count = len(found)
        pages = max(1, -(-count // per_page))
        offset = (min(number, pages) - 1) * per_page
        return count, False, found[offset : offset + per_page], offset + per_page < count, pages
    if ids is None:
        ids = list(_capped_ids(found, source.count_order))
    if len(ids) <= COUNT_CAP:
        count = len(ids)
        pages = max(1, -(-count // per_page))
        offset = (min(number, pages) - 1) * per_page
        items = list(found.filter(pk__in=ids)[offset : offset + per_page]) if ids else []
        return count, False, items, offset + per_page < count, pages
    broad = source.find_broad(processes, stems) if source.find_broad else found
    items = list(broad[offset : offset + per_page + 1])
    return COUNT_CAP, True, items[:per_page], len(items) > per_page, None


def _cache_key(municipality, processes, stems, kind, number) -> str:
    """The key of a search's result: the versions of the municipality and of every process
    searched (replaced whenever a change of them is recorded, see ``changes``), the words as
    stemmed, the kind, the page, the language and the time zone (dates in the hits)."""
    version = changes.version_of_many(processes=processes, municipality=municipality)
    parts = (
        stems,
        kind,
        number,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    # The versions of a hundred processes would make a key of 3,000 characters: a digest.
    version = hashlib.sha256(version.encode()).hexdigest()[:32]
    return f"search:{connection.settings_dict['NAME']}:{version}:{digest}"


def search(*, municipality, text: str, kind: str = "", page: str | int = 1) -> SearchResult:
    """Search every registered source (``PER_GROUP`` hits of each) or only ``kind``, a page at
    a time, for ``text``.

    What is found is the same for everyone (public things only), so a result is cached under
    the versions of what it covers until a change of them is recorded, and at most
    ``CACHE_SECONDS`` for what changes by the clock alone (a meeting's minutes are searchable
    once it has ended)."""
    query = textsearch.clean_query(text)
    stems = textsearch.query_stems(query)
    result = SearchResult(query=query, stems=stems)
    if not stems:
        return result
    processes = public_processes(municipality)
    if not processes:
        return result
    one = kind in search_sources
    number = page_number(page) if one else 1
    key = _cache_key(municipality, processes, stems, kind if one else "", number)
    cached = cache.get(key)
    if cached is not None:
        result.groups = [
            Group(source=search_sources.get(k), count=c, more=m, hits=h, page=p)
            for k, c, m, h, p in cached
            if k in search_sources
        ]
        return result
    _search(result, processes, stems, kind if one else "", number)
    stored = [(g.key, g.count, g.more, g.hits, g.page) for g in result.groups]
    cache.set(key, stored, CACHE_SECONDS)
    return result


def _search(result: SearchResult, processes, stems, kind: str, number: int) -> None:
    one = bool(kind)
    sources = [search_sources.get(kind)] if one else list(search_sources)
    per_page = PER_PAGE if one else PER_GROUP
    finds = {source.key: source.find(processes, stems) for source in sources}
    ids = {} if one else _ids_of_all(finds, {s.key: s.count_order for s in sources})
    for source in sources:
        count, more, items, has_next, pages = _find(
            source,
            processes,
            stems,
            number=number,
            per_page=per_page,
            found=finds[source.key],
            ids=ids.get(source.key),
        )
        group = Group(
            source=source, count=count, more=more, hits=_hits(source, items, stems, processes)
        )
        if one:
            shown = number if pages is None else min(number, pages)
            group.page = Page(number=shown, per_page=per_page, has_next=has_next, num_pages=pages)
        if group.count or one:
            result.groups.append(group)
