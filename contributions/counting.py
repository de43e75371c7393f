"""Result counts of the officials' inbox, cached and kept exact as the contributions change.

Counting every match of a filter over 100,000 contributions costs more than everything else on
the page, and an official pages, sorts and tags within the same filter many times. So a count
is cached under the filter's parameters, in *parts*: the matches per block of 4,096 contribution
ids. Every write that can change what a filter matches (a new contribution, moderation,
tagging, feedback, a deleted theme) records it (``changes.record(process=...,
contributions=..., fields=...)``); once it commits, ``on_change`` (a listener of
``changes.published``) calls ``changed()``, which moves the process's *sequence* on by one and
notes which parts the change touched (or "all" when it does not say).
The next page sees that the sequence moved, reads the notes since its count and counts again
only the parts they name (one moderated contribution: 1/25 of the rows at 100,000), adding the
parts nobody touched from the cache. The count a person sees is never older than the last
change they (or anyone) made: a note that is missing (expired, evicted, not yet written) or too
many notes since the count make it count everything again.

A note can also say which filter *fields* the change can alter (a bulk moderation only alters
what ``MODERATION_STATE`` matches, a bulk tagging or a deleted theme only what ``THEME``
matches: the constants stand next to the inbox's filters in ``filters.py``; a name that is not a
filter of the inbox counts as "any field", so a renamed filter can cost a count, never make one
wrong). A count whose filter names none of those fields is not touched by such a note: after
publishing 300 contributions, a search for "skolor" keeps its count, and a filter on moderation
counts again only the parts the 300 fall in.

The sequence is read before counting, and a change moves it only after its commit, so a write
that commits while a count runs is counted again by the next page.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, Value

from visionsprocess import changes

COUNT_TIMEOUT = 300  # seconds; a safety net, the sequence is what keeps counts right
NOTE_TIMEOUT = 2 * COUNT_TIMEOUT  # a note outlives any count it must correct
#: A part is the contributions whose id shifted right by this many bits is the same.
PART_BITS = 12
#: More notes than this since a count: count everything again (reading them costs more).
MAX_NOTES = 64
ALL = "all"


def _prefix(process_id: int) -> str:
    # The database name keeps parallel test databases (and installations) apart.
    return f"contributions:inbox:{connection.settings_dict['NAME']}:{process_id}"


def _sequence_key(process_id: int) -> str:
    return f"{_prefix(process_id)}:seq"


def _note_key(process_id: int, seq: int) -> str:
    return f"{_prefix(process_id)}:note:{seq}"


def part_of(contribution_id: int) -> int:
    return int(contribution_id) >> PART_BITS


def _part(field: str = "pk"):
    """``part_of`` in SQL, over the id in ``field``."""
    return F(field) / Value(1 << PART_BITS)


def _start_sequence(key: str) -> None:
    """Give the process a sequence if it has none (or the cache lost it), starting at a random
    point, so that a count cached under an earlier sequence can never meet the same number."""
    cache.add(key, (secrets.randbelow(2**48) + 1) * 1000, None)


def changed(process_id: int, contribution_ids=None, *, parts=None, fields=None) -> None:
    """Note a change now: of the given contributions (or of the given ``parts``, see
    ``parts_of``), or, with neither, of any in the process. ``fields``: the filter parameters
    whose matches the change can alter (``None``: any)."""
    if parts is not None:
        parts = sorted({int(part) for part in parts})
    else:
        ids = None if contribution_ids is None else list(contribution_ids)
        parts = ALL if ids is None or None in ids else sorted({part_of(i) for i in ids})
    fields = None if fields is None else sorted(fields)
    key = _sequence_key(process_id)
    try:
        seq = cache.incr(key)
    except ValueError:
        _start_sequence(key)
        try:
            seq = cache.incr(key)
        except ValueError:  # the cache is unreachable: nothing is cached either
            return
    cache.set(_note_key(process_id, seq), {"parts": parts, "fields": fields}, NOTE_TIMEOUT)


def on_change(sender, change, **kwargs) -> None:
    """Note every committed change of contributions (``changes.published``)."""
    from .filters import InboxFilter

    known = set(InboxFilter.base_filters)
    for process_id, counted in change.counted.items():
        ids = None if counted.contributions == changes.ALL else counted.contributions
        fields = counted.fields
        if fields is not None and not fields <= known:
            fields = None  # a name that is no filter (renamed?): any filter may match anew
        changed(process_id, ids, fields=fields)


def parts_of(queryset, field: str) -> list[int]:
    """The parts that the contribution ids in ``field`` of ``queryset`` (of any length) fall
    in, in one query: what a bulk action tells ``changed()``."""
    return list(
        queryset.order_by()
        .annotate(vp_part=_part(field))
        .values_list("vp_part", flat=True)
        .distinct()
    )


def _note_touches(note, filtered: set[str]):
    """The parts a note makes a count over the ``filtered`` fields count again: a sorted list,
    ``ALL``, or ``()`` when the change cannot alter what that filter matches."""
    if not isinstance(note, dict):  # a note written before notes named fields
        return note
    fields = note.get("fields")
    if fields is not None and not filtered.intersection(fields):
        return ()
    return note["parts"]


def _sequence(found: dict, process_id: int) -> int | None:
    key = _sequence_key(process_id)
    seq = found.get(key)
    if seq is None:
        _start_sequence(key)
        seq = cache.get(key)
    return seq


def _count_parts(queryset, parts=None) -> dict[int, int]:
    """The matches of ``queryset`` per part: of every part, or of the ``parts`` given."""
    queryset = queryset.order_by()
    if parts is not None:
        where = Q()
        for part in parts:
            where |= Q(pk__gte=part << PART_BITS, pk__lt=(part + 1) << PART_BITS)
        queryset = queryset.filter(where)
    rows = (
        queryset.annotate(vp_part=_part())
        .values("vp_part")
        .annotate(vp_n=Count("pk"))
        .values_list("vp_part", "vp_n")
    )
    return {int(part): n for part, n in rows}


def cached_count(queryset, *, process, params) -> int:
    """``queryset.count()``, kept per filter ``params`` (pairs) and counted again only where
    the contributions changed since (see the module's description)."""
    digest = hashlib.sha256(repr(sorted(params)).encode()).hexdigest()[:32]
    # The process's creation time keeps a reused primary key (a recreated database) apart.
    key = f"{_prefix(process.pk)}:{process.created.timestamp()}:count:{digest}"
    found = cache.get_many([key, _sequence_key(process.pk)])
    seq = _sequence(found, process.pk)
    entry = found.get(key)
    if seq is None:  # no cache: count
        return queryset.count()
    if entry is not None and entry["seq"] == seq:
        return entry["total"]
    touched = None
    if entry is not None and 0 < seq - entry["seq"] <= MAX_NOTES:
        keys = [_note_key(process.pk, s) for s in range(entry["seq"] + 1, seq + 1)]
        notes = cache.get_many(keys)
        filtered = {name for name, values in params if any(values)}
        touches = [_note_touches(note, filtered) for note in notes.values()]
        if len(notes) == len(keys) and ALL not in touches:
            touched = {part for parts in touches for part in parts}
    if touched is None:
        parts = _count_parts(queryset)
    else:
        parts = {p: n for p, n in entry["parts"].items() if p not in touched}
        if touched:
            parts.update(_count_parts(queryset, sorted(touched)))
    total = sum(parts.values())
    cache.set(key, {"seq": seq, "parts": parts, "total": total}, COUNT_TIMEOUT)
    return total


def current_version(process_id: int) -> str:
    """The process's version now (for other caches that must go stale with the counts)."""
    found = cache.get_many([_sequence_key(process_id)])
    return str(_sequence(found, process_id) or "")
