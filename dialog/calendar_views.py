"""The municipality's calendar (``/kalender/``) and its one iCalendar feed (``/kalender.ics``).

Both show every public meeting of the municipality's public processes, and both are kept for
anonymous visitors as the municipality page is (``visionsprocess.page_cache``): under the
versions of the municipality and of each of its public processes, replaced whenever a change of
them is recorded (``visionsprocess.changes``). A write in one municipality therefore leaves the
other municipalities' calendars cached. A signed-in person gets them rendered anew.

Rendered anew, a month costs two queries: the public processes (their ids are the cache key's
versions, their titles and slugs are what the month shows of them) and the month's meetings of
exactly those processes, read through the index on (process, starts_at) – no join.

The feed answers a conditional GET: its ``ETag`` is a digest of its content and its
``Last-Modified`` the time it was built, so a calendar app that asks again every few minutes
gets ``304 Not Modified`` until something changed.
"""

import datetime as dt
import hashlib
import re

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from visionsprocess import page_cache
from visionsprocess.models import VisionProcess
from visionsprocess.tenancy import request_municipality

from . import ics, selectors

MONTH_PARAMETER = re.compile(r"(\d{4})-(\d{1,2})")
#: Seconds a month is kept at most: a meeting that ends moves nothing on the calendar, but the
#: link to "this month" changes with the date (it is in the key as well).
CALENDAR_TIMEOUT = page_cache.FRAGMENT_TIMEOUT
BODY = "dialog/includes/municipality_calendar_body.html"


def _month(value: str):
    """``(year, month)`` from a ``YYYY-MM`` parameter, or ``None`` when it is not one (a bad
    parameter shows the current month with a note, never an error)."""
    match = MONTH_PARAMETER.fullmatch((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2200 and 1 <= month <= 12):
        return None
    return year, month


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _public_processes(municipality) -> list[VisionProcess]:
    """The municipality's public, published processes: what the calendar shows of each."""
    return list(
        VisionProcess.objects.public()
        .filter(municipality=municipality)
        .only("pk", "slug", "title", "municipality_id")
        .order_by("pk")
    )


@require_safe
def municipality_calendar(request):
    """Every public meeting of the municipality's public processes, month by month, as a list
    by day (readable on a phone and by a screen reader), with the one feed of them all."""
    municipality = request_municipality(request)
    today = timezone.localdate()
    asked = request.GET.get("manad")
    chosen = _month(asked) if asked is not None else None
    year, month = chosen or (today.year, today.month)
    bad_month = asked is not None and chosen is None
    processes = _public_processes(municipality)
    page = f"calendar:{year:04d}-{month:02d}:{today:%Y-%m}:{int(bad_month)}"
    key = page_cache.municipality_page_key(request, municipality, processes, page)
    body = cache.get(key) if key else None
    if body is None:
        body = _calendar_body(
            request, processes, year=year, month=month, today=today, bad_month=bad_month
        )
        if key:
            cache.set(key, body, CALENDAR_TIMEOUT)
    start = dt.date(year, month, 1)
    return render(
        request,
        "dialog/municipality_calendar.html",
        {"month": start, "body": SafeString(body)},
    )


def _calendar_body(request, processes, *, year, month, today, bad_month) -> str:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    next_year, next_month = _shift(year, month, 1)
    end = dt.datetime(next_year, next_month, 1, tzinfo=tz)
    meetings = selectors.calendar_month_of(processes=processes, start=start, end=end)
    days: dict[dt.date, list] = {}
    for meeting in meetings:
        days.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    previous = _shift(year, month, -1)
    following = (next_year, next_month)
    context = {
        "month": start.date(),
        "days": sorted(days.items()),
        "bad_month": bad_month,
        "previous": f"{previous[0]:04d}-{previous[1]:02d}" if previous[0] >= 2000 else "",
        "following": f"{following[0]:04d}-{following[1]:02d}" if following[0] <= 2200 else "",
        "this_month": f"{today.year:04d}-{today.month:02d}",
        "cancelled": _("Cancelled"),
    }
    return render_to_string(BODY, context, request)


@require_safe
def municipality_feed(request):
    """The one feed of every public meeting. Kept (for a calendar app, which asks anonymously)
    until a change of the municipality or of any of its processes is recorded, five minutes at
    most: building thousands of events takes seconds."""
    municipality = request_municipality(request)
    processes = VisionProcess.objects.public().filter(municipality=municipality).only("pk")
    key = page_cache.municipality_page_key(request, municipality, list(processes), "feed")
    kept = cache.get(key) if key else None
    if kept is None:
        body = ics.municipality_feed(
            municipality, selectors.municipality_feed(municipality=municipality)
        )
        kept = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', timezone.now().timestamp())
        if key:
            cache.set(key, kept, page_cache.FRAGMENT_TIMEOUT)
    body, etag, built = kept
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(built))
    response = not_modified or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built)
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    # A calendar app may keep it; it must ask again (a conditional GET) before using it.
    patch_cache_control(response, no_cache=True)
    return response
