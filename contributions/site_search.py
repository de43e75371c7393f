"""Contributions in the site search (``visionsprocess.site_search``): published ones only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.site_search import Hit, SearchSource, search_sources
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
        .filter(process__in=processes)
        .only("pk", "kind", "title", "text", "created", "process_id")
    )
    return matching(found, stems, fields=FIELDS, vector="search_vector", broad=broad).order_by(
        "-pk"
    )


def find_broad(processes, stems):
    return find(processes, stems, broad=True)


def _prepare(items, processes):
    """The page's contributions get their process from the processes searched (no query)."""
    by_id = {process.pk: process for process in processes}
    for contribution in items:
        Contribution.process.field.set_cached_value(contribution, by_id[contribution.process_id])


def _hit(contribution) -> Hit:
    process = contribution.process
    return Hit(
        title=contribution.title or str(contribution.get_kind_display()),
        url=reverse("contributions:detail", args=[process.slug, contribution.pk]),
        text=contribution.text,
        process=process,
        detail=f"{contribution.get_kind_display()} · {contribution.created:%Y-%m-%d}",
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
        )
    )
