"""The contributions app's part of "Ni sa – vi gjorde": theme by theme, what people said and what
came of it. Other apps add to each theme through ``theme_outcome_parts`` (the goals app adds the
goals and activities that came of a theme).

The page costs the same number of queries however many themes and contributions there are: each
kind of fact is read for all themes at once and grouped in Python. Every count under
``MIN_COUNT`` is shown as "fewer than 5", so no one can be picked out by a combination.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from visionsprocess.models import AgeBand, District, VersionState

from .models import (
    Contribution,
    ContributionKind,
    ContributionTheme,
    Feedback,
    ModerationState,
    ParagraphCitation,
    Theme,
)

#: Counts below this are shown as "fewer than 5".
MIN_COUNT = 5
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


@dataclass
class ThemeParts:
    parts: dict[str, ThemeOutcomePart] = field(default_factory=dict)

    def register(self, part: ThemeOutcomePart) -> ThemeOutcomePart:
        self.parts[part.key] = part
        return part

    def __iter__(self):
        return iter(sorted(self.parts.values(), key=lambda p: (p.order, p.key)))


theme_outcome_parts = ThemeParts()


def masked(count: int) -> int | None:
    """``count``, or ``None`` ("fewer than 5") for a small number that could identify someone."""
    return count if count >= MIN_COUNT else None


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
        if row["district_id"]:
            entry["district"][row["district_id"]] += row["n"]
        if row["age_band"]:
            entry["age"][row["age_band"]] += row["n"]
    result = {}
    for theme_id, entry in totals.items():
        result[theme_id] = {
            "total": masked(entry["total"]),
            "by_kind": [
                (ContributionKind(kind).label, masked(entry["kind"][kind]))
                for kind in ContributionKind.values
                if entry["kind"].get(kind)
            ],
            "by_district": [
                (name, masked(entry["district"][pk]))
                for pk, name in districts.items()
                if entry["district"].get(pk)
            ],
            "by_age": [
                (AgeBand(band).label, masked(entry["age"][band]))
                for band in AgeBand.values
                if entry["age"].get(band)
            ],
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
    quotes = _quotes(process)
    feedback = _feedback(process)
    paragraphs = _adopted_paragraphs(process)
    extra = [(part, part.bulk_context(process, themes)) for part in theme_outcome_parts]
    rows = []
    for theme in themes:
        row = {
            "theme": theme,
            "counts": counts.get(theme.pk),
            "quotes": quotes.get(theme.pk, []),
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
    return {"rows": rows, "unthemed": masked(unthemed), "has_unthemed": unthemed > 0}
