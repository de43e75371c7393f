"""Contributions in the site search (``visionsprocess.site_search``): published ones only."""

from django.db import connections
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from visionsprocess.site_search import Hit, SearchSource, process_ids, search_sources
from visionsprocess.textsearch import matching

from .models import Contribution

#: The fields the trigger puts in ``search_vector`` (contributions migration 0013), in order.
FIELDS = ("title", "greeting", "group_name", "text")


def find(processes, stems, *, broad: bool = False):
    """Published contributions (moderated and with consent) of the processes, newest first,
    through the stored vector and its GIN index on PostgreSQL (``broad``: a search known to
    match more than a thousand, read by walking the primary key backwards instead)."""
    found = (
        Contribution.objects.published()
        .filter(process_id__in=process_ids(processes))
        .only("pk", "kind", "title", "text", "created", "process_id")
    )
    return matching(found, stems, fields=FIELDS, vector="search_vector", broad=broad).order_by(
        "-pk"
    )


#: The newest contribution of any of the processes (PostgreSQL): one backward step of the
#: ``(process_id, id)`` index per process. See ``find_broad``. Written as a range of one
#: process ordered by both columns, which only that index serves: with ``process_id = x`` the
#: planner walked the primary key backwards instead, through every newer row of the other
#: municipalities (100,000 rows: 70–110 ms; now under 1 ms).
_NEWEST_OF_PROCESSES = (
    "SELECT max(newest) FROM unnest(%s::bigint[]) AS searched(process_id)"  # noqa: S608 (no input in the text)
    " CROSS JOIN LATERAL (SELECT c.id AS newest FROM contributions_contribution c"
    " WHERE c.process_id >= searched.process_id AND c.process_id <= searched.process_id"
    " ORDER BY c.process_id DESC, c.id DESC LIMIT 1) AS per_process"
)


def find_broad(processes, stems):
    """``find`` for a search known to match more than a thousand: read newest first by walking
    the primary key backwards and checking rows until the page is full. The walk starts at the
    newest contribution of the processes searched, not of the whole table: the rows of other
    municipalities (newer ids) are never walked through (with two municipalities of 100,000 the
    walk for the first municipality skipped the other's 100,000 rows: 115 ms; now 4 ms)."""
    found = find(processes, stems, broad=True)
    if connections[found.db].vendor != "postgresql":
        return found
    newest = RawSQL(_NEWEST_OF_PROCESSES, [process_ids(processes)])  # noqa: S611 (ids as a parameter)
    return found.filter(pk__lte=newest)


def _prepare(items, processes):
    """The page's contributions get their process from the processes searched (no query)."""
    by_id = {process.pk: process for process in processes}
    for contribution in items:
        Contribution.process.field.set_cached_value(contribution, by_id[contribution.process_id])


def _day(moment) -> str:
    """The day as the other hits give it ("7 december 2026"), in the page's language."""
    return date_format(timezone.localtime(moment), "j F Y")


def _hit(contribution) -> Hit:
    process = contribution.process
    return Hit(
        title=contribution.title or str(contribution.get_kind_display()),
        url=reverse("contributions:detail", args=[process.slug, contribution.pk]),
        text=contribution.text,
        process=process,
        detail=f"{contribution.get_kind_display()} · {_day(contribution.created)}",
    )


def register():
    search_sources.register(
        SearchSource(
            key="contributions",
            label=_("Contributions"),
            order=10,
            find=find,
            hit=_hit,
            prepare=_prepare,
            find_broad=find_broad,
            # The published rows of the processes in the partial index
            # ``contrib_process_support_idx`` (contributions migration 0022).
            count_order=("process_id", "-support_count", "-created", "-pk"),
        )
    )
