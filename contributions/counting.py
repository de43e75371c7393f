"""Result counts of the officials' inbox, cached until the contributions of the process change.

Counting every match of a filter over 100,000 contributions costs more than everything else on
the page, and an official pages, sorts and tags within the same filter many times. So a count
is cached under the filter's parameters and a per-process *version*. Every write that can change
what a filter matches (a new contribution, moderation, tagging, feedback, a deleted theme) calls
``changed()`` after commit, which gives the process a new version, so the next page counts again:
the count a person sees is never older than the last change they (or anyone) made.

The version is read before counting, so a write that commits while a count runs leaves that
count under the version it replaces, never under the new one.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import connection, transaction

COUNT_TIMEOUT = 300  # seconds; a safety net, the version is what keeps counts right


def _version_key(process_id: int) -> str:
    # The database name keeps parallel test databases (and installations) apart.
    return f"contributions:inbox:{connection.settings_dict['NAME']}:{process_id}:version"


def changed(process_id: int) -> None:
    """Give the process a new version now (its cached counts are no longer used)."""
    cache.set(_version_key(process_id), uuid.uuid4().hex, None)


def changed_on_commit(process_id: int) -> None:
    """Call ``changed()`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: changed(process_id))


def _version(process_id: int) -> str:
    key = _version_key(process_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or ""
    return version


def cached_count(queryset, *, process, params) -> int:
    """``queryset.count()``, cached per process version and filter ``params`` (pairs)."""
    version = _version(process.pk)
    digest = hashlib.sha256(repr(sorted(params)).encode()).hexdigest()[:32]
    # The process's creation time keeps a reused primary key (a recreated database) apart.
    key = (
        f"contributions:inbox:{connection.settings_dict['NAME']}:{process.pk}:"
        f"{process.created.timestamp()}:{version}:{digest}"
    )
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_TIMEOUT)
    return count


def current_version(process_id: int) -> str:
    """The process's version now (for other caches that must go stale with the counts)."""
    return _version(process_id)
