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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from . import textsearch
from .models import VisionProcess

#: Hits shown per kind on the page of all kinds; "show all" leads to the kind's own pages.
PER_GROUP = 5
#: Hits per page of one kind.
PER_PAGE = 20


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
    key: str
    label: str
    find: Callable[[list, list[str]], QuerySet | list]
    hit: Callable[[Any], Hit]
    order: int = 100
    #: Called with the items of one page before ``hit`` (e.g. to prefetch what they show).
    prepare: Callable[[list], None] | None = None


class SearchSourceRegistry:
    def __init__(self):
        self._sources: dict[str, SearchSource] = {}

    def register(self, source: SearchSource) -> SearchSource:
        self._sources[source.key] = source
        return source

    def get(self, key: str) -> SearchSource | None:
        return self._sources.get(key)

    def __contains__(self, key):
        return key in self._sources

    def __iter__(self):
        return iter(sorted(self._sources.values(), key=lambda s: (s.order, s.key)))


search_sources = SearchSourceRegistry()


@dataclass
class Group:
    source: SearchSource
    count: int
    hits: list[Hit] = field(default_factory=list)
    page: Any = None  # a Paginator page on the page of one kind

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


def public_processes(municipality) -> list[VisionProcess]:
    """The processes whose public things the search covers: public and published, of one
    municipality."""
    return list(
        VisionProcess.objects.public()
        .filter(municipality=municipality)
        .select_related("municipality")
        .order_by("pk")
    )


def _hits(source: SearchSource, items: list, stems: list[str]) -> list[Hit]:
    if source.prepare and items:
        source.prepare(items)
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


def search(*, municipality, text: str, kind: str = "", page: str | int = 1) -> SearchResult:
    """Search every registered source (or only ``kind``, a page at a time) for ``text``."""
    query = textsearch.clean_query(text)
    stems = textsearch.query_stems(query)
    result = SearchResult(query=query, stems=stems)
    if not stems:
        return result
    processes = public_processes(municipality)
    if not processes:
        return result
    sources = [search_sources.get(kind)] if kind in search_sources else list(search_sources)
    for source in sources:
        found = source.find(processes, stems)
        if kind in search_sources:
            paginator = Paginator(found, PER_PAGE, allow_empty_first_page=True)
            page_obj = paginator.get_page(page)
            group = Group(source=source, count=paginator.count, page=page_obj)
            group.hits = _hits(source, list(page_obj.object_list), stems)
        else:
            if isinstance(found, QuerySet):
                items = list(found[:PER_GROUP])
                count = len(items) if len(items) < PER_GROUP else found.count()
            else:
                items, count = found[:PER_GROUP], len(found)
            group = Group(source=source, count=count, hits=_hits(source, items, stems))
        if group.count or kind:
            result.groups.append(group)
    return result
