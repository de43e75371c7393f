"""Rate limits for every anonymous form that writes or sends e-mail: one helper, one setting.

Each limit has a *group* name with its rate in ``settings.RATE_LIMITS`` (``"10/h"``: ten per
hour), set per installation with ``RATE_LIMIT_<GROUP>`` environment variables (see settings).
The counters live in the cache (django-ratelimit), keyed on the client's address as
``visionsprocess.clients.client_ip`` sees it (behind ``TRUSTED_PROXY_COUNT`` proxies), or on
another value the caller names (an e-mail address, a meeting). When the cache is down the limits
let requests through (the cache fails open, see ``visionsprocess/cache.py``): a citizen's input
is worth more than a counter.

Use::

    @limit_post("dialog.register")            # a view whose POST is limited per client
    def meeting_detail(request, ...): ...

    if limited(request, "contributions.submit"):       # or inside a view
        return too_many_requests(request, "contributions.submit", "contributions/...", {...})

Limits that must hold even without the cache (how many e-mails one address may be sent) are
counted in the database by the service that sends them, not here.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import _split_rate, is_ratelimited


def rate_for(group: str, municipality=None) -> str:
    """``group``'s rate: the municipality's own (``Municipality.rate_limits``) or the
    installation's (``settings.RATE_LIMITS``)."""
    own = getattr(municipality, "rate_limits", None) or {}
    return own.get(group) or settings.RATE_LIMITS[group]


def _value_key(value: str) -> Callable:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()

    def key(group, request):
        return digest

    return key


def limited(request, group: str, *, value: str | None = None, increment: bool = True) -> bool:
    """True when the client (or ``value``, if given) has used up ``group``'s rate.

    Each call counts one use (``increment=False`` only looks). Without a ``value`` the key is
    the client's address.
    """
    municipality = getattr(request, "municipality", None)
    return is_ratelimited(
        request,
        # Each municipality counts on its own: a client's uses at one host never count at another.
        group=f"{group}@{municipality.pk}" if municipality is not None else group,
        key=_value_key(value) if value is not None else "ip",
        rate=rate_for(group, municipality),
        increment=increment,
    )


def too_many_requests(request, group: str, template: str = "429.html", context: dict | None = None):
    """The friendly 429 page, or ``template`` with ``context``; ``Retry-After`` is the length
    of the group's window (the counter starts afresh at the latest then)."""
    response = render(request, template, context or {}, status=429)
    municipality = getattr(request, "municipality", None)
    response["Retry-After"] = str(_split_rate(rate_for(group, municipality))[1])
    return response


def limit_post(group: str, *, template: str = "429.html"):
    """Decorate a view: a POST beyond ``group``'s rate per client is answered 429."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and limited(request, group):
                return too_many_requests(request, group, template)
            return view(request, *args, **kwargs)

        wrapper.rate_limit_group = group
        return wrapper

    return decorator
