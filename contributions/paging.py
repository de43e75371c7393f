"""Pages of the officials' inbox: keyset pages when it is sorted by date, offset pages otherwise.

A page reached with "Next" or "Previous" carries a *cursor*: the date and number of the row it
follows (``a…``) or precedes (``b…``). Its rows are then the ``per_page`` rows after (before)
that row in the list's order, which the index (process, -created, -id) finds without stepping
over the rows of the pages before it: page 500 costs what page 2 costs. The page number stays in
the link (``page=``) for "Page 500 of 2,001"; the link can be shared and works with every filter
and search, since it holds nothing but the query.

A page number without a cursor (typed, or an old link) is an offset page, as before: the rows are
picked by their ids alone first (an index-only scan on the date order), and only those 25–100
rows are read with what a row shows. A cursor that cannot be read is ignored: the page is then
picked by its number (or is the first page).

Only the date orders (newest or oldest first, ties by number) take cursors; the other sorts
(kind, moderation, district) page by offset: their keys are not unique and district's is
nullable and joined, so a cursor would need every key of the order (and an index per order)
for little gain at the depths people reach in them.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value

#: Sorts that take a cursor: the inbox's ``sort`` value → is the date descending?
KEYSET_SORTS = {"": True, "-created": True, "created": False}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Cursor:
    after: bool  # the rows after this row (Next), or before it (Previous)
    created: datetime.datetime
    pk: int

    def encode(self) -> str:
        micros = (self.created - _EPOCH) // datetime.timedelta(microseconds=1)
        return f"{'a' if self.after else 'b'}{micros}.{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> "Cursor | None":
        """The cursor in ``value``, or None if there is none or it cannot be read."""
        if not value or len(value) > 64 or value[0] not in "ab":
            return None
        micros, dot, pk = value[1:].partition(".")
        if not dot or not micros.lstrip("-").isdigit() or not pk.isdigit():
            return None
        try:
            created = _EPOCH + datetime.timedelta(microseconds=int(micros))
        except OverflowError:
            return None
        return cls(after=value[0] == "a", created=created, pk=int(pk))


@dataclass
class InboxPage:
    """What the template needs of a page (the attributes of Django's ``Page`` it uses)."""

    object_list: list
    number: int
    num_pages: int
    count: int
    per_page: int
    previous_query: str | None = None  # "page=…&cursor=…" of the neighbouring pages
    next_query: str | None = None
    cursor_ignored: bool = False
    paginator: "InboxPage" = field(init=False, repr=False)

    def __post_init__(self):
        self.paginator = self  # page_obj.paginator.count / num_pages in the templates

    def has_previous(self) -> bool:
        return self.previous_query is not None

    def has_next(self) -> bool:
        return self.next_query is not None

    def __len__(self) -> int:
        return len(self.object_list)


def _order(descending: bool, *, forward: bool = True, unindexed: bool = False) -> list:
    """The inbox's date orders: newest first (-created, -pk) or oldest first (created, -pk);
    ``forward=False`` is the same order backwards. ``unindexed`` writes the date as an
    expression (``created + 0 seconds``) that no index serves, so that PostgreSQL sorts the
    matches instead of walking the date index (see ``selectors.staff.search_filter``)."""
    date = F("created")
    if unindexed:
        date = ExpressionWrapper(F("created") + Value(datetime.timedelta(0)), DateTimeField())
    date_descending = descending == forward
    pk_descending = forward
    return [
        date.desc() if date_descending else date.asc(),
        F("pk").desc() if pk_descending else F("pk").asc(),
    ]


def _beyond(cursor: Cursor, descending: bool, forward: bool) -> Q:
    """The rows that come after (``forward``) or before the cursor's row in the order."""
    later_date = descending != forward  # which dates lie that way
    date_op = "gt" if later_date else "lt"
    # The tie-breaker is always the number descending: forward means a smaller number.
    pk_op = "lt" if forward else "gt"
    date_bound = Q(**{f"created__{date_op}e": cursor.created})  # lets the index bound the scan
    return date_bound & (
        Q(**{f"created__{date_op}": cursor.created})
        | Q(created=cursor.created, **{f"pk__{pk_op}": cursor.pk})
    )


def inbox_page(
    queryset, *, count: int, per_page: int, page, cursor, sort: str, rows, unindexed=False
) -> InboxPage:
    """The page of ``queryset`` (filtered, and ordered for ``sort``) asked for by ``page`` (a
    number) and ``cursor`` (see the module). ``rows(queryset)`` turns a slice of it into the
    rows a page shows (dicts with at least ``id`` and ``created``). ``unindexed``: see
    ``_order``; the rows and their order are the same either way."""
    num_pages = max(1, math.ceil(count / per_page))
    try:
        number = int(page)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), num_pages)
    descending = KEYSET_SORTS.get(sort)
    if descending is not None:
        queryset = queryset.order_by(*_order(descending, unindexed=unindexed))
    decoded = Cursor.decode(cursor)
    ignored = bool(cursor) and (decoded is None or descending is None)
    result = None
    if decoded is not None and descending is not None and number > 1:
        result = _keyset_page(
            queryset, decoded, descending, per_page, number, num_pages, rows, unindexed
        )
        if result is None:  # the cursor's neighbours are gone: the list from its start
            number = 1
    if result is None:
        result = _offset_page(queryset, number, num_pages, per_page, rows, descending)
    result.count = count
    result.cursor_ignored = ignored
    return result


def _links(page: InboxPage, rows: list, number: int, descending, *, more_before, more_after):
    if descending is None or not rows:
        page.previous_query = f"page={number - 1}" if more_before else None
        page.next_query = f"page={number + 1}" if more_after else None
        return
    first, last = rows[0], rows[-1]
    if more_before:
        if number - 1 <= 1:
            page.previous_query = "page=1"
        else:
            before = Cursor(after=False, created=first["created"], pk=first["id"]).encode()
            page.previous_query = f"page={number - 1}&cursor={before}"
    if more_after:
        after = Cursor(after=True, created=last["created"], pk=last["id"]).encode()
        page.next_query = f"page={number + 1}&cursor={after}"


def _keyset_page(queryset, cursor, descending, per_page, number, num_pages, rows, unindexed):
    forward = cursor.after
    order = _order(descending, forward=forward, unindexed=unindexed)
    beyond = queryset.filter(_beyond(cursor, descending, forward)).order_by(*order)
    picked = list(rows(beyond)[: per_page + 1])
    more = len(picked) > per_page
    picked = picked[:per_page]
    if forward:
        if not picked:  # nothing after it any more
            return None
        number = number if more else num_pages
        page = InboxPage(picked, number, num_pages, 0, per_page)
        _links(page, picked, number, descending, more_before=True, more_after=more)
        return page
    if not more:
        # No row before these: they are the first page (if a page is full of them).
        if len(picked) < per_page:
            return None
        number = 1
    picked.reverse()
    number = max(2, number) if more else 1
    page = InboxPage(picked, number, num_pages, 0, per_page)
    _links(page, picked, number, descending, more_before=more, more_after=True)
    return page


#: From this offset on, an offset page picks its rows by id first.
DEEP_OFFSET = 1000


def _offset_page(queryset, number, num_pages, per_page, rows, descending):
    offset = (number - 1) * per_page
    if offset >= DEEP_OFFSET:
        # The ids of the page alone first (an index-only scan over the rows before it), then
        # the page's rows with their joins: the joins are not made for the rows stepped over.
        ids = queryset.values("pk")[offset : offset + per_page]
        picked = list(rows(queryset.filter(pk__in=ids)))
    else:
        picked = list(rows(queryset)[offset : offset + per_page])
    page = InboxPage(picked, number, num_pages, 0, per_page)
    _links(page, picked, number, descending, more_before=number > 1, more_after=number < num_pages)
    return page
