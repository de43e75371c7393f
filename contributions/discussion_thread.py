"""The shared parts of a discussion page, rendered once and kept in the page cache.

A contribution with 500 comments took more than a second to render, for every reader. The page
now shows the thread a page at a time (``THREAD_PAGE_SIZE`` top-level comments with all their
replies, oldest first, then "Visa fler kommentarer": a link with ``?sida=2``, loaded in place
with htmx), and what every reader sees alike is cached under the *version* of the process
(``visionsprocess/page_cache.py``, ``changes.py``): a new comment, an approval, a hidden comment
or a support records a change of the process and the next reader gets the page rendered anew.

What differs between readers is never stored:

* an *audience* (may discuss, may report, may reply, may answer as the municipality) chooses
  which shared rendering is used: a handful of variants, none holding anyone's data;
* the CSRF token of the forms and the name a reply form suggests are rendered as markers
  (keyed by ``SECRET_KEY``, so every node writes and reads the same ones) and replaced with the
  reader's own values when the page is served;
* the "Håller med" button (the reader's own state), the comment form and a form sent back with
  errors are rendered for each request.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from visionsprocess import page_cache

from .selectors import discussion as selectors

ITEMS = "contributions/public/discussion/thread_items.html"
PAGE_PARAMS = ("sida", "page")


def _marker(name: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"discussion-thread:{name}".encode(), hashlib.sha256
    )
    return f"vp{name}{digest.hexdigest()[:24]}"


def page_number(request) -> int:
    """The thread page a link asks for (``?sida=``; ``?page=`` too); anything else is page 1."""
    for name in PAGE_PARAMS:
        value = (request.GET.get(name) or "").strip()
        if value.isascii() and value.isdigit() and len(value) <= 6:
            return max(1, min(int(value), selectors.THREAD_MAX_PAGE))
    return 1


@dataclass(frozen=True)
class Audience:
    """What the shared rendering depends on: never a person's data, only what they may do."""

    can_discuss: bool = False
    can_report: bool = False
    can_reply: bool = False
    can_answer: bool = False

    @property
    def key(self) -> str:
        flags = (self.can_discuss, self.can_report, self.can_reply, self.can_answer)
        return "".join("1" if flag else "0" for flag in flags)


@dataclass
class _Keyed:
    """What ``page_cache.fragment_keys`` needs of the object a fragment is about."""

    pk: int
    process: object
    created: object = None


@dataclass(frozen=True)
class Thread:
    html: SafeString
    number: int
    has_next: bool
    first_index: int
    shown: int


class _Voice:
    """The reader as the shared rendering sees them: known or not, named by a marker."""

    def __init__(self, is_known: bool):
        self.is_known = is_known
        self.default_name = _marker("name")


def _personal(request, html: str, voice) -> SafeString:
    """The shared rendering with this reader's CSRF token and suggested name."""
    html = with_csrf(request, html)
    if _marker("name") in html:
        html = html.replace(_marker("name"), escape(getattr(voice, "default_name", "") or ""))
    return mark_safe(html)  # noqa: S308 - rendered by our templates; the values are escaped


#: What ``{% csrf_token %}`` renders in a shared rendering, until ``with_csrf`` fills it in.
CSRF_MARKER = _marker("csrf")


def with_csrf(request, html: str) -> SafeString:
    """A shared rendering (made with ``csrf_token=CSRF_MARKER``) with this reader's token."""
    if CSRF_MARKER in html:  # no token (and no CSRF cookie) for a rendering without a form
        html = html.replace(CSRF_MARKER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our templates


def cached(request, *, page: str, obj, process, variant: str, build):
    """``build()`` (a dict of strings and numbers), kept under the process's version for
    ``obj`` (a contribution or a paragraph), this ``page`` and ``variant``."""
    keyed = _Keyed(pk=obj.pk, process=process, created=getattr(obj, "created", None))
    key = page_cache.fragment_keys(request, page, keyed, [variant])[variant]
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, page_cache.FRAGMENT_TIMEOUT)
    return found


def thread(
    request,
    *,
    field: str,
    obj,
    process,
    number: int,
    audience: Audience,
    context: dict,
    voice,
    reply_form=None,
) -> Thread:
    """Page ``number`` of the thread on ``obj`` (``field``: ``"contribution"`` or
    ``"paragraph"``) as this reader sees it. ``context`` holds what the templates need to build
    the thread's addresses (``process``, ``c`` or ``paragraph``, ``consultation``,
    ``comment_url``). A reply form sent back with errors is rendered for this request alone."""

    def build(shared: bool) -> dict:
        found = selectors.thread_page(field=field, target_id=obj.pk, number=number)
        values = {
            **context,
            "comments": found.comments,
            "thread_page": found,
            "can_discuss": audience.can_discuss,
            "can_report": audience.can_report,
            "can_answer": audience.can_answer,
            "voice": _Voice(audience.can_reply) if shared else voice,
            "reply_form": None if shared else reply_form,
        }
        if shared:
            values["csrf_token"] = CSRF_MARKER
        html = render_to_string(ITEMS, values, request)
        return {
            "html": html,
            "has_next": found.has_next,
            "first_index": found.first_index,
            "shown": len(found.comments),
        }

    if reply_form is not None:
        found = build(shared=False)
        html = mark_safe(found["html"])  # noqa: S308 - rendered by our templates
    else:
        found = cached(
            request,
            page=f"discussion-thread:{field}",
            obj=obj,
            process=process,
            variant=f"{number}:{audience.key}",
            build=lambda: build(shared=True),
        )
        html = _personal(request, found["html"], voice)
    return Thread(
        html=html,
        number=number,
        has_next=found["has_next"],
        first_index=found["first_index"],
        shown=found["shown"],
    )
