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
from visionsprocess.disclosure import HIDDEN, HIDDEN_NOTE, Cost, CountTable, Disclosure
from visionsprocess.models import AgeBand, District

from .. import counting
from ..models import Channel, Contribution, ContributionKind, PopulationFigure
from ..models.surveys import SurveyResponse

#: How many age bands, districts and cells of the grid (each) the comparison marks as furthest
#: under their share.
MARKED_GROUPS = 2
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
    #: People per (age band, district), '' / None where unknown: what the public tables hide
    #: small counts of (``public_disclosure``).
    people: dict[tuple[str, int | None], int] = field(default_factory=dict)


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
        people=dict(people),
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
    # Furthest under their share: the age bands, the districts and the cells of the grid, each
    # ranked on its own. A cell's share of the grid is small, so its gap always is: ranked
    # together with whole age bands and districts, the cells would hide the largest gaps (and
    # ranked alone, as before, they did).
    levels = (
        result.age_rows if known_age else [],
        result.district_rows if known_district else [],
        cells if known_both else [],
    )
    for level in levels:
        under = sorted((c for c in level if c.gap is not None and c.gap < 0), key=lambda c: c.gap)
        for cell in under[:MARKED_GROUPS]:
            cell.marked = True
            result.marked.append(cell)
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
        f"contributions:representation-v2:{process.pk}:{process.created.timestamp()}:"
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


def public_disclosure(rep: Representation) -> Disclosure:
    """The small-count rule (``visionsprocess.disclosure``) over everything the public tables
    show or give away: the whole age band × district grid with its unknown row and column, its
    margins (the age and district tables), the grand total, and the three denominators the
    percentages give away (those who gave an age band, a district, both).

    Keys: ``("cell", band, district_id)``, ``("age", band)``, ``("district", district_id)``,
    ``"total"``, ``"known_age"``, ``"known_district"``, ``"known_both"``; '' / None where
    unknown."""
    table = CountTable()
    bands = [value for value, _label in rep.bands]
    district_ids = [d.pk for d in rep.districts]
    all_bands, all_districts = [*bands, ""], [*district_ids, None]
    people = {
        (band if band in bands else "", district if district in district_ids else None): 0
        for band in all_bands
        for district in all_districts
    }
    for (band, district), n in rep.people.items():
        key = (band if band in bands else "", district if district in district_ids else None)
        people[key] += n
    for (band, district), n in people.items():
        shown = bool(band) and district is not None
        # Gave neither: a count of no one's age or district, which the shares give away
        # (total − known age − known district + known both).
        table.add(
            ("cell", band, district),
            n,
            cost=Cost.CELL if shown else Cost.UNSHOWN,
            exempt=not band and district is None,
        )
    for band in all_bands:
        row = [("cell", band, d) for d in all_districts]
        # How many gave no age band describes no one: exempt from hiding for being small.
        table.add(
            ("age", band), sum(table.values[k] for k in row), cost=Cost.MARGIN, exempt=not band
        )
        table.adds_up(("age", band), row)
    for district in all_districts:
        column = [("cell", b, district) for b in all_bands]
        table.add(
            ("district", district),
            sum(table.values[k] for k in column),
            cost=Cost.MARGIN,
            exempt=district is None,
        )
        table.adds_up(("district", district), column)
    total = table.add("total", sum(people.values()), cost=Cost.MARGIN)
    table.adds_up(total, [("age", b) for b in all_bands])
    table.adds_up(total, [("district", d) for d in all_districts])
    # The shares give their denominators away: the people who gave an age band, a district, both.
    known_age = table.add(
        "known_age", sum(table.values[("age", b)] for b in bands), cost=Cost.MARGIN
    )
    table.adds_up(known_age, [("age", b) for b in bands])
    table.adds_up(total, [known_age, ("age", "")])
    known_district = table.add(
        "known_district",
        sum(table.values[("district", d)] for d in district_ids),
        cost=Cost.MARGIN,
    )
    table.adds_up(known_district, [("district", d) for d in district_ids])
    table.adds_up(total, [known_district, ("district", None)])
    known_cells = [("cell", b, d) for b in bands for d in district_ids]
    known_both = table.add(
        "known_both", sum(table.values[k] for k in known_cells), cost=Cost.MARGIN
    )
    table.adds_up(known_both, known_cells)
    return table.protect()


def _number(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=1)


def display(rep: Representation, *, public: bool) -> dict:
    """Rows ready to show: counts, shares in per cent (Swedish decimal comma), population shares.
    On the public page the small-count rule (``public_disclosure``) decides which counts show:
    a hidden count reads "hidden", and its share, and every share whose denominator is hidden,
    are left out. Officials see every figure."""
    from django.utils.translation import gettext as _

    band_labels = dict(rep.bands)
    district_names = {d.pk: d.name for d in rep.districts}
    rule = public_disclosure(rep) if public else None

    def key(cell: Cell):
        if cell.district_id is None:
            return ("age", cell.age_band)
        if not cell.age_band:
            return ("district", cell.district_id)
        return ("cell", cell.age_band, cell.district_id)

    def denominator(cell: Cell) -> str:
        if cell.district_id is None:
            return "known_age"
        return "known_district" if not cell.age_band else "known_both"

    def hidden(k) -> bool:
        return rule is not None and rule.is_hidden(k)

    def count(k, n: int) -> str:
        return str(HIDDEN) if hidden(k) else str(n)

    def share(cell: Cell) -> str:
        if hidden(key(cell)) or hidden(denominator(cell)):
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
            "count": count(key(cell), cell.count),
            "share": share(cell),
            "population": pop(cell),
            "marked": cell.marked,
            "gap": None if cell.gap is None else _number(cell.gap),
        }

    def name(cell: Cell) -> str:
        if cell.district_id is None:
            return str(band_labels[cell.age_band])
        if not cell.age_band:
            return district_names[cell.district_id]
        return _("%(age)s in %(district)s") % {
            "age": band_labels[cell.age_band],
            "district": district_names[cell.district_id],
        }

    def marked_text(cell: Cell) -> str:
        population = _number(cell.population_share)
        if share(cell) == "–":
            return _("%(name)s (%(population)s %% of the population)") % {
                "name": name(cell),
                "population": population,
            }
        return _(
            "%(name)s (%(share)s %% of those who took part, %(population)s %% of the population)"
        ) % {
            "name": name(cell),
            "share": _number(cell.share),
            "population": population,
        }

    matrix = [
        {"label": label, "cells": [row(c, district_names.get(c.district_id, "")) for c in cells]}
        for _value, label, cells in rep.matrix
    ]
    ages = [row(c, band_labels[c.age_band]) for c in rep.age_rows]
    districts = [row(c, district_names[c.district_id]) for c in rep.district_rows]
    shown_counts = [r["count"] for r in ages + districts] + [
        c["count"] for r in matrix for c in r["cells"]
    ]
    return {
        "total": count("total", rep.total),
        "total_hidden": hidden("total"),
        "ages": ages,
        "districts": districts,
        "matrix": matrix,
        "district_names": [d.name for d in rep.districts],
        "marked": [marked_text(c) for c in rep.marked],
        "has_estimates": any(c["population"].endswith("*") for r in matrix for c in r["cells"]),
        # People left out of the shares because they gave no age band or no district ("" when
        # none): without this the rows of a table add up to less than the total above it.
        "unknown_age": count(("age", ""), rep.unknown_age) if rep.unknown_age else "",
        "unknown_district": (
            count(("district", None), rep.unknown_district) if rep.unknown_district else ""
        ),
        "any_hidden": str(HIDDEN) in shown_counts,
        "hidden_note": HIDDEN_NOTE,
    }
