"""A cache that fails open: with Redis down, the site goes on without its cache.

Nothing the platform keeps in the cache is needed to answer a request: rate-limit counters
(django-ratelimit and allauth), the officials' inbox counts (``contributions/counting.py``) and
allauth's short-lived locks. So when the cache server cannot be reached, every read misses,
every write is dropped (``add`` says it added, so a lock never blocks) and every counter is
unknown – a request is then answered as if the cache were empty (a rate limit lets the request
through, a count is counted again) instead of with a 500.

One warning is logged when the cache goes away and one line when it is back. After a failure
the backend does not try the server again for ``RETRY_AFTER`` seconds, so a request during an
outage never waits for a connection timeout more than once per process and interval.

Configured in ``settings.CACHES`` as ``visionsprocess.cache.FailOpenRedisCache``; it takes the
same ``LOCATION`` and ``OPTIONS`` as Django's ``RedisCache``.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

#: Seconds to wait after a failure before the cache server is tried again.
RETRY_AFTER = 5.0


_recovery_hooks: list = []


def on_recovery(hook) -> None:
    """Call ``hook()`` when this process finds the cache reachable again after a failure: what
    it wrote while the server was away (new versions of cached content) was dropped, and the
    hook can make the content cached before the outage unusable."""
    if hook not in _recovery_hooks:
        _recovery_hooks.append(hook)


def _errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class FailOpenRedisCache(RedisCache):
    """Django's ``RedisCache`` that answers "not there" instead of raising when Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._is_down = False
        self._lock = threading.Lock()

    # --- state ----------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while a recent failure keeps us from trying the server."""
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: BaseException) -> None:
        with self._lock:
            self._down_until = time.monotonic() + RETRY_AFTER
            first = not self._is_down
            self._is_down = True
        if first:
            logger.warning(
                "Cache unreachable (%s on %s); going on without it: rate limits let requests "
                "through and counts are computed anew until it is back.",
                error.__class__.__name__,
                operation,
            )

    def _succeeded(self) -> None:
        if self._is_down:
            with self._lock:
                was_down, self._is_down = self._is_down, False
            if was_down:
                logger.warning("Cache reachable again.")
                for hook in _recovery_hooks:
                    try:
                        hook()
                    except Exception:  # a hook never breaks the request that noticed
                        logger.exception("Cache recovery hook %r failed", hook)

    def _call(self, operation: str, default, *args, **kwargs):
        if not self.available:
            return default
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except _errors() as error:
            self._failed(operation, error)
            return default
        self._succeeded()
        return result

    def ping(self) -> bool:
        """Ask the server directly (for ``/health/``): True if it answers now."""
        try:
            self._cache.get_client(write=True).ping()
        except _errors() as error:
            self._failed("ping", error)
            return False
        self._succeeded()
        with self._lock:
            self._down_until = 0.0
        return True

    # --- the cache API --------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Added" while down: code that takes a lock with add() (allauth's rate limits) goes on
        # instead of waiting for a lock it can never get; a counter starts at its first value.
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # ``ValueError`` is the cache API's answer for "no such counter"; django-ratelimit then
        # treats the count as unknown and, with RATELIMIT_FAIL_OPEN, lets the request through.
        missing = object()
        result = self._call("incr", missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
