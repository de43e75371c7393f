"""Dialogue meetings and their minutes in the site search (``visionsprocess.site_search``).

Public meetings only (never an internal one); what was said (minutes and main points) only once
the meeting is over, as the meeting's page shows it. Statements made at a meeting are
contributions and are found among them."""

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from visionsprocess.site_search import Hit, SearchSource, process_ids, search_sources
from visionsprocess.textsearch import matching

from .models import Meeting

#: The fields of the two functional indexes (dialog migration 0009), in order.
ABOUT = ("title", "description")
ALL = ("title", "description", "main_points", "minutes")


def find(processes, stems):
    now = timezone.now()
    meetings = Meeting.objects.public().filter(process_id__in=process_ids(processes))
    held = matching(meetings.filter(ends_at__lte=now), stems, fields=ALL)
    coming = matching(meetings.filter(ends_at__gt=now), stems, fields=ABOUT)
    return (
        Meeting.objects.filter(Q(pk__in=held.values("pk")) | Q(pk__in=coming.values("pk")))
        .select_related("process")
        .order_by("-starts_at", "-pk")
    )


def hit(meeting) -> Hit:
    parts = [meeting.description]
    if meeting.is_past:
        parts += [meeting.main_points, meeting.minutes]
    when = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    return Hit(
        title=meeting.title,
        url=meeting.get_absolute_url(),
        text=" ".join(part for part in parts if part),
        process=meeting.process,
        detail=f"{meeting.get_kind_display()} · {when}",
    )


def register():
    search_sources.register(
        SearchSource(
            key="meetings",
            label=_("Meetings and minutes"),
            order=20,
            find=find,
            hit=hit,
        )
    )
