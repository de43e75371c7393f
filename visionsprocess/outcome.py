""" "Vi gjorde": what the municipality did with what people said, registered by each app.

An app registers, in its ``AppConfig.ready()``, a provider that lists its deeds for a process:
the core lists decisions and drafts sent on consultation; the goals app focus areas and the
activities of the action plan in force; an e-förslag answer will register the same way::

    from visionsprocess.outcome import Deed, outcome_deeds

    outcome_deeds.register("goals.focus_areas", focus_area_deeds, order=20)

    def focus_area_deeds(process) -> list[Deed]:  # one or a few queries, never one per row
        ...

"Ni sa – vi gjorde" lists every deed of the process, newest first, and under each theme the
deeds that rest on it (``theme_ids``). Only what is public is a deed: a provider leaves out
what the public may not see (an unpublished focus area, a draft plan).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Deed:
    kind: str  # what kind of deed, for people: "Beslut", "Fokusområde", ...
    title: str
    date: dt.date | None = None
    text: str = ""
    url: str = ""
    theme_ids: frozenset = field(default_factory=frozenset)


class DeedRegistry:
    def __init__(self):
        self._providers: dict[str, tuple[int, Callable]] = {}

    def register(self, key: str, provider: Callable, order: int = 100) -> None:
        self._providers[key] = (order, provider)

    def deeds(self, process) -> list[Deed]:
        """Every deed of ``process``, newest first (undated ones last). Read once per process
        object: the page's sections share them."""
        cached = getattr(process, "_outcome_deeds", None)
        if cached is not None:
            return cached
        deeds = [
            deed
            for _order, provider in sorted(self._providers.values(), key=lambda p: p[0])
            for deed in provider(process)
        ]
        deeds = sorted(deeds, key=lambda deed: deed.date or dt.date.min, reverse=True)
        process._outcome_deeds = deeds
        return deeds

    def by_theme(self, process) -> dict[int, list[Deed]]:
        result: dict[int, list[Deed]] = {}
        for deed in self.deeds(process):
            for theme_id in deed.theme_ids:
                result.setdefault(theme_id, []).append(deed)
        return result


outcome_deeds = DeedRegistry()


def core_deeds(process) -> list[Deed]:
    """The decisions of the process's bodies and the drafts it sent on consultation."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from .models import Consultation, Decision

    deeds = []
    for decision in Decision.objects.filter(process=process).select_related("body"):
        title = decision.subject or decision.get_outcome_display()
        deeds.append(
            Deed(
                kind=_("Decision"),
                title=f"{decision.body.short_name}: {title}",
                date=decision.meeting_date,
                text=decision.get_outcome_display(),
            )
        )
    consultations = Consultation.objects.filter(version__round__process=process).select_related(
        "version"
    )
    for consultation in consultations:
        deeds.append(
            Deed(
                kind=_("Consultation"),
                title=_("A draft was sent on consultation, to be answered by %(date)s")
                % {"date": date_format(consultation.deadline, "j F Y")},
                date=timezone.localdate(consultation.created),
                url=reverse(
                    "drafting:consultation", kwargs={"slug": process.slug, "pk": consultation.pk}
                ),
            )
        )
    return deeds


def deeds_context(request, process) -> dict | None:
    deeds = outcome_deeds.deeds(process)
    return {"deeds": deeds} if deeds else None
