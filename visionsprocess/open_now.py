"""What a citizen can take part in right now, across every public process of a municipality.

The municipality page (``/``) lists, under "Öppet nu", everything open: a stage that receives
contributions, an open survey, a draft out on consultation, a meeting one can still register
for, an e-förslag to sign. The core knows none of these; each app registers a provider in its
``AppConfig.ready()`` (the core registers the consultations it owns)::

    from visionsprocess.open_now import OpenItem, open_now

    open_now.register("dialog.meetings", open_meetings, order=40)

    def open_meetings(*, municipality, processes, now) -> list[OpenItem]:
        # one or a few queries for all ``processes`` together, never one per process
        ...

``processes`` are the municipality's public, published processes (with their current stage
loaded), in the order the page lists them; a provider lists only what an anonymous visitor may
open. A provider of something that belongs to the municipality rather than to one process (an
e-förslag, which the ``contributions`` app will register as ``"contributions.e_proposals"``)
uses ``municipality`` and leaves ``OpenItem.process`` empty.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OpenItem:
    #: What kind of thing is open, for people: "Bidrag", "Enkät", "Remiss", "Möte", "E-förslag".
    kind: str
    title: str
    url: str
    #: The process it belongs to (``None``: the municipality's own, e.g. an e-förslag).
    process: Any = None
    #: When it closes (a survey's closing time, a consultation's last day, a meeting's start).
    closes: dt.datetime | dt.date | None = None
    #: One short sentence (what to do).
    text: str = ""


class OpenNowRegistry:
    def __init__(self):
        self._providers: dict[str, tuple[int, Callable[..., list[OpenItem]]]] = {}

    def register(self, key: str, provider: Callable[..., list[OpenItem]], order: int = 100):
        self._providers[key] = (order, provider)

    def __contains__(self, key):
        return key in self._providers

    def items(self, *, municipality, processes, now=None) -> list[tuple[str, list[OpenItem]]]:
        """Every provider's open items, in the providers' order, as ``(key, items)``; providers
        with nothing open are left out."""
        from django.utils import timezone

        now = now or timezone.now()
        result = []
        for key, (_order, provider) in sorted(
            self._providers.items(), key=lambda entry: (entry[1][0], entry[0])
        ):
            items = provider(municipality=municipality, processes=processes, now=now)
            if items:
                result.append((key, items))
        return result


open_now = OpenNowRegistry()


def open_consultations(*, municipality, processes, now) -> list[OpenItem]:
    """The core's own: drafts out on consultation whose last day has not passed."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Consultation, VersionState

    by_pk = {process.pk: process for process in processes}
    if not by_pk:
        return []
    consultations = (
        Consultation.objects.filter(
            version__round__process__in=list(by_pk),
            version__state=VersionState.CONSULTATION,
            deadline__gte=timezone.localdate(now),
        )
        .select_related("version__round")
        .order_by("deadline", "pk")
    )
    items = []
    for consultation in consultations:
        process = by_pk[consultation.version.round.process_id]
        items.append(
            OpenItem(
                kind=_("Consultation"),
                title=_("Draft on consultation: %(process)s") % {"process": process.title},
                url=reverse("drafting:consultation", args=[process.slug, consultation.pk]),
                process=process,
                closes=consultation.deadline,
                text=_("Read the draft and say what you think."),
            )
        )
    return items


open_now.register("core.consultations", open_consultations, order=30)
