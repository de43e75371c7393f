"""Reading suggestions for the officials' pages (selectors): one contribution's, the stored ones
for the inbox filter and the suggestions page, and how often officials accepted them."""

from __future__ import annotations

import dataclasses

from django.db.models import Exists, OuterRef

from ..models import (
    Contribution,
    ContributionTheme,
    SuggestedTheme,
    SuggestionDecision,
    Theme,
    ThemeModelState,
    ThemeSuggestion,
)
from . import text as swedish
from .store import contribution_text, current_model, decided_themes

#: A text with fewer words than this gets no suggestion ("Bra!" says nothing about a theme).
MIN_WORDS = 2
#: How many of an official's latest decisions the acceptance rate is computed over.
RATE_OVER = 100


@dataclasses.dataclass
class Suggestions:
    themes: list[tuple[Theme, float]]
    #: Why there are none: "" (there are), "no_model", "too_short".
    reason: str = ""


def for_contribution(contribution, *, k: int = 3) -> Suggestions:
    """The best ``k`` themes for one contribution, best first; not those it has, nor those an
    official already accepted or rejected for it. Never changes anything."""
    text = contribution_text(contribution.title, contribution.text)
    if swedish.word_count(text) < MIN_WORDS:
        return Suggestions([], "too_short")
    model = current_model(contribution.process)
    if model is None:
        return Suggestions([], "no_model")
    ranked = model.suggest(text, exclude=decided_themes(contribution), k=k)
    themes = Theme.objects.in_bulk([tid for tid, _score in ranked])
    return Suggestions([(themes[tid], score) for tid, score in ranked if tid in themes])


def stored_q_for_theme(theme_id) -> Exists:
    """Contributions the last training suggested ``theme_id`` for, which do not have it yet."""
    return Exists(
        SuggestedTheme.objects.filter(contribution=OuterRef("pk"), theme_id=theme_id)
    ) & ~Exists(ContributionTheme.objects.filter(contribution=OuterRef("pk"), theme_id=theme_id))


def stored(*, process, limit: int = 25) -> list[tuple[Contribution, list[Theme]]]:
    """The newest contributions without a theme that the last training made suggestions for,
    with those themes best first (the suggestions page)."""
    untagged = ~Exists(ContributionTheme.objects.filter(contribution=OuterRef("pk")))
    suggested = Exists(SuggestedTheme.objects.filter(contribution=OuterRef("pk")))
    contributions = list(
        Contribution.objects.filter(process=process)
        .filter(untagged, suggested)
        .defer("search_vector")
        .order_by("-created", "-pk")[:limit]
    )
    themes: dict[int, list[Theme]] = {c.pk: [] for c in contributions}
    for row in (
        SuggestedTheme.objects.filter(contribution__in=contributions)
        .select_related("theme__parent")
        .order_by("rank")
    ):
        themes[row.contribution_id].append(row.theme)
    return [(c, themes[c.pk]) for c in contributions]


def has_model(process) -> bool:
    return ThemeModelState.objects.filter(
        process=process, version__gt=0, blob__isnull=False
    ).exists()


def acceptance(*, process, over: int = RATE_OVER) -> tuple[int, int]:
    """Of the officials' last ``over`` decisions on suggestions, how many accepted: (accepted,
    decided)."""
    decisions = list(
        ThemeSuggestion.objects.filter(theme__process=process)
        .order_by("-at", "-pk")
        .values_list("decision", flat=True)[:over]
    )
    return sum(d == SuggestionDecision.ACCEPTED for d in decisions), len(decisions)
