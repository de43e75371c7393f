"""Reads for the officials' screens. Each returns a queryset with its joins done."""

import json
import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Concat
from django.utils.translation import get_language

from dialog.models import ConversationKit, Meeting
from visionsprocess.models import AgeBand, District, Stage

from .. import search
from ..models import (
    Attachment,
    Channel,
    Contribution,
    ContributionKind,
    ContributionTheme,
    ModerationEvent,
    PopulationFigure,
    Theme,
    ThemeSuggestion,
)

SEARCH_CONFIG = "swedish"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def has_media_exists() -> Exists:
    """Whether a contribution has at least one media file."""
    return Exists(Attachment.objects.filter(contribution=OuterRef("pk")))


class SwedishQuery(SearchQuery):
    """A tsquery written out (``'skol':* | '~skol':*``) and cast, not parsed by a configuration:
    the stems come from the same Snowball stemmer PostgreSQL's Swedish configuration uses, and
    the "~" parts (inner parts of compounds, see ``contributions.search``) must stay as written."""

    def __init__(self, tsquery: str):
        super().__init__(tsquery, search_type="raw")
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.tsquery]


def swedish_query(text: str) -> SearchQuery | None:
    """Every word of ``text`` (stop words left out), stemmed with the Swedish Snowball stemmer and
    matched as a prefix of a stemmed word ('skol':* finds skola, skolor, skolan) or, for stems of
    four letters or more, inside one ('~skol':* finds förskola, högskolor). Only word characters
    reach the query, so no tsquery operator can be injected."""
    stems = search.query_stems(text)
    if not stems:
        return None
    parts = []
    for stem in stems:
        if len(stem) >= search.INNER_MIN:
            parts.append(f"('{stem}':* | '~{stem}':*)")
        else:
            parts.append(f"'{stem}':*")
    return SwedishQuery(" & ".join(parts))


# A search matching at least this many contributions counts as broad (see search_filter).
BROAD_SEARCH_MATCHES = 500


def search_filter(queryset: QuerySet, text: str, *, broad: bool = False) -> QuerySet:
    """Swedish search: full-text on PostgreSQL (stemmed, GIN-indexed), the same rule on SQLite
    through a registered function (see ``contributions.search``).

    ``broad`` is for fetching a page of a search already known to match many contributions
    (``BROAD_SEARCH_MATCHES`` or more): the match is then written as the function behind the
    ``@@`` operator, ``ts_match_vq()``, which the GIN index does not serve and the planner
    estimates at a third of the rows, so PostgreSQL walks the newest-first index and checks rows
    until the page is full (under a millisecond). The planner cannot choose that by itself: it
    estimates a prefix query ('skol:*') at 2 % of the rows and two words at 0.04 %, and a broad
    match through the GIN index means fetching and sorting thousands of rows for one page. The
    rows found are the same either way.
    """
    text = " ".join((text or "").split())[:200]
    if not text:
        return queryset
    if is_postgres():
        query = swedish_query(text)
        if query is None:
            return queryset
        if broad:
            return queryset.filter(
                Func(F("search_vector"), query, function="ts_match_vq", output_field=BooleanField())
            )
        return queryset.filter(search_vector=query)
    stems = search.query_stems(text)
    if not stems:
        return queryset
    text_expr = Concat(
        "title", Value(" "), "greeting", Value(" "), "group_name", Value(" "), "text",
        output_field=TextField(),
    )  # fmt: skip
    return queryset.filter(
        Func(
            text_expr,
            Value(json.dumps(stems)),
            function="vp_swedish_match",
            output_field=BooleanField(),
        )
    )


def theme_list(*, process) -> list[Theme]:
    """The process's themes, main themes each followed by their sub-themes. Written out and
    with each sub-theme's parent taken from the same list (the inbox asks on every page)."""
    qn = connection.ops.quote_name
    sql = (
        f"SELECT * FROM {qn(Theme._meta.db_table)} WHERE {qn('process_id')} = %s"  # noqa: S608
        f" ORDER BY {qn('order')} ASC, {qn('name')} ASC"
    )
    themes = list(Theme.objects.raw(sql, [process.pk]))
    by_id = {t.pk: t for t in themes}
    for theme in themes:
        if theme.parent_id in by_id:
            Theme.parent.field.set_cached_value(theme, by_id[theme.parent_id])
    mains = [t for t in themes if t.parent_id is None]
    ordered = []
    for main in mains:
        ordered.append(main)
        ordered.extend(t for t in themes if t.parent_id == main.pk)
    return ordered


def filter_choices(*, process) -> dict[str, list[tuple[str, str]]]:
    """Districts, stages, meetings and conversation kits of the process in ONE query (a UNION),
    written out: the inbox asks for it on every page, and building it through the ORM cost
    more than running it (about 1.5 ms of Python per page)."""
    qn = connection.ops.quote_name
    stage_name = qn("name_sv")
    if (get_language() or "sv").startswith("en"):
        stage_name = f"COALESCE(NULLIF({qn('name_en')}, ''), {qn('name_sv')})"
    sql = (
        f"SELECT 'd', {qn('id')}, {qn('name')}, {qn('order')} FROM {qn(District._meta.db_table)}"  # noqa: S608
        f" WHERE {qn('municipality_id')} = %s"
        f" UNION ALL SELECT 'm', {qn('id')}, {qn('title')}, 0 FROM {qn(Meeting._meta.db_table)}"
        f" WHERE {qn('process_id')} = %s"
        f" UNION ALL SELECT 'k', {qn('id')}, {qn('title')}, 0"
        f" FROM {qn(ConversationKit._meta.db_table)} WHERE {qn('process_id')} = %s"
        f" UNION ALL SELECT 's', {qn('id')}, {stage_name}, {qn('position')}"
        f" FROM {qn(Stage._meta.db_table)} WHERE {qn('process_id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [process.municipality_id, process.pk, process.pk, process.pk])
        rows = sorted(cursor.fetchall(), key=lambda r: (r[0], r[3], r[2]))
    choices = {"d": [], "s": [], "origin": []}
    for source, pk, label, _sort in rows:
        if source in ("d", "s"):
            choices[source].append((str(pk), label))
        else:
            choices["origin"].append((f"{source}{pk}", label))
    return {"district": choices["d"], "stage": choices["s"], "origin": choices["origin"]}


def contribution_inbox(*, process) -> QuerySet[Contribution]:
    """All contributions of a process for the inbox, with what a row shows joined or prefetched."""
    return (
        Contribution.objects.filter(process=process)
        .select_related("district", "meeting", "kit")
        .defer("search_vector", "group_age_bands")
        .prefetch_related(
            Prefetch(
                "taggings",
                queryset=ContributionTheme.objects.select_related("theme").order_by(
                    "theme__order", "theme__name"
                ),
            )
        )
    )


INBOX_ROW_VALUES = (
    "id",
    "created",
    "kind",
    "title",
    "text",
    "meeting_id",
    "meeting__title",
    "kit_id",
    "kit__title",
    "district_id",
    "district__name",
    "age_band",
    "consent_to_publish",
    "moderation_state",
    "feedback_state",
    "read_at",
)


def contribution_inbox_rows(*, process) -> QuerySet[Contribution]:
    """The inbox list, to filter and count; ``as_row_values()`` turns a page of it into rows."""
    return Contribution.objects.filter(process=process)


def as_row_values(queryset: QuerySet[Contribution]) -> QuerySet:
    """Only what a row shows, as plain values, no model instances (a page shows 25–100 of up to
    100,000 contributions). Applied after counting: the joins of these values would otherwise
    go into the count too (77 ms instead of 11 ms at 100,000 contributions)."""
    return queryset.values(*INBOX_ROW_VALUES)


def contribution_rows(*, process, ids) -> QuerySet:
    """The given rows again (after bulk tagging), for the rows partial."""
    return as_row_values(contribution_inbox_rows(process=process).filter(pk__in=list(ids)))


def theme_names_by_contribution(ids) -> dict[int, list[str]]:
    """The theme names of each given contribution, in the themes' order (one light query,
    written out: it runs on every inbox page)."""
    names: dict[int, list[str]] = {}
    ids = [int(i) for i in ids]
    if not ids:
        return names
    qn = connection.ops.quote_name
    tagging, theme = qn(ContributionTheme._meta.db_table), qn(Theme._meta.db_table)
    sql = (
        f"SELECT tg.{qn('contribution_id')}, th.{qn('name')} FROM {tagging} tg"  # noqa: S608
        f" INNER JOIN {theme} th ON th.{qn('id')} = tg.{qn('theme_id')}"
        f" WHERE tg.{qn('contribution_id')} IN ({', '.join(['%s'] * len(ids))})"
        f" ORDER BY th.{qn('order')} ASC, th.{qn('name')} ASC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for contribution_id, name in cursor.fetchall():
            names.setdefault(contribution_id, []).append(name)
    return names


def contribution_detail(*, process, pk: int) -> Contribution:
    return (
        contribution_inbox(process=process)
        .select_related("stage")
        .prefetch_related(
            Prefetch("events", queryset=ModerationEvent.objects.select_related("by")),
            "feedback",
            "attachments",
        )
        .select_related("recorded_by")
        .get(pk=pk)
    )


# --- Theme suggestions -------------------------------------------------------------------------


def theme_keywords(theme: Theme) -> list[str]:
    return [w.strip() for w in re.split(r"[\n,]", theme.keywords or "") if w.strip()]


def _simple_match(text: str, keywords: list[str]) -> bool:
    words = re.findall(r"\w+", text.lower())
    return any(word.startswith(keyword.lower()) for keyword in keywords for word in words)


def theme_suggestions(*, process, limit: int = 25) -> list[tuple[Contribution, list[Theme]]]:
    """Untagged contributions whose text matches a theme's keywords (Swedish stemming on
    PostgreSQL: to_tsvector('swedish') @@ to_tsquery('swedish', 'stem:*'); a lowercase prefix match
    elsewhere), without the suggestions an official already decided on."""
    themes = [t for t in Theme.objects.filter(process=process) if theme_keywords(t)]
    if not themes:
        return []
    untagged = (
        Contribution.objects.filter(process=process)
        .filter(~Exists(ContributionTheme.objects.filter(contribution=OuterRef("pk"))))
        .defer("search_vector")
    )
    matches: dict[int, list[Theme]] = {}
    if is_postgres():
        for theme in themes:
            query = None
            for keyword in theme_keywords(theme):
                part = swedish_query(keyword)
                if part is not None:
                    query = part if query is None else query | part
            if query is None:
                continue
            decided = ThemeSuggestion.objects.filter(contribution=OuterRef("pk"), theme=theme)
            ids = (
                untagged.filter(search_vector=query)
                .filter(~Exists(decided))
                .order_by("-created")
                .values_list("pk", flat=True)[:limit]
            )
            for pk in ids:
                matches.setdefault(pk, []).append(theme)
        contributions = {c.pk: c for c in untagged.filter(pk__in=list(matches))}
    else:
        decided = set(
            ThemeSuggestion.objects.filter(theme__process=process).values_list(
                "contribution_id", "theme_id"
            )
        )
        contributions = {}
        for contribution in untagged.order_by("-created")[:2000]:
            for theme in themes:
                if (contribution.pk, theme.pk) in decided:
                    continue
                if _simple_match(
                    f"{contribution.title} {contribution.text}", theme_keywords(theme)
                ):
                    matches.setdefault(contribution.pk, []).append(theme)
                    contributions[contribution.pk] = contribution
    ordered = sorted(contributions.values(), key=lambda c: c.created, reverse=True)[:limit]
    return [(c, matches[c.pk]) for c in ordered]


# --- Overview ---------------------------------------------------------------------------------


def _count_by(queryset, field) -> dict:
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def contribution_overview(*, process) -> dict:
    """Counts by kind, theme, stage, district and age band, plus population comparisons."""
    contributions = Contribution.objects.filter(process=process)
    total = contributions.count()
    by_kind = _count_by(contributions, "kind")
    by_stage = _count_by(contributions, "stage")
    by_age = _count_by(contributions, "age_band")
    by_district = _count_by(contributions, "district")
    by_channel = _count_by(contributions, "channel")
    theme_counts = dict(
        ContributionTheme.objects.filter(theme__process=process)
        .order_by()
        .values_list("theme")
        .annotate(n=Count("contribution", distinct=True))
    )
    themes = theme_list(process=process)
    districts = list(District.objects.filter(municipality_id=process.municipality_id))

    population = PopulationFigure.objects.filter(municipality_id=process.municipality_id)
    year = population.order_by("-year").values_list("year", flat=True).first()
    pop_age, pop_district = {}, {}
    if year:
        for district_id, band, count in population.filter(year=year).values_list(
            "district_id", "age_band", "count"
        ):
            if district_id is None and band:
                pop_age[band] = count
            elif district_id is not None and not band:
                pop_district[district_id] = count

    def share(part, whole):
        return round(100 * part / whole, 1) if whole else 0.0

    known_age_total = sum(n for band, n in by_age.items() if band)
    known_district_total = sum(n for d, n in by_district.items() if d)
    pop_age_total = sum(pop_age.values())
    pop_district_total = sum(pop_district.values())
    return {
        "total": total,
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in ContributionKind.choices],
        "by_channel": [(label, by_channel.get(value, 0)) for value, label in Channel.choices],
        "by_stage": [
            (stage.name, by_stage.get(stage.pk, 0))
            for stage in Stage.objects.filter(process=process).order_by("position")
        ],
        "by_theme": [(str(t), theme_counts.get(t.pk, 0)) for t in themes],
        "by_district": [(d.name, by_district.get(d.pk, 0)) for d in districts]
        + [(None, by_district.get(None, 0))],
        "by_age_band": [(label, by_age.get(value, 0)) for value, label in AgeBand.choices]
        + [(None, by_age.get("", 0))],
        "population_year": year,
        "age_comparison": [
            (
                label,
                share(by_age.get(value, 0), known_age_total),
                share(pop_age.get(value, 0), pop_age_total),
            )
            for value, label in AgeBand.choices
        ],
        "district_comparison": [
            (
                d.name,
                share(by_district.get(d.pk, 0), known_district_total),
                share(pop_district.get(d.pk, 0), pop_district_total),
            )
            for d in districts
        ],
        "has_population": bool(pop_age or pop_district),
    }


def population_current(*, municipality) -> tuple[int | None, dict, dict]:
    figures = PopulationFigure.objects.filter(municipality=municipality)
    year = figures.order_by("-year").values_list("year", flat=True).first()
    by_age, by_district = {}, {}
    if year:
        for district_id, band, count in figures.filter(year=year).values_list(
            "district_id", "age_band", "count"
        ):
            if district_id is None:
                by_age[band] = count
            else:
                by_district[district_id] = count
    return year, by_age, by_district


def quotes_by_theme(*, process, per_theme: int = 3) -> list[tuple[Theme, list[Contribution]]]:
    """Some published contributions for each theme (newest first), for the synthesis."""
    result = []
    published = Contribution.objects.published().filter(process=process).defer("search_vector")
    for theme in theme_list(process=process):
        quotes = list(published.filter(taggings__theme=theme).order_by("-created")[:per_theme])
        result.append((theme, quotes))
    return result


def contribution_overview_theme_counts(*, process) -> dict[int, int]:
    return dict(
        ContributionTheme.objects.filter(theme__process=process)
        .order_by()
        .values_list("theme")
        .annotate(n=Count("contribution"))
    )
