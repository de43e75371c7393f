"""Rendered sections of public pages, cached until anything they could show changes.

The public process page is composed of sections the apps register (meetings, contributions,
the text, goals, surveys, documents...), each with its own queries: about fifteen per view, and
at 100,000 contributions a count per kind that costs more than the rest of the page together.
What they show changes a few times a day; the page is read far more often.

So an anonymous visitor's sections are cached, rendered, under a *data version*: a token in the
cache that is replaced after every committed write to the database, whatever wrote it (a
service, the admin, ``queryset.update()``, ``bulk_create()``, a migration, raw SQL). Writes are
seen where they happen, in a database execute wrapper installed on every connection, so a new
model or a new bulk write cannot forget to invalidate the page: there is no list of models to
keep in step. Only a few tables that no public page shows and that are written all the time
(sessions, the outbox, e-mail and notice bookkeeping) are left out, and so is an update that
sets nothing but a column no public page shows (a contribution's ``read_at``, set when an
official first opens it). The municipality (on every
page, through the context processor) has a version of its own, replaced only by writes to its
table. Writes made outside Django (psql) are not seen: fragments expire after five minutes.

* The version is replaced when a transaction that wrote commits (the connection's ``commit()``
  is wrapped) or at once for a write in autocommit, and it is read before the
  sections' data, so a section rendered from data older than a write is stored under the
  version that write replaced and never served after the commit. Reads inside a transaction
  that has written (a test, for one) use keys of their own, so they see their own writes.
* A section whose content changes with the clock alone (upcoming meetings, a survey opening or
  closing) says when through ``Section.expires``; its fragment is kept no longer than that.
  Every fragment is dropped after ``FRAGMENT_TIMEOUT`` at the latest (a safety net).
* A replacement of the version lost while the cache server was unreachable is made up for: the
  process that failed to write it replaces the version when it finds the server back
  (``cache.on_recovery``).
* Only what an anonymous visitor sees is cached: a signed-in person (who may see staff controls,
  their own state or answer buttons) always gets freshly rendered sections. The key holds the
  language and the time zone, so one language is never served for another.
* The cache fails open (``visionsprocess/cache.py``): without Redis every read misses and the
  page is rendered as before, with more queries.
"""

import hashlib
import re
import uuid
from datetime import datetime

from django.core.cache import cache
from django.db import connection as default_connection
from django.utils import timezone, translation

#: Seconds a fragment is kept at most, whatever its version says.
FRAGMENT_TIMEOUT = 300

#: Tables written on most requests or by the mail relay that no public page shows.
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "visionsprocess_outboxtask",
        "visionsprocess_outgoingemail",
        "visionsprocess_noticedelivery",
    }
)

#: Columns no public page shows, set on tables that pages do show: an ``UPDATE`` that sets only
#: these leaves the pages as they are. ``read_at`` is set the first time an official opens a
#: contribution, which happens hundreds of times a day while the inbox is sorted.
IGNORED_COLUMNS = {"contributions_contribution": frozenset({"read_at"})}

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)
#: Statements that change no data; any other statement (``WITH ... INSERT``, DDL, ``COPY``...)
#: counts as a write: a needless new version costs a render, a missed one a stale page.
_READ = re.compile(
    r"^[\s(]*(?:SELECT|SHOW|EXPLAIN|SET|RESET|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|START|"
    r"DECLARE|FETCH|CLOSE|PRAGMA)\b",
    re.IGNORECASE,
)


#: Tables with a version of their own besides the data version (what is cached under it must
#: not be renewed by every other write).
TABLE_TOPICS = {"visionsprocess_municipality": "municipality"}
DATA = "data"


def _version_key(topic: str) -> str:
    # The database name keeps parallel test databases (and installations) apart.
    return f"pages:{default_connection.settings_dict['NAME']}:{topic}-version"


# --- the data version ------------------------------------------------------------------------


def data_version(topic: str = DATA) -> str:
    """The current data version (a new one is made if the cache has none)."""
    key = _version_key(topic)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or ""
    return version


def changed(*topics: str) -> None:
    """Replace the data version (and the versions of ``topics``) now: every fragment cached
    under them goes stale."""
    cache.set_many({_version_key(t): uuid.uuid4().hex for t in {DATA, *topics}}, None)


def _topics_written(sql: str) -> set[str] | None:
    """The topics a statement changes (``None``: it writes nothing a page shows)."""
    match = _WRITE.match(sql)
    if match:
        table = match.group(1).rsplit(".", 1)[-1]
        if table in IGNORED_TABLES or _sets_only_ignored_columns(sql, table):
            return None
        return {DATA, TABLE_TOPICS[table]} if table in TABLE_TOPICS else {DATA}
    if _READ.match(sql):
        return None
    return {DATA, *TABLE_TOPICS.values()}


_SET = re.compile(r"^\s*UPDATE\s+\S+\s+SET\s+(.*?)(?:\s+WHERE\s|$)", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r'(?:^|,)\s*"?(\w+)"?\s*=')


def _sets_only_ignored_columns(sql: str, table: str) -> bool:
    """Whether ``sql`` is an ``UPDATE`` of ``table`` that sets nothing but its ignored columns
    (Django writes ``UPDATE "t" SET "a" = %s, "b" = %s WHERE ...``, values as parameters)."""
    ignored = IGNORED_COLUMNS.get(table)
    if not ignored:
        return False
    match = _SET.match(sql)
    if not match:
        return False
    assignments = match.group(1)
    if "(" in assignments:
        # A sub-select or an expression (whose own WHERE may have ended the match early):
        # not read further, it counts as a write.
        return False
    columns = _ASSIGNED.findall(assignments)
    return bool(columns) and len(columns) == assignments.count("=") and set(columns) <= ignored


def _note_write(connection, topics: set[str]) -> None:
    if not connection.in_atomic_block and connection.get_autocommit():
        changed(*topics)  # autocommit: the statement is committed already
        return
    # Replaced when the transaction commits (``_commit``); a rolled-back savepoint leaves the
    # topics marked, which costs one needless replacement, never a missed one.
    connection._vp_dirty = getattr(connection, "_vp_dirty", set()) | topics
    # The transaction's own reads must see its writes before it commits (a test's transaction
    # never does): its keys carry how many writes of each topic it holds (``_own_writes``).
    own = connection._vp_own_writes = dict(getattr(connection, "_vp_own_writes", {}))
    for topic in topics:
        own[topic] = own.get(topic, 0) + 1


def _own_writes(topic: str) -> int:
    """Writes of ``topic`` in the current transaction, not committed yet (0 outside one)."""
    connection = default_connection
    if connection.in_atomic_block or not connection.get_autocommit():
        return getattr(connection, "_vp_own_writes", {}).get(topic, 0)
    return 0


def _forget(connection) -> set[str]:
    topics = getattr(connection, "_vp_dirty", set())
    connection._vp_dirty, connection._vp_own_writes = set(), {}
    return topics


def _execute_wrapper(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str):
            topics = _topics_written(sql)
            if topics:
                _note_write(connection, topics)
        return result

    wrapper.vp_page_cache = True
    return wrapper


def install(sender=None, connection=None, **kwargs) -> None:
    """Watch the writes and commits of ``connection`` (connected to ``connection_created``).

    The commit is seen by wrapping the connection's ``commit()`` and ``rollback()`` rather
    than with ``transaction.on_commit()``, so that code (and tests) counting their own commit
    hooks see no extra one."""
    if connection is None:
        return
    if any(getattr(w, "vp_page_cache", False) for w in connection.execute_wrappers):
        return
    connection.execute_wrappers.append(_execute_wrapper(connection))
    commit, rollback = connection.commit, connection.rollback

    def _commit():
        commit()
        topics = _forget(connection)
        if topics:
            changed(*topics)

    def _rollback():
        rollback()
        _forget(connection)

    connection.commit, connection.rollback = _commit, _rollback


# --- fragments ----------------------------------------------------------------------------------


def cacheable(request) -> bool:
    """Whether the sections of this request may come from (and go to) the cache."""
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated and request.method == "GET"


def fragment_keys(request, page: str, obj, section_keys: list[str]) -> dict[str, str]:
    """The cache key of each section of ``page`` about ``obj`` for this request."""
    version = getattr(request, "_vp_data_version", None)
    if version is None:
        version = request._vp_data_version = data_version()
    created = getattr(obj, "created", None)
    stamp = created.timestamp() if created else ""
    parts = (
        default_connection.settings_dict["NAME"],
        page,
        type(obj).__name__,
        obj.pk,
        stamp,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    own = _own_writes(DATA)
    return {key: f"pages:{version}:{own}:{digest}:{key}" for key in section_keys}


def timeout_until(expires: datetime | None) -> int | None:
    """Seconds to keep a fragment that goes stale at ``expires``; ``None``: not worth storing."""
    if expires is None:
        return FRAGMENT_TIMEOUT
    seconds = int((expires - timezone.now()).total_seconds())
    if seconds < 1:
        return None
    return min(seconds, FRAGMENT_TIMEOUT)


def changed_all() -> None:
    """Replace every version (the cache was unreachable: replacements may have been lost)."""
    changed(*TABLE_TOPICS.values())


def municipality_current():
    """The installation's municipality, from the cache until its table is written to."""
    from .selectors import municipality_current as load

    topic = TABLE_TOPICS["visionsprocess_municipality"]
    key = (
        f"pages:{default_connection.settings_dict['NAME']}:{data_version(topic)}:"
        f"{_own_writes(topic)}:municipality"
    )
    value = cache.get(key)
    if value is None:
        municipality = load()
        cache.set(key, municipality or "none", FRAGMENT_TIMEOUT)
        return municipality
    return None if value == "none" else value
