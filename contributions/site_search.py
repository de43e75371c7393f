"""Contributions in the site search (``visionsprocess.site_search``): published ones only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.site_search import Hit, SearchSource, search_sources
from visionsprocess.textsearch import matching

from .models import Contribution

#: The fields the trigger puts in ``search_vector`` (contributions migration 0013), in order.
FIELDS = ("title", "greeting", "group_name", "text")


def find(processes, stems):
    """Published contributions (moderated and with consent) of the processes, newest first,
    through the stored vector and its GIN index on PostgreSQL."""
    found = (
        Contribution.objects.published()
        .filter(process__in=processes)
        .only("pk", "kind", "title", "text", "created", "process_id")
    )
    return matching(found, stems, fields=FIELDS, vector="search_vector").order_by("-pk")


def _prepare(items):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(items, "process")


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
        )
    )
