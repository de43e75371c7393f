"""Reads of a process's synthesis ("Sammanställning") for the public page, "Ni sa – vi gjorde",
the staff page and the synthesis PDF.

:func:`published_synthesis` is the one read of what the public may see: the latest published
version with its themes (introduction, key points with their text and source, how many said it,
who they were), with every count of people passed through the small-count rule
(``visionsprocess.disclosure``) as the other public pages do: a count under five is never shown,
nor one that would give such a count away (a key point's or theme's total less its other
channels, districts or age bands). Three queries, however many themes and key points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse

from visionsprocess.disclosure import HIDDEN, Cost, CountTable
from visionsprocess.models import AgeBand

from ..models import (
    Channel,
    KeyPoint,
    Synthesis,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
)

SPREAD_KINDS = ("channel", "district", "age_band")


@dataclass(frozen=True)
class Count:
    """A count of people as the public sees it: ``value`` is ``None`` when hidden."""

    label: str
    value: int | None

    @property
    def text(self) -> str:
        return str(HIDDEN) if self.value is None else str(self.value)


@dataclass
class Spread:
    """How many, and who they were, small-count safe."""

    voices: int | None  # None: hidden (fewer than five, or hidden to protect such a count)
    by_channel: list[Count] = field(default_factory=list)
    by_district: list[Count] = field(default_factory=list)
    by_age_band: list[Count] = field(default_factory=list)
    any_hidden: bool = False

    @property
    def voices_text(self) -> str:
        return str(HIDDEN) if self.voices is None else str(self.voices)


@dataclass
class PublishedKeyPoint:
    text: str
    contribution_id: int
    url: str  # the source contribution's public page
    pinned: bool
    spread: Spread

    @property
    def voices(self) -> int | None:
        return self.spread.voices


@dataclass
class PublishedTheme:
    theme_id: int | None  # None when the theme was deleted after publishing
    name: str
    introduction: str
    spread: Spread
    key_points: list[PublishedKeyPoint]


@dataclass
class PublishedSynthesis:
    version_id: int
    number: int
    published_at: datetime
    themes: list[PublishedTheme]

    def by_theme(self) -> dict[int, PublishedTheme]:
        return {t.theme_id: t for t in self.themes if t.theme_id is not None}


def _labels(kind: str) -> dict[str, str]:
    if kind == "channel":
        return dict(Channel.choices)
    if kind == "age_band":
        return dict(AgeBand.choices)
    return {}


def _order(kind: str, keys) -> list[str]:
    if kind == "channel":
        return [k for k in Channel.values if k in keys]
    if kind == "age_band":
        return [k for k in AgeBand.values if k in keys]
    return sorted(keys)


def protected_spread(voices: int, spread: dict) -> Spread:
    """The small-count rule over one group of people: their number, which their channels add
    up to, and so do their districts and their age bands together with those who gave none
    (never printed, but part of the sum)."""
    table = CountTable()
    total = table.add("total", voices, cost=Cost.MARGIN)
    keys: dict[str, list[str]] = {}
    for kind in SPREAD_KINDS:
        counts = {k: int(v) for k, v in (spread.get(kind) or {}).items() if int(v) > 0}
        known = sum(counts.values())
        if known > voices:  # a hand-edited spread must never break the page
            counts, known = {}, 0
        keys[kind] = _order(kind, counts)
        parts = [table.add((kind, k), counts[k]) for k in keys[kind]]
        parts.append(table.add((kind, None), voices - known, cost=Cost.UNSHOWN))
        table.adds_up(total, parts)
    rule = table.protect()
    lists = {}
    for kind in SPREAD_KINDS:
        labels = _labels(kind)
        lists[kind] = [Count(labels.get(k, k), rule.shown((kind, k))) for k in keys[kind]]
    return Spread(
        voices=rule.shown("total"),
        by_channel=lists["channel"],
        by_district=lists["district"],
        by_age_band=lists["age_band"],
        any_hidden=any(rule.is_hidden(k) for k in rule.values if k[1:] != (None,)),
    )


def _published_version(process) -> SynthesisVersion | None:
    key_points = KeyPoint.objects.only(
        "pk", "section_id", "contribution_id", "text", "position", "pinned", "voices", "spread"
    ).order_by("position", "pk")
    themes = SynthesisTheme.objects.order_by("position", "pk").prefetch_related(
        Prefetch("key_points", queryset=key_points)
    )
    return (
        SynthesisVersion.objects.filter(synthesis__process=process, state=SynthesisState.PUBLISHED)
        .order_by("-number")
        .prefetch_related(Prefetch("themes", queryset=themes))
        .first()
    )


def published_synthesis(*, process) -> PublishedSynthesis | None:
    """The latest published version of the process's synthesis, ready to show to anyone (the
    small-count rule applied), or ``None`` when nothing has been published."""
    version = _published_version(process)
    if version is None:
        return None
    themes = []
    for section in version.themes.all():
        points = [
            PublishedKeyPoint(
                text=point.text,
                contribution_id=point.contribution_id,
                url=reverse("contributions:detail", args=[process.slug, point.contribution_id]),
                pinned=point.pinned,
                spread=protected_spread(point.voices, point.spread or {}),
            )
            for point in section.key_points.all()
        ]
        themes.append(
            PublishedTheme(
                theme_id=section.theme_id,
                name=section.name,
                introduction=section.introduction,
                spread=protected_spread(section.voices, section.spread or {}),
                key_points=points,
            )
        )
    return PublishedSynthesis(
        version_id=version.pk,
        number=version.number,
        published_at=version.published_at,
        themes=themes,
    )


def has_published_synthesis(process) -> bool:
    return SynthesisVersion.objects.filter(
        synthesis__process=process, state=SynthesisState.PUBLISHED
    ).exists()


def synthesis_of(process) -> Synthesis | None:
    return Synthesis.objects.filter(process=process).first()


def versions_of(process):
    return SynthesisVersion.objects.filter(synthesis__process=process).select_related(
        "created_by", "published_by"
    )


def draft_of(process) -> SynthesisVersion | None:
    """The draft with its themes and key points (with their source contributions), for the
    staff page."""
    key_points = KeyPoint.objects.select_related("contribution").order_by("position", "pk")
    themes = SynthesisTheme.objects.order_by("position", "pk").prefetch_related(
        Prefetch("key_points", queryset=key_points)
    )
    return (
        SynthesisVersion.objects.filter(synthesis__process=process, state=SynthesisState.DRAFT)
        .prefetch_related(Prefetch("themes", queryset=themes))
        .first()
    )
