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
(sessions, the outbox, e-mail and notice bookkeeping) are left out.

* The version is replaced when a transaction that wrote commits, and it is read before the
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
from django.db import transaction
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

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)
_OTHER_WRITE = re.compile(r"^\s*(?:ALTER|CREATE|DROP|COPY|MERGE)\b", re.IGNORECASE)


def _version_key() -> str:
    # The database name keeps parallel test databases (and installations) apart.
    return f"pages:{default_connection.settings_dict['NAME']}:data-version"


# --- the data version ------------------------------------------------------------------------


def data_version() -> str:
    """The current data version (a new one is made if the cache has none)."""
    key = _version_key()
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or ""
    return version


def changed() -> None:
    """Replace the data version now: every cached fragment goes stale."""
    cache.set(_version_key(), uuid.uuid4().hex, None)


class _Pending:
    """One replacement of the version per committed transaction, however many writes it held."""

    __slots__ = ("done",)

    def __init__(self):
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            changed()


def _is_write(sql: str) -> bool:
    match = _WRITE.match(sql)
    if match:
        return match.group(1).rsplit(".", 1)[-1] not in IGNORED_TABLES
    return bool(_OTHER_WRITE.match(sql))


def _note_write(connection) -> None:
    if not connection.in_atomic_block:
        changed()  # autocommit: the statement is committed already
        return
    # The transaction's own reads must see its writes before it commits (a test's transaction
    # never does): while it holds writes, its keys carry how many (see ``_own_writes``).
    if not connection.run_on_commit:
        connection._vp_own_writes = 0
    connection._vp_own_writes = getattr(connection, "_vp_own_writes", 0) + 1
    pending = getattr(connection, "_vp_pending_page_change", None)
    if pending is None or pending.done:
        pending = connection._vp_pending_page_change = _Pending()
    hooks = connection.run_on_commit
    sids = set(connection.savepoint_ids)
    # A write inside a savepoint that is later rolled back loses its hook with it, so the hook
    # is registered again at each level; consecutive writes at one level share one.
    if hooks and hooks[-1][1] is pending and hooks[-1][0] == sids:
        return
    transaction.on_commit(pending, using=connection.alias)


def _own_writes() -> int:
    """The number of writes of the current transaction not yet committed (0 outside one)."""
    connection = default_connection
    if connection.in_atomic_block and connection.run_on_commit:
        return getattr(connection, "_vp_own_writes", 0)
    return 0


def _execute_wrapper(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and _is_write(sql):
            _note_write(connection)
        return result

    wrapper.vp_page_cache = True
    return wrapper


def install(sender=None, connection=None, **kwargs) -> None:
    """Watch the writes of ``connection`` (connected to ``connection_created``)."""
    if connection is None:
        return
    if not any(getattr(w, "vp_page_cache", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_execute_wrapper(connection))


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
    own = _own_writes()
    return {key: f"pages:{version}:{own}:{digest}:{key}" for key in section_keys}


def timeout_until(expires: datetime | None) -> int | None:
    """Seconds to keep a fragment that goes stale at ``expires``; ``None``: not worth storing."""
    if expires is None:
        return FRAGMENT_TIMEOUT
    seconds = int((expires - timezone.now()).total_seconds())
    if seconds < 1:
        return None
    return min(seconds, FRAGMENT_TIMEOUT)


def municipality_current():
    """The installation's municipality, from the cache while the data version stands."""
    from .selectors import municipality_current as load

    key = (
        f"pages:{default_connection.settings_dict['NAME']}:{data_version()}:{_own_writes()}:"
        "municipality"
    )
    value = cache.get(key)
    if value is None:
        municipality = load()
        cache.set(key, municipality or "none", FRAGMENT_TIMEOUT)
        return municipality
    return None if value == "none" else value
