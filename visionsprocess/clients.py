"""Who is asking: the client's address, the one place that reads it.

Behind a load balancer every request comes from the balancer's address, so a rate limit keyed
on ``REMOTE_ADDR`` would put every citizen in one bucket. The balancer tells us the client in
``X-Forwarded-For``, but anyone can send that header too. So we trust exactly
``settings.TRUSTED_PROXY_COUNT`` proxies: each appends the address it was connected from, and
the address the outermost of *our* proxies saw is the ``N``-th entry from the right. Entries
further left were written by the client and are ignored. With ``TRUSTED_PROXY_COUNT = 0`` (the
default: gunicorn faces the internet) the header is ignored altogether.

Used by django-ratelimit (``RATELIMIT_IP_META_KEY``), allauth (the account adapter's
``get_client_ip``) and our own code (``client_ip(request)``), so every limit and every reporter
key sees the same address.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address, never bound


def _valid(value: str) -> str | None:
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client, as far as the trusted proxies let us know it."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [part for part in header.split(",") if part.strip()]
    if not entries:
        return remote
    # Fewer entries than proxies: the request skipped one of them; the leftmost entry is still
    # one a trusted proxy wrote.
    chosen = entries[-count] if len(entries) >= count else entries[0]
    return _valid(chosen) or remote


def ratelimit_ip(request) -> str:
    """For ``RATELIMIT_IP_META_KEY``: django-ratelimit masks IPv6 addresses to /64 itself."""
    return client_ip(request)
