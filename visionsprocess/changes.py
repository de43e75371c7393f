"""What changed: services record it, the core publishes it once the data is committed.

Every cache of the platform (the rendered sections of public pages, the officials' inbox counts,
the public counts per kind) must go stale when what it shows changes. Rather than each cache
guessing from the SQL that runs, the code that writes says what it changed, in the same
transaction as the write::

    from visionsprocess import changes

    changes.record(process=process)                                  # a meeting, a goal ...
    changes.record(process=process, contributions=[c.pk], fields=[MODERATION_STATE])
    changes.record(municipality=municipality)                         # its name, logo, bodies

* ``record()`` inside a transaction gathers the change; it is published once, after the
  transaction commits, as one ``Change`` merged from every call (nothing is published when the
  transaction is rolled back). Outside a transaction (autocommit) it is published at once.
* Publishing replaces the *version* of every process and municipality named, then sends the
  ``published`` signal with the ``Change``. Caches key on ``version()`` (the page cache) or keep
  what they need from the signal (the inbox counts, ``contributions/counting.py``). The core
  imports no feature app: an app connects its listener in its ``AppConfig.ready()``.
* A write that changes nothing a page shows or a count counts (an official opening a
  contribution sets its ``read_at``; a login's timestamp) records nothing.
* Versions live in the cache, under keys holding the database name (parallel test databases)
  and the process or municipality id, so one municipality's writes never empty the cache of
  another. An *epoch* common to all of them is read with them: ``reset_all()`` (after a restore)
  and a cache server found back after an outage (``cache.on_recovery``: replacements made while
  it was unreachable were lost) replace it, which replaces every version at once.
* Until it commits, a transaction's own reads must see its own writes (a test's transaction
  never commits): ``pending()`` says how many changes of a process or municipality the current
  transaction has recorded and not yet published, and the page cache keys on it too.

In tests a tripwire (``tests/conftest.py``) fails any test in which product code writes to a
table without recording a change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.dispatch import Signal

from .models import Municipality, VisionProcess

#: ``contributions=ALL``: the change can touch any contribution of the process (counts are
#: counted again in full).
ALL = "all"

#: Sent after commit with ``change=`` a ``Change``: every cache listens to it.
published = Signal()
#: Sent by ``record()`` at once (before commit) with ``change=``; the tests' tripwire listens.
recorded = Signal()


@dataclass(frozen=True)
class Counted:
    """How a change touches the contributions counted in a process: ``contributions`` is a
    frozenset of ids or ``ALL``; ``fields`` the filter fields whose matches can differ now
    (``None``: any)."""

    contributions: frozenset[int] | str
    fields: frozenset[str] | None

    def __or__(self, other: Counted) -> Counted:
        if self.contributions == ALL or other.contributions == ALL:
            contributions = ALL
        else:
            contributions = self.contributions | other.contributions
        fields = None if self.fields is None or other.fields is None else self.fields | other.fields
        return Counted(contributions, fields)


@dataclass(frozen=True)
class Change:
    """What one transaction (or one autocommitted write) changed.

    ``processes`` and ``municipalities``: ids whose versions are replaced. ``counted``: per
    process id, how its contributions changed (a process missing from it had no contribution
    changed). ``everything``: every version was replaced and every cached count must go
    (``reset_all()``)."""

    processes: frozenset[int] = frozenset()
    municipalities: frozenset[int] = frozenset()
    counted: dict[int, Counted] = field(default_factory=dict)
    everything: bool = False

    def __or__(self, other: Change) -> Change:
        counted = dict(self.counted)
        for process_id, value in other.counted.items():
            counted[process_id] = counted[process_id] | value if process_id in counted else value
        return Change(
            processes=self.processes | other.processes,
            municipalities=self.municipalities | other.municipalities,
            counted=counted,
            everything=self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return bool(self.processes or self.municipalities or self.everything)


def _id(value) -> int | None:
    if value is None:
        return None
    return value.pk if isinstance(value, Model) else int(value)


def _contribution_ids(contributions) -> frozenset[int] | str:
    if contributions == ALL:
        return ALL
    if isinstance(contributions, QuerySet):
        # One query, in the transaction, whatever the number of rows: a queryset whose rows
        # the write changes must be evaluated here, not after the commit.
        column = contributions._fields[0] if contributions._fields else "pk"
        contributions = contributions.values_list(column, flat=True)
    return frozenset(int(_id(c)) for c in contributions if c is not None)


def record(*, municipality=None, process=None, contributions=None, fields=None) -> None:
    """Record that the current transaction changed what pages show or counts count.

    ``process``: a ``VisionProcess`` or its id; only that process's version is replaced (its
    municipality's pages of other processes stay cached). ``municipality``: a ``Municipality``
    or its id, for a municipality-level write (its name, logo, bodies, organisations,
    population ...), which every page of the municipality may show. ``contributions``:
    the ids (an iterable or a queryset of them, or ``ALL``) of the contributions whose counted
    values changed, and ``fields`` the inbox filter fields whose matches can differ now (the
    constants next to the inbox filters, ``contributions/filters.py``); ``fields`` without
    ``contributions`` means any contribution of the process, those fields. Give neither when
    no contribution changed.
    """
    process_id = _id(process)
    municipality_id = _id(municipality)
    if process_id is None and municipality_id is None:
        raise ValueError("changes.record() needs a process or a municipality.")
    if (contributions is not None or fields is not None) and process_id is None:
        raise ValueError("Contributions are counted per process: name the process.")
    counted = {}
    if contributions is not None or fields is not None:
        ids = ALL if contributions is None else _contribution_ids(contributions)
        names = None if fields is None else frozenset(fields)
        if isinstance(fields, str):
            raise TypeError("fields is an iterable of field names, not one string.")
        counted[process_id] = Counted(ids, names)
    change = Change(
        processes=frozenset({process_id}) if process_id is not None else frozenset(),
        municipalities=frozenset({municipality_id}) if municipality_id else frozenset(),
        counted=counted,
    )
    recorded.send(sender=Change, change=change)
    _gather(change)


# --- gathering a transaction's changes -----------------------------------------------------------


class _Batch:
    """The change one ``record()`` made in a transaction, published on its commit.

    Each call registers a hook (``transaction.on_commit``), so that Django forgets exactly the
    changes of a savepoint or transaction that is rolled back. The first hook to run after the
    commit publishes the changes of every batch of the transaction still waiting, merged into
    one ``Change``; the others then find theirs published. (A batch of a savepoint rolled back
    after the transaction's last ``record()`` may be published along: a needless new version,
    never a missed one.)"""

    def __init__(self, change: Change):
        self.change = change
        self.done = False

    def publish(self) -> None:
        if self.done:
            return
        connection = _connection()
        waiting = [b for b in getattr(connection, "_vp_change_batches", []) if not b.done]
        if self not in waiting:
            waiting.append(self)
        merged = Change()
        for batch in waiting:
            batch.done = True
            merged = merged | batch.change
        connection._vp_change_batches = []
        _publish(merged)


def _connection():
    return connections[DEFAULT_DB_ALIAS]


def _live_batches(connection) -> list[_Batch]:
    """This transaction's batches still waiting for its commit.

    Django forgets a batch's hook when its savepoint or the transaction is rolled back, so a
    batch is live while its hook is still registered (``run_on_commit``, which Django's own
    ``captureOnCommitCallbacks`` reads too) and has not run (a test may run hooks without
    committing)."""
    batches = getattr(connection, "_vp_change_batches", None)
    if not batches:
        return []
    hooks = {
        id(func.__self__) for _, func, _ in connection.run_on_commit if hasattr(func, "__self__")
    }
    live = [b for b in batches if not b.done and id(b) in hooks]
    connection._vp_change_batches = live
    return live


def _gather(change: Change) -> None:
    connection = _connection()
    if not connection.in_atomic_block:
        _publish(change)  # autocommit: the write is committed already
        return
    batch = _Batch(change)
    connection._vp_change_batches = [*_live_batches(connection), batch]
    transaction.on_commit(batch.publish)


def pending(*, process=None, municipality=None, municipalities: bool = False) -> int:
    """How many of the current transaction's recorded changes of ``process`` (or
    ``municipality``; ``municipalities``: of any municipality) wait for its commit (0 outside a
    transaction)."""
    connection = _connection()
    if not connection.in_atomic_block:
        return 0
    process_id, municipality_id = _id(process), _id(municipality)
    n = 0
    for batch in _live_batches(connection):
        change = batch.change
        n += process_id in change.processes
        n += municipality_id in change.municipalities
        n += municipalities and bool(change.municipalities)
    return n


# --- versions ------------------------------------------------------------------------------------


def _prefix() -> str:
    # The database name keeps parallel test databases (and installations) apart.
    return f"changes:{_connection().settings_dict['NAME']}"


def _epoch_key() -> str:
    return f"{_prefix()}:epoch"


def _process_key(process_id: int) -> str:
    return f"{_prefix()}:process:{process_id}"


def _municipality_key(municipality_id: int) -> str:
    return f"{_prefix()}:municipality:{municipality_id}"


def _municipalities_key() -> str:
    """Which municipalities there are (the installation's first one is on every page)."""
    return f"{_prefix()}:municipalities"


def _new() -> str:
    return uuid.uuid4().hex


def _publish(change: Change) -> None:
    from django.core.cache import cache

    if not change:
        return
    fresh = {_process_key(p): _new() for p in change.processes}
    fresh.update({_municipality_key(m): _new() for m in change.municipalities})
    if change.municipalities:
        fresh[_municipalities_key()] = _new()
    if change.everything:
        fresh[_epoch_key()] = _new()
    if fresh:
        cache.set_many(fresh, None)
    published.send(sender=Change, change=change)


def version(*, process=None, municipality=None, municipalities: bool = False) -> str:
    """The current version of what is cached about ``process`` and ``municipality`` (either may
    be ``None``; ``municipalities``: which municipalities there are): a string that changes
    whenever a change naming them is published. Read in one cache call."""
    from django.core.cache import cache

    keys = [_epoch_key()]
    if process is not None:
        keys.append(_process_key(_id(process)))
    if municipality is not None:
        keys.append(_municipality_key(_id(municipality)))
    if municipalities:
        keys.append(_municipalities_key())
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A new version for a key the cache does not hold (never made, evicted): whatever
            # was cached under the one before can no longer be found.
            cache.add(key, _new(), None)
            found[key] = cache.get(key) or ""
    return ".".join(found[key] for key in keys)


def version_of_many(*, processes=(), municipality=None) -> str:
    """``version()`` of several processes and a municipality at once (the site search, which
    covers every public process of a municipality): one cache call."""
    from django.core.cache import cache

    keys = [_epoch_key(), *(_process_key(_id(p)) for p in processes)]
    if municipality is not None:
        keys.append(_municipality_key(_id(municipality)))
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new(), None)
            found[key] = cache.get(key) or ""
    return ".".join(found[key] for key in keys)


def reset_all() -> None:
    """Replace every version and forget every cached count (after a restore, or after loading
    the demo): records a ``Change`` with ``everything`` and every process and municipality of
    the database (published on commit, or at once outside a transaction)."""
    processes = frozenset(VisionProcess.objects.values_list("pk", flat=True))
    change = Change(
        processes=processes,
        municipalities=frozenset(Municipality.objects.values_list("pk", flat=True)),
        counted={pk: Counted(ALL, None) for pk in processes},
        everything=True,
    )
    recorded.send(sender=Change, change=change)
    _gather(change)


def replace_epoch() -> None:
    """Replace every version at once, without reading the database (``cache.on_recovery``)."""
    from django.core.cache import cache

    cache.set(_epoch_key(), _new(), None)


def is_publication(hook) -> bool:
    """Whether a commit hook is the publication of recorded changes (for tests that count or
    pick out their own hooks among a transaction's)."""
    return isinstance(getattr(hook, "__self__", None), _Batch)


def version_of_all(*, processes, municipality) -> str:
    """One version of what is cached about ``municipality`` and every one of ``processes``
    (objects or ids) together, read in one cache call: it changes whenever a change naming
    any of them is published (the municipality page shows all its processes)."""
    import hashlib

    from django.core.cache import cache

    keys = [_epoch_key(), _municipality_key(_id(municipality))]
    keys += [_process_key(_id(process)) for process in processes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new(), None)
            found[key] = cache.get(key) or ""
    return hashlib.sha256(".".join(found[key] for key in keys).encode()).hexdigest()[:32]
