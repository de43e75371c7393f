"""Which municipality a request is for: several municipalities, one installation.

Each municipality is a tenant reached at its own host names (``HostName``: ``dialog.vaggeryd.se``,
``vansbro.localhost``). ``TenantMiddleware`` maps the request's host (port stripped, lower case)
to its municipality and sets ``request.municipality``; a host no municipality has gets a plain
404 (only ``/health/`` answers on the platform's own hosts, ``PLATFORM_HOSTS``, for the load
balancer). Django's ``ALLOWED_HOSTS`` is ``*``: this middleware, first in the chain, is the host
check, against the database instead of a list in the settings, so an operator adds a
municipality without a deploy.

The host → municipality map is cached under the municipalities' version
(``changes.version(municipalities=True)``): one cache read per request, no query, until a
municipality or host name changes (the admin and ``municipality_create`` record the change).

``TENANCY_DEFAULT_HOSTS`` (development and tests: ``testserver``, ``localhost``,
``127.0.0.1``) are served by the first municipality when no ``HostName`` row names them, which
is how a single-municipality installation (and every test using Django's test client) behaves.

Every view that shows or changes something of "the municipality" asks
``request_municipality(request)``; objects are loaded through their process
(``permissions.process_by_slug``) and ``permission_required`` answers 404 for an object of another
municipality, so other tenants' ids are not found.
"""

from __future__ import annotations

import contextlib
import contextvars
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db import connection as default_connection
from django.db.models import F
from django.http import Http404, HttpResponseNotFound
from django.http.request import split_domain_port, validate_host

from . import changes
from .models import Municipality

#: Seconds the host map is kept at most, whatever its version says.
MAP_TIMEOUT = 300

#: The municipality of the request being served (for code far from the request: links in
#: e-mails sent while serving it).
current = contextvars.ContextVar("vp_current_municipality", default=None)


def _map_key() -> str:
    return (
        f"tenancy:{default_connection.settings_dict['NAME']}:"
        f"{changes.version(municipalities=True)}:{changes.pending(municipalities=True)}:hosts"
    )


def host_map(*, fresh: bool = False) -> dict:
    """``hosts`` (host → municipality), ``primary`` (municipality id → its primary host),
    ``by_id`` and ``first`` (the first municipality, or ``None``), cached until a municipality
    or a host name changes; ``fresh``: read from the database (and cached again)."""
    key = _map_key()
    value = None if fresh else cache.get(key)
    if value is None:
        value = _load_map()
        cache.set(key, value, MAP_TIMEOUT)
    return value


def _load_map() -> dict:
    """One query: every municipality joined with its host names."""
    rows = Municipality.objects.annotate(
        tenancy_host=F("host_names__host"), tenancy_primary=F("host_names__is_primary")
    ).order_by("pk", "-tenancy_primary", "tenancy_host")
    by_id, hosts, primary = {}, {}, {}
    for row in rows:
        municipality = by_id.setdefault(row.pk, row)
        if row.tenancy_host:
            hosts[row.tenancy_host] = municipality
            primary.setdefault(row.pk, row.tenancy_host)  # the primary sorts first
    for municipality in by_id.values():
        del municipality.tenancy_host, municipality.tenancy_primary
    return {
        "hosts": hosts,
        "primary": primary,
        "by_id": by_id,
        "first": next(iter(by_id.values()), None),
    }


def _domain(host: str) -> str:
    domain, _port = split_domain_port((host or "").lower())
    return (domain or "").rstrip(".")


def _lookup(mapping: dict, domain: str):
    municipality = mapping["hosts"].get(domain)
    if municipality is None and domain in settings.TENANCY_DEFAULT_HOSTS:
        municipality = mapping["first"]
    return municipality


def municipality_for_host(host: str):
    """The municipality served at ``host`` (``None``: none). A host not found in the cached map
    is looked up once more in the database (a municipality just added), never a found one."""
    domain = _domain(host)
    if not domain:
        return None
    municipality = _lookup(host_map(), domain)
    if municipality is None:
        municipality = _lookup(host_map(fresh=True), domain)
    return municipality


def is_platform_host(host: str) -> bool:
    """A host of the platform itself (``PLATFORM_HOSTS``, ``TENANCY_DEFAULT_HOSTS``): served
    even before it has a municipality (the operator's admin, ``/health/``)."""
    domain = _domain(host)
    return bool(domain) and (
        domain in settings.TENANCY_DEFAULT_HOSTS or validate_host(domain, settings.PLATFORM_HOSTS)
    )


class TenantMiddleware:
    """Sets ``request.municipality`` from the host; a host that neither a municipality nor the
    platform has: a plain 404 (no template, no municipality needed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request._get_raw_host()
        try:
            municipality = municipality_for_host(raw)
        except DatabaseError:
            # The database is down: the platform's hosts still answer (``/health/`` says 503).
            if not is_platform_host(raw):
                raise
            municipality = None
        if municipality is None and not is_platform_host(raw):
            return HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
        request.municipality = municipality
        token = current.set(municipality)
        try:
            return self.get_response(request)
        finally:
            current.reset(token)


def request_municipality(request):
    """The municipality ``request`` is for; 404 when no municipality is served at its host."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        raise Http404
    return municipality


def check_municipality(request, obj) -> None:
    """404 unless ``obj`` (a process, anything with a ``process`` or a ``municipality``) belongs
    to the municipality of the request: another tenant's object is not there."""
    own = getattr(request, "municipality", None)
    if obj is None or own is None:
        return
    municipality_id = municipality_id_of(obj)
    if municipality_id is not None and municipality_id != own.pk:
        raise Http404


def municipality_id_of(obj) -> int | None:
    """The municipality id ``obj`` belongs to, if it says (``None``: it belongs to none)."""
    if isinstance(obj, Municipality):
        return obj.pk
    if "municipality_id" in getattr(obj, "__dict__", {}):
        return obj.municipality_id
    process = getattr(obj, "process", None) if _has_attr(obj, "process") else None
    if process is not None and hasattr(process, "municipality_id"):
        return process.municipality_id
    return None


def _has_attr(obj, name: str) -> bool:
    try:
        return hasattr(obj, name)
    except Exception:  # a relation that is not set
        return False


def site_url(municipality=None) -> str:
    """The address of ``municipality``'s site (its primary host, with SITE_URL's scheme and
    port), for links in e-mails, calendars and PDFs; SITE_URL when it has no host name."""
    if municipality is None:
        municipality = current.get()
    if municipality is None:
        return settings.SITE_URL
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    host = host_map()["primary"].get(municipality_id)
    if not host:
        return settings.SITE_URL
    base = urlsplit(settings.SITE_URL)
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme or 'https'}://{host}{port}"


@contextlib.contextmanager
def activate(municipality):
    """Serve ``municipality`` (an instance, or ``None``) in this block, as the middleware does
    for a request: for work done outside a request (a worker's digests, reminders,
    invitations), so that links and the sender are the municipality's."""
    token = current.set(municipality)
    try:
        yield municipality
    finally:
        current.reset(token)


def municipality_among(values):
    """The municipality (an id) of the first of ``values`` that belongs to one (a meeting, a
    process, a consultation ...); ``None`` when none does."""
    for value in values:
        try:
            found = municipality_id_of(value)
        except Exception:  # noqa: BLE001 - a value that is not a model object
            found = None
        if found is not None:
            return found
    return None


def on_site(url: str, municipality) -> str:
    """``url`` on ``municipality``'s site when it was made on the installation's default
    address (SITE_URL: a link made outside a request, by a worker); other links unchanged."""
    base = settings.SITE_URL
    if not isinstance(url, str) or not (url == base or url.startswith(base + "/")):
        return url
    return site_url(municipality) + url[len(base) :]


def mail_domain(municipality=None) -> str:
    """The domain of ``municipality``'s e-mail Message-IDs: its primary host name (without a
    port); SITE_URL's host name when it has none (or no municipality is served)."""
    if municipality is None:
        municipality = current.get()
    host = ""
    if municipality is not None:
        municipality_id = municipality if isinstance(municipality, int) else municipality.pk
        host = host_map()["primary"].get(municipality_id, "")
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host or urlsplit(settings.SITE_URL).hostname or "localhost"


def sender_email(municipality=None) -> str:
    """The sender of e-mails of ``municipality`` (the installation's when it has none)."""
    if municipality is None:
        municipality = current.get()
    if isinstance(municipality, int):
        municipality = host_map()["by_id"].get(municipality)
    return getattr(municipality, "sender_email", "") or settings.DEFAULT_FROM_EMAIL
