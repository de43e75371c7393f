"""The contributions app's part of "Ni sa – vi gjorde": theme by theme, what people said and what
came of it. Other apps add to each theme through ``theme_outcome_parts`` (the goals app adds the
goals and activities that came of a theme).

The page costs the same number of queries however many themes and contributions there are: each
kind of fact is read for all themes at once and grouped in Python. The counts follow the one
small-count rule (``visionsprocess.disclosure``): a small count is hidden, and so is whatever
would give it away (the theme's total less its other kinds, districts or age bands).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from visionsprocess.disclosure import HIDDEN_NOTE, Cost, CountTable, Disclosure, protect_counts
from visionsprocess.models import AgeBand, District, VersionState
from visionsprocess.registry_base import Registry

from .models import (
    Contribution,
    ContributionKind,
    ContributionTheme,
    Feedback,
    ModerationState,
    ParagraphCitation,
    Theme,
    ThemeMapPublication,
)
from .selectors.synthesis import published_synthesis

QUOTES_PER_THEME = 3
QUOTE_LENGTH = 300


@dataclass(frozen=True)
class ThemeOutcomePart:
    """A block shown under every theme. ``bulk_context(process, themes)`` returns
    ``{theme_id: context}`` for all themes at once (one or a few queries, never one per theme);
    a theme missing from the result shows nothing of this part."""

    key: str
    template: str
    bulk_context: Callable
    order: int = 100


theme_outcome_parts: Registry[ThemeOutcomePart] = Registry("theme outcome parts")


def masked(count: int) -> int | None:
    """A count shown on its own: ``None`` ("fewer than 5") for a small number."""
    hidden, _total = protect_counts([count])
    return None if hidden[0] else count


def _theme_table(entry: dict, districts: dict[int, str]) -> Disclosure:
    """The small-count rule (``visionsprocess.disclosure``) over one theme's counts: its total,
    which its kinds add up to, and so do its districts and its age bands with those who gave
    none (not printed, but part of the sum)."""
    table = CountTable()
    total = table.add("total", entry["total"], cost=Cost.MARGIN)
    kinds = [table.add(("kind", k), entry["kind"].get(k, 0)) for k in ContributionKind.values]
    table.adds_up(total, kinds)
    known = sum(entry["district"].values())
    parts = [table.add(("district", pk), entry["district"].get(pk, 0)) for pk in districts]
    parts.append(table.add(("district", None), entry["total"] - known, cost=Cost.UNSHOWN))
    table.adds_up(total, parts)
    known = sum(entry["age"].values())
    parts = [table.add(("age", band), entry["age"].get(band, 0)) for band in AgeBand.values]
    parts.append(table.add(("age", ""), entry["total"] - known, cost=Cost.UNSHOWN))
    table.adds_up(total, parts)
    return table.protect()


def _counts(process, districts: dict[int, str]) -> dict[int, dict]:
    rows = (
        ContributionTheme.objects.filter(theme__process=process)
        .values(
            "theme_id",
            kind=F("contribution__kind"),
            district_id=F("contribution__district_id"),
            age_band=F("contribution__age_band"),
        )
        .annotate(n=Count("contribution_id", distinct=True))
        .order_by()
    )
    totals: dict[int, dict] = defaultdict(
        lambda: {
            "total": 0,
            "kind": defaultdict(int),
            "district": defaultdict(int),
            "age": defaultdict(int),
        }
    )
    for row in rows:
        entry = totals[row["theme_id"]]
        entry["total"] += row["n"]
        entry["kind"][row["kind"]] += row["n"]
        if row["district_id"] in districts:
            entry["district"][row["district_id"]] += row["n"]
        if row["age_band"] in AgeBand.values:
            entry["age"][row["age_band"]] += row["n"]
    result = {}
    for theme_id, entry in totals.items():
        rule = _theme_table(entry, districts)
        result[theme_id] = {
            "total": rule.shown("total"),
            "by_kind": [
                (ContributionKind(kind).label, rule.shown(("kind", kind)))
                for kind in ContributionKind.values
                if entry["kind"].get(kind)
            ],
            "by_district": [
                (name, rule.shown(("district", pk)))
                for pk, name in districts.items()
                if entry["district"].get(pk)
            ],
            "by_age": [
                (AgeBand(band).label, rule.shown(("age", band)))
                for band in AgeBand.values
                if entry["age"].get(band)
            ],
            "any_hidden": any(
                rule.is_hidden(k) for k in rule.values if k not in (("district", None), ("age", ""))
            ),
        }
    return result


def _quotes(process) -> dict[int, list[dict]]:
    """Up to three published contributions per theme (consent given), newest first."""
    published = Q(contribution__moderation_state=ModerationState.PUBLISHED) & Q(
        contribution__consent_to_publish=True
    )
    rows = (
        ContributionTheme.objects.filter(published, theme__process=process)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("contribution__created").desc(), F("contribution_id").desc()],
            )
        )
        .filter(rank__lte=QUOTES_PER_THEME)
        .values(
            "theme_id",
            "contribution_id",
            text=F("contribution__text"),
            title=F("contribution__title"),
            pseudonym=F("contribution__pseudonym"),
            kind=F("contribution__kind"),
        )
    )
    quotes: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        text = " ".join(row["text"].split())
        if len(text) > QUOTE_LENGTH:
            text = text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        quotes[row["theme_id"]].append(
            {
                "pk": row["contribution_id"],
                "title": row["title"],
                "text": text,
                "by": row["pseudonym"],
                "kind": ContributionKind(row["kind"]).label,
            }
        )
    return quotes


def _feedback(process) -> dict[int, list[Feedback]]:
    result: dict[int, list[Feedback]] = defaultdict(list)
    for item in Feedback.objects.filter(process=process, theme__isnull=False).order_by(
        "created", "pk"
    ):
        result[item.theme_id].append(item)
    return result


def _adopted_paragraphs(process) -> dict[int, list]:
    """The paragraphs of the adopted vision that cite the theme."""
    result: dict[int, list] = defaultdict(list)
    citations = (
        ParagraphCitation.objects.filter(
            theme__process=process, paragraph__version__state=VersionState.ADOPTED
        )
        .select_related("paragraph")
        .order_by("paragraph__order", "pk")
    )
    for citation in citations:
        result[citation.theme_id].append(citation.paragraph)
    return result


def outcome_context(request, process) -> dict | None:
    from visionsprocess.outcome import outcome_deeds

    themes = list(
        Theme.objects.filter(process=process)
        .select_related("parent")
        .order_by("parent__order", "parent__name", "order", "name")
    )
    if not themes:
        # Nothing grouped yet: still say how much came in ("Ni sa"), never "nothing to report".
        received = Contribution.objects.for_process(process).count()
        if not received:
            return None
        return {"rows": [], "unthemed": masked(received), "has_unthemed": True}
    deeds = outcome_deeds.by_theme(process)
    districts = dict(
        District.objects.filter(municipality_id=process.municipality_id).values_list("pk", "name")
    )
    counts = _counts(process, districts)
    # "Ni sa" from the published synthesis's key points when there is one; else quotes.
    synthesis = published_synthesis(process=process)
    said = synthesis.by_theme() if synthesis else {}
    quotes = {} if synthesis else _quotes(process)
    feedback = _feedback(process)
    paragraphs = _adopted_paragraphs(process)
    extra = [(part, part.bulk_context(process, themes)) for part in theme_outcome_parts]
    rows = []
    for theme in themes:
        row = {
            "theme": theme,
            "counts": counts.get(theme.pk),
            "quotes": quotes.get(theme.pk, []),
            "key_points": said[theme.pk].key_points if theme.pk in said else [],
            "feedback": feedback.get(theme.pk, []),
            "paragraphs": paragraphs.get(theme.pk, []),
            "deeds": deeds.get(theme.pk, []),
            "parts": [
                {"template": part.template, "context": contexts[theme.pk]}
                for part, contexts in extra
                if theme.pk in contexts
            ],
        }
        if row["counts"] or row["feedback"] or row["paragraphs"] or row["parts"] or row["deeds"]:
            rows.append(row)
    unthemed = Contribution.objects.for_process(process).filter(taggings__isnull=True).count()
    return {
        "rows": rows,
        "unthemed": masked(unthemed),
        "has_unthemed": unthemed > 0,
        "hidden_note": HIDDEN_NOTE,
        "map_published": ThemeMapPublication.objects.filter(process=process).exists(),
        "synthesis_published": synthesis is not None,
    }
