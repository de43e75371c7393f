"""Rendered sections of public pages, cached until anything they could show changes.

The public process page is composed of sections the apps register (meetings, contributions,
the text, goals, surveys, documents...), each with its own queries: about fifteen per view, and
at 100,000 contributions a count per kind that costs more than the rest of the page together.
What they show changes a few times a day; the page is read far more often.

So an anonymous visitor's sections are cached, rendered, under the *version* of their process
and of its municipality (``visionsprocess/changes.py``): every service that writes something a
page shows records the change (``changes.record(process=...)``), and once its transaction
commits the version of that process (or municipality) is replaced. A write to one process
leaves the cached sections of every other process, and of every other municipality, as they
are. What records no change (an official opening a contribution sets its ``read_at``; a login)
keeps the cache warm. Writes made outside the services (psql) are not seen: fragments expire
after five minutes.

* The version is read before the sections' data, so a section rendered from data older than a
  change is stored under the version that change replaced and never served after its commit.
  Reads inside a transaction that has recorded changes (a test, for one) use keys of their own
  (``changes.pending()``), so they see their own writes.
* A section whose content changes with the clock alone (upcoming meetings, a survey opening or
  closing) says when through ``Section.expires``; its fragment is kept no longer than that.
  Every fragment is dropped after ``FRAGMENT_TIMEOUT`` at the latest (a safety net).
* Replacements of versions lost while the cache server was unreachable are made up for: the
  process that failed to write them replaces every version when it finds the server back
  (``cache.on_recovery`` → ``changes.replace_epoch``).
* Only what an anonymous visitor sees is cached: a signed-in person (who may see staff controls,
  their own state or answer buttons) always gets freshly rendered sections. The key holds the
  language and the time zone, so one language is never served for another.
* The cache fails open (``visionsprocess/cache.py``): without Redis every read misses and the
  page is rendered as before, with more queries.
"""

import hashlib
from datetime import datetime

from django.core.cache import cache
from django.db import connection as default_connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from . import changes, tenancy

#: Seconds a fragment is kept at most, whatever its version says.
FRAGMENT_TIMEOUT = 300


# --- fragments ----------------------------------------------------------------------------------


def cacheable(request) -> bool:
    """Whether the sections of this request may come from (and go to) the cache."""
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated and request.method == "GET"


def fragment_keys(request, page: str, obj, section_keys: list[str]) -> dict[str, str]:
    """The cache key of each section of ``page`` about ``obj`` for this request."""
    process = obj if hasattr(obj, "municipality_id") else getattr(obj, "process", None)
    version = _version(request, process)
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
    return {key: f"pages:{version}:{digest}:{key}" for key in section_keys}


def _version(request, process) -> str:
    """The version the sections of ``process`` are cached under (read once per request)."""
    known = request.__dict__.setdefault("_vp_versions", {})
    pk = getattr(process, "pk", None)
    if pk not in known:
        if process is None:
            known[pk] = changes.version()
        else:
            known[pk] = changes.version(process=process, municipality=process.municipality_id)
    own = 0
    if process is not None:
        own = changes.pending(process=process, municipality=process.municipality_id)
    return f"{known[pk]}:{own}"


def timeout_until(expires: datetime | None) -> int | None:
    """Seconds to keep a fragment that goes stale at ``expires``; ``None``: not worth storing."""
    if expires is None:
        return FRAGMENT_TIMEOUT
    seconds = int((expires - timezone.now()).total_seconds())
    if seconds < 1:
        return None
    return min(seconds, FRAGMENT_TIMEOUT)


def municipality_current(request=None):
    """The municipality of ``request`` (set from its host by ``tenancy.TenantMiddleware``), or
    of the request being served; outside a request the installation's first municipality, from
    the tenancy's cached map (no query until a municipality changes)."""
    municipality = getattr(request, "municipality", None) if request is not None else None
    if municipality is None:
        municipality = tenancy.current.get()
    if municipality is None:
        municipality = tenancy.host_map()["first"]
    return municipality


# --- the municipality page ------------------------------------------------------------------------

#: Seconds the municipality page is kept at most: what is open now and the upcoming meetings
#: change by the clock too (a survey closes, a meeting ends).
MUNICIPALITY_PAGE_TIMEOUT = 60


def municipality_page_key(request, municipality, processes, page: str = "home") -> str | None:
    """The cache key of the municipality page's content for this anonymous request, under the
    version of the municipality and of every process it lists; ``None`` for a signed-in person.
    A transaction that has recorded changes of them reads keys of its own (as the sections)."""
    if not cacheable(request):
        return None
    own = changes.pending(municipality=municipality.pk) + sum(
        changes.pending(process=process.pk) for process in processes
    )
    version = changes.version_of_all(processes=processes, municipality=municipality)
    parts = (
        default_connection.settings_dict["NAME"],
        page,
        own,
        municipality.pk,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"pages:municipality:{version}:{digest}"


def render_sections(registry, request: HttpRequest, obj) -> list[SafeString]:
    """Render every section of ``registry`` (a ``registry.SectionRegistry``) for ``obj`` (a process,
    or an object with a ``process``); an anonymous visitor's cacheable sections come from, and go
    to, the cache."""
    base = {registry.subject: obj}
    if registry.subject != "process" and hasattr(obj, "process"):
        base["process"] = obj.process
    sections = list(registry)
    cached, keys = {}, {}
    if cacheable(request) and any(s.public_cache for s in sections):
        keys = fragment_keys(
            request, registry.name, obj, [s.key for s in sections if s.public_cache]
        )
        found = cache.get_many(list(keys.values()))
        cached = {key: found[k] for key, k in keys.items() if k in found}
    rendered, to_store = [], {}
    for section in sections:
        if section.key in cached:
            if cached[section.key]:  # "" is a hidden section
                rendered.append(SafeString(cached[section.key]))
            continue
        context = section.get_context(request, obj)
        html = ""
        if context is not None:
            html = render_to_string(section.template, {**base, **context}, request)
            rendered.append(SafeString(html))
        if section.key in keys:
            expires = section.expires(context) if section.expires and context else None
            timeout = timeout_until(expires)
            if timeout:
                to_store.setdefault(timeout, {})[keys[section.key]] = html
    for timeout, values in to_store.items():
        cache.set_many(values, timeout)
    return rendered


# --- fragments addressed by what they show --------------------------------------------------------


def render_shown(template: str, context: dict, request, shown) -> SafeString:
    """``template`` rendered with ``context``, kept in the cache under a digest of ``shown``:
    every value the fragment shows, as plain values (with the language and the time zone).
    Whatever changes in what it shows gives another key, so a fragment is never stale and needs
    no version: a change of one process that alters nothing of a list of a hundred (a new
    contribution) finds that list already rendered. For lists whose rendering costs more than
    gathering what they show (the municipality page's processes and "Öppet nu")."""
    parts = (
        default_connection.settings_dict["NAME"],
        template,
        shown,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    key = "pages:shown:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context, request)
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return SafeString(html)


def shown_processes(processes) -> tuple:
    """What the municipality page shows of each process (its card)."""
    return tuple(
        (
            process.pk,
            process.get_absolute_url(),
            process.title,
            str(process.current_stage.name) if process.current_stage_id else "",
            process.is_draft,
            process.is_public,
            process.summary,
            process.horizon_year,
        )
        for process in processes
    )


def shown_open_now(open_now, municipality) -> tuple:
    """What the municipality page shows of what is open now."""
    return (
        municipality.name,
        tuple(
            (
                key,
                tuple(
                    (
                        str(item.kind),
                        str(item.title),
                        item.url,
                        str(item.text),
                        item.process.title if item.process else None,
                        item.closes,
                    )
                    for item in items
                ),
            )
            for key, items in open_now
        ),
    )
