"""Who has taken part, compared with who lives in the municipality: age band × district.

People are counted from five sources:

* contributions sent in on the web by one person (ideas, letters): one person each, with the
  age band and district they gave;
* group reports: the number of participants the group gave, over the age bands it named;
* input recorded by officials (interviews, paper forms, visits ...): the number of people behind
  each, over their age bands;
* survey respondents: each response sent in, with the age band and district it gave;
* meeting participants: the age counts recorded for each meeting held (meetings have no
  district, so they count towards the age bands only).

Where a group names several age bands its people are spread evenly over them (the remainder to
the youngest bands): the form asks which bands took part, not how many of each.

Population figures: the latest year with age-band figures for the municipality, and the latest
year with district figures. Statistics Sweden publishes per municipality, not per district, so
the share of an age band in a district is estimated as (the district's share of the population)
× (the age band's share of the municipality) unless a figure for that district and age band has
been entered; estimated cells are marked as such.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from dialog.models import MeetingAgeCount, MeetingStatus
from visionsprocess.models import AgeBand, District

from .. import counting
from ..models import Channel, Contribution, ContributionKind, PopulationFigure
from ..models.surveys import SurveyResponse

#: Counts below this are shown publicly as "fewer than 5" (and their shares not at all).
PUBLIC_MIN_COUNT = 5
#: How many groups the comparison marks as furthest under their share.
MARKED_GROUPS = 3
PUBLIC_CACHE_SECONDS = 300

SOURCES = ("web", "group", "recorded", "survey", "meeting")


@dataclass
class Cell:
    age_band: str
    district_id: int | None
    count: int = 0
    share: float = 0.0  # of the participants whose age band and district are known
    population: int | None = None
    population_share: float | None = None
    estimated: bool = False
    marked: bool = False

    @property
    def gap(self) -> float | None:
        """Percentage points under (negative) or over the population share."""
        if self.population_share is None:
            return None
        return round(self.share - self.population_share, 1)


@dataclass
class Representation:
    bands: list[tuple[str, str]]
    districts: list[District]
    by_source: dict[str, int]
    total: int
    by_age: dict[str, int]
    by_district: dict[int | None, int]
    unknown_age: int
    unknown_district: int
    age_rows: list[Cell] = field(default_factory=list)
    district_rows: list[Cell] = field(default_factory=list)
    matrix: list[tuple[str, str, list[Cell]]] = field(default_factory=list)
    population_year: int | None = None
    district_population_year: int | None = None
    has_population: bool = False
    marked: list[Cell] = field(default_factory=list)


def _spread(people: int, bands: list[str]) -> dict[str, int]:
    bands = [b for b in AgeBand.values if b in bands]
    if not bands:
        return {"": people}
    each, rest = divmod(people, len(bands))
    return {band: each + (1 if i < rest else 0) for i, band in enumerate(bands)}


def participants(*, process) -> tuple[dict[tuple[str, int | None], int], dict[str, int]]:
    """People who took part per (age band, district), '' / None where unknown; and per source."""
    people: dict[tuple[str, int | None], int] = defaultdict(int)
    by_source = dict.fromkeys(SOURCES, 0)
    # One query: people who sent in on their own (no number of people) and groups or recorded
    # input (a number of people over named age bands), counted by what tells them apart.
    rows = (
        Contribution.objects.filter(process=process)
        # Statements are not people (the meeting's age counts are); a survey's free-text answers
        # are counted once per respondent below, not once per answer.
        .exclude(kind__in=(ContributionKind.STATEMENT, ContributionKind.SURVEY_ANSWER))
        .order_by()
        .values_list("kind", "channel", "group_size", "group_age_bands", "age_band", "district_id")
        .annotate(n=Count("pk"))
    )
    for kind, channel, size, bands, band, district, n in rows:
        if size is None:
            people[(band or "", district)] += n
            by_source["web"] += n
            continue
        total = size * n
        source = "group" if kind == ContributionKind.GROUP_REPORT else "recorded"
        if channel == Channel.WEB and kind != ContributionKind.GROUP_REPORT:
            source = "web"
        by_source[source] += total
        for spread_band, count in _spread(total, list(bands or ([band] if band else []))).items():
            people[(spread_band, district)] += count
    respondents = (
        SurveyResponse.objects.filter(survey__process=process, submitted_at__isnull=False)
        .order_by()
        .values_list("age_band", "district_id")
        .annotate(n=Count("pk"))
    )
    for band, district, n in respondents:
        people[(band or "", district)] += n
        by_source["survey"] += n
    meetings = MeetingAgeCount.objects.filter(meeting__process=process).exclude(
        meeting__status=MeetingStatus.CANCELLED
    )
    for band, n in meetings.order_by().values_list("age_band").annotate(n=Sum("count")):
        people[(band, None)] += n or 0
        by_source["meeting"] += n or 0
    return dict(people), by_source


def _population(process):
    figures = PopulationFigure.objects.filter(municipality_id=process.municipality_id)
    rows = list(figures.values_list("year", "district_id", "age_band", "count"))
    age_years = [y for y, d, b, _c in rows if d is None and b]
    district_years = [y for y, d, b, _c in rows if d is not None and not b]
    age_year = max(age_years, default=None)
    district_year = max(district_years, default=None)
    by_age = {b: c for y, d, b, c in rows if d is None and b and y == age_year}
    by_district = {d: c for y, d, b, c in rows if d is not None and not b and y == district_year}
    cross = {(b, d): c for y, d, b, c in rows if d is not None and b and y == district_year}
    return age_year, district_year, by_age, by_district, cross


def _share(part, whole) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def representation(*, process, population=None) -> Representation:
    population = population or _population(process)
    people, by_source = participants(process=process)
    districts = list(District.objects.filter(municipality_id=process.municipality_id))
    bands = list(AgeBand.choices)
    by_age: dict[str, int] = defaultdict(int)
    by_district: dict[int | None, int] = defaultdict(int)
    for (band, district), n in people.items():
        by_age[band] += n
        by_district[district] += n
    total = sum(people.values())
    age_year, district_year, pop_age, pop_district, cross = population
    result = Representation(
        bands=bands,
        districts=districts,
        by_source=by_source,
        total=total,
        by_age=dict(by_age),
        by_district=dict(by_district),
        unknown_age=by_age.get("", 0),
        unknown_district=by_district.get(None, 0),
        population_year=age_year,
        district_population_year=district_year,
        has_population=bool(pop_age or pop_district),
    )
    known_age = total - result.unknown_age
    pop_age_total = sum(pop_age.values())
    for value, _label in bands:
        cell = Cell(value, None, by_age.get(value, 0), _share(by_age.get(value, 0), known_age))
        if pop_age_total:
            cell.population = pop_age.get(value, 0)
            cell.population_share = _share(cell.population, pop_age_total)
        result.age_rows.append(cell)
    known_district = total - result.unknown_district
    pop_district_total = sum(pop_district.values())
    for district in districts:
        n = by_district.get(district.pk, 0)
        cell = Cell("", district.pk, n, _share(n, known_district))
        if pop_district_total:
            cell.population = pop_district.get(district.pk, 0)
            cell.population_share = _share(cell.population, pop_district_total)
        result.district_rows.append(cell)
    # Age band × district: only people whose age band and district are both known.
    known_both = sum(n for (band, district), n in people.items() if band and district)
    cells = []
    for value, label in bands:
        row = []
        for district in districts:
            n = people.get((value, district.pk), 0)
            cell = Cell(value, district.pk, n, _share(n, known_both))
            if (value, district.pk) in cross and pop_district_total:
                cross_total = sum(cross.values()) or 1
                cell.population = cross[(value, district.pk)]
                cell.population_share = _share(cell.population, cross_total)
            elif pop_age_total and pop_district_total:
                share = (pop_age.get(value, 0) / pop_age_total) * (
                    pop_district.get(district.pk, 0) / pop_district_total
                )
                cell.population_share = round(100 * share, 1)
                cell.estimated = True
            row.append(cell)
            cells.append(cell)
        result.matrix.append((value, label, row))
    if known_both:
        under = [c for c in cells if c.gap is not None and c.gap < 0]
        under.sort(key=lambda c: c.gap)
        for cell in under[:MARKED_GROUPS]:
            cell.marked = True
        result.marked = under[:MARKED_GROUPS]
    elif pop_age_total and known_age:
        # No district known anywhere: mark the age bands furthest under their share.
        under = [c for c in result.age_rows if c.gap is not None and c.gap < 0]
        under.sort(key=lambda c: c.gap)
        for cell in under[:MARKED_GROUPS]:
            cell.marked = True
        result.marked = under[:MARKED_GROUPS]
    return result


def representation_public_until(*, process) -> tuple[Representation | None, datetime]:
    """The same figures for the process page, or ``None`` without population figures; cached
    until the contributions change (and at most five minutes, for meetings' age counts and
    population figures). A process without population figures costs one query, then none.
    Also returns the moment the figures may be out of date (a cache of what is shown of them
    must not keep them longer)."""
    # (A key of its own: the entry is a pair, which code that cached the figures alone under
    # "contributions:representation:" would not understand during a rolling deploy.)
    key = (
        f"contributions:representation-until:{process.pk}:{process.created.timestamp()}:"
        f"{counting.current_version(process.pk)}"
    )
    entry = cache.get(key)
    if not isinstance(entry, tuple):
        population = _population(process)
        value = (
            representation(process=process, population=population)
            if population[2] or population[3]
            else "none"
        )
        entry = (value, timezone.now() + timedelta(seconds=PUBLIC_CACHE_SECONDS))
        cache.set(key, entry, PUBLIC_CACHE_SECONDS)
    value, until = entry
    return (None if value == "none" else value), until


def _number(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=1)


def display(rep: Representation, *, public: bool) -> dict:
    """Rows ready to show: counts, shares in per cent (Swedish decimal comma), population shares,
    and on the public page counts under five as "fewer than 5" with their shares left out."""
    from django.utils.translation import gettext as _

    band_labels = dict(rep.bands)
    district_names = {d.pk: d.name for d in rep.districts}

    def count(n: int) -> str:
        if public and 0 < n < PUBLIC_MIN_COUNT:
            return _("fewer than 5")
        return str(n)

    def share(cell: Cell) -> str:
        if public and 0 < cell.count < PUBLIC_MIN_COUNT:
            return "–"
        return f"{_number(cell.share)} %"

    def pop(cell: Cell) -> str:
        if cell.population_share is None:
            return "–"
        text = f"{_number(cell.population_share)} %"
        return f"{text}*" if cell.estimated else text

    def row(cell: Cell, label: str) -> dict:
        return {
            "label": label,
            "count": count(cell.count),
            "share": share(cell),
            "population": pop(cell),
            "marked": cell.marked,
            "gap": None if cell.gap is None else _number(cell.gap),
        }

    matrix = [
        {"label": label, "cells": [row(c, district_names.get(c.district_id, "")) for c in cells]}
        for _value, label, cells in rep.matrix
    ]
    marked = [
        _("%(age)s in %(district)s")
        % {"age": band_labels[c.age_band], "district": district_names[c.district_id]}
        if c.district_id
        else band_labels[c.age_band]
        for c in rep.marked
    ]
    return {
        "ages": [row(c, band_labels[c.age_band]) for c in rep.age_rows],
        "districts": [row(c, district_names[c.district_id]) for c in rep.district_rows],
        "matrix": matrix,
        "district_names": [d.name for d in rep.districts],
        "marked": marked,
        "has_estimates": any(c["population"].endswith("*") for r in matrix for c in r["cells"]),
        # People left out of the shares because they gave no age band or no district ("" when
        # none): without this the rows of a table add up to less than the total above it.
        "unknown_age": count(rep.unknown_age) if rep.unknown_age else "",
        "unknown_district": count(rep.unknown_district) if rep.unknown_district else "",
    }
