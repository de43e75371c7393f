"""Writes of indicators and their measurements (by hand, from CSV, from Kolada)."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.model_update import model_assign

from .. import kolada
from ..models import (
    CouncilGoal,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementSource,
    Unit,
)
from .limits import MAX_CSV_BYTES, MAX_CSV_ROWS

# --- Indicators and values --------------------------------------------------------------------

INDICATOR_FIELDS = (
    "name",
    "unit",
    "higher_is_better",
    "source",
    "kolada_kpi",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
)


@transaction.atomic
def indicator_save(*, goal: CouncilGoal, indicator: Indicator | None = None, **fields) -> Indicator:
    indicator = indicator or Indicator()
    indicator.goal = goal
    model_assign(instance=indicator, fields=INDICATOR_FIELDS, data=fields)
    errors = {}
    if indicator.source == IndicatorSource.KOLADA and not indicator.kolada_kpi:
        errors["kolada_kpi"] = _("Give the Kolada key figure id, e.g. N00945.")
    if (indicator.baseline_value is None) != (indicator.baseline_year is None):
        errors["baseline_year"] = _("Give both a baseline value and its year, or neither.")
    if (indicator.target_value is None) != (indicator.target_year is None):
        errors["target_year"] = _("Give both a target value and its year, or neither.")
    if (
        indicator.baseline_year
        and indicator.target_year
        and indicator.target_year < indicator.baseline_year
    ):
        errors["target_year"] = _("The target year cannot come before the baseline year.")
    for name in ("baseline_value", "target_value"):
        value = getattr(indicator, name)
        if value is not None and name not in errors:
            try:
                check_value_for_unit(indicator.unit, value)
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    indicator.full_clean()
    indicator.save()
    changes.record(process=goal.process_id)
    return indicator


UNIT_SUFFIXES = {
    "%": Unit.PERCENT,
    "procent": Unit.PERCENT,
    "kr": Unit.SEK,
    "kronor": Unit.SEK,
    "sek": Unit.SEK,
    "dagar": Unit.DAYS,
    "days": Unit.DAYS,
    "st": Unit.COUNT,
}


def parse_value(text, unit: str) -> Decimal:
    """Read a value as people type it ("12,5", "1 234", "80 %") for an indicator of ``unit``."""
    if isinstance(text, Decimal | int | float) and not isinstance(text, bool):
        value = Decimal(str(text))
    else:
        raw = str(text or "").strip().replace("\u00a0", " ")
        if not raw:
            raise ValidationError(_("Enter a value."))
        lowered = raw.lower()
        for suffix, suffix_unit in UNIT_SUFFIXES.items():
            if lowered.endswith(suffix) and (
                suffix == "%" or not lowered[: -len(suffix)][-1:].isalpha()
            ):
                if suffix_unit != unit:
                    raise ValidationError(
                        _(
                            "Wrong unit: “%(text)s” is given in %(given)s, but the indicator is measured in %(unit)s."
                        )
                        % {"text": raw, "given": suffix_unit.label, "unit": Unit(unit).label}
                    )
                lowered = lowered[: -len(suffix)]
                break
        cleaned = lowered.replace(" ", "").replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(
                _("“%(text)s” is not a number. Write for example 12,5.") % {"text": raw}
            ) from None
    if not value.is_finite():
        raise ValidationError(_("Enter a finite number."))
    check_value_for_unit(unit, value)
    return value.quantize(Decimal("0.01"))


def check_value_for_unit(unit: str, value: Decimal) -> None:
    value = Decimal(value)
    if unit in (Unit.PERCENT, Unit.INDEX) and not (0 <= value <= 100):
        raise ValidationError(
            _("A value in %(unit)s must lie between 0 and 100.") % {"unit": Unit(unit).label}
        )
    if unit in (Unit.COUNT, Unit.DAYS, Unit.PER_1000, Unit.SEK) and value < 0:
        raise ValidationError(_("The value cannot be negative."))
    if unit == Unit.COUNT and value != value.to_integral_value():
        raise ValidationError(_("A number of things must be a whole number."))
    if abs(value) >= Decimal("1e12"):
        raise ValidationError(_("The value is too large."))


def check_year(indicator: Indicator, year: int) -> None:
    if not (indicator.first_year <= year <= indicator.last_year):
        raise ValidationError(
            _(
                "The year %(year)s is outside the period followed for this indicator "
                "(%(first)s–%(last)s)."
            )
            % {"year": year, "first": indicator.first_year, "last": indicator.last_year}
        )


@dataclass
class ValueRow:
    indicator: Indicator
    year: int
    value: Decimal | None
    comment: str = ""


@transaction.atomic
def measurements_record(
    *,
    rows: Sequence[ValueRow],
    source: str = MeasurementSource.MANUAL,
    overwrite: bool = True,
) -> tuple[int, int]:
    """Record yearly values (all or nothing). A row whose value is None removes that year's value.

    With ``overwrite=False`` an existing value for the same year is an error instead of an update.
    Returns (created, updated).
    """
    seen = set()
    errors = []
    for row in rows:
        key = (row.indicator.pk, row.year)
        if key in seen:
            errors.append(
                _("%(indicator)s has two values for %(year)s.")
                % {"indicator": row.indicator.name, "year": row.year}
            )
        seen.add(key)
        try:
            check_year(row.indicator, row.year)
            if row.value is not None:
                check_value_for_unit(row.indicator.unit, row.value)
        except ValidationError as exc:
            errors.append(f"{row.indicator.name}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError(errors)
    existing = {
        (m.indicator_id, m.year): m
        for m in Measurement.objects.select_for_update().filter(
            indicator_id__in={r.indicator.pk for r in rows}, year__in={r.year for r in rows}
        )
    }
    created = updated = 0
    for row in rows:
        current = existing.get((row.indicator.pk, row.year))
        if row.value is None:
            if current is not None:
                current.delete()
                updated += 1
            continue
        if current is not None:
            if not overwrite:
                raise ValidationError(
                    _(
                        "%(indicator)s already has a value for %(year)s. Nothing was saved; "
                        "tick “replace existing values” to change it."
                    )
                    % {"indicator": row.indicator.name, "year": row.year}
                )
            if current.value != row.value or current.comment != row.comment:
                current.value = row.value
                current.comment = row.comment
                current.source = source
                current.full_clean()
                current.save()
                updated += 1
            continue
        measurement = Measurement(
            indicator=row.indicator,
            year=row.year,
            value=row.value,
            comment=row.comment,
            source=source,
        )
        measurement.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                measurement.save()
        except IntegrityError:
            raise ValidationError(
                _(
                    "%(indicator)s already has a value for %(year)s (saved by someone else just now)."
                )
                % {"indicator": row.indicator.name, "year": row.year}
            ) from None
        created += 1
    indicators = {row.indicator.pk for row in rows}
    goals = Indicator.objects.filter(pk__in=indicators).values_list("goal__process_id", flat=True)
    for process_id in set(goals):
        changes.record(process=process_id)
    return created, updated


@dataclass
class CsvRow:
    line: int
    raw: dict
    indicator: Indicator | None = None
    year: int | None = None
    value: Decimal | None = None
    comment: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class CsvPreview:
    rows: list[CsvRow]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows) and bool(self.rows)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(1 for r in self.rows if r.errors)


CSV_COLUMNS = {
    "indicator": ("indicator", "indikator", "id", "kpi"),
    "year": ("year", "år", "ar"),
    "value": ("value", "värde", "varde"),
    "comment": ("comment", "kommentar"),
}


def measurements_csv_preview(*, process, text: str, overwrite: bool = False) -> CsvPreview:
    """Check a CSV of values (columns indicator, year, value, comment) row by row; saves nothing.

    The indicator column holds the indicator's id, its Kolada key figure id or its exact name.
    """
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        return CsvPreview(rows=[], errors=[_("The file is too large (at most 1 MB).")])
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        # A dialect of its own: setting the delimiter on csv.excel itself would change it for
        # every CSV read in the process afterwards (the association register's import too).
        class dialect(csv.excel):
            delimiter = ";" if text.count(";") >= text.count(",") else ","

    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {(h or "").strip().lower(): h for h in (reader.fieldnames or [])}
    columns = {}
    for key, names in CSV_COLUMNS.items():
        for name in names:
            if name in header:
                columns[key] = header[name]
                break
    missing = [k for k in ("indicator", "year", "value") if k not in columns]
    if missing:
        return CsvPreview(
            rows=[],
            errors=[
                _(
                    "The first row must name the columns indicator, year and value (missing: %(cols)s)."
                )
                % {"cols": ", ".join(missing)}
            ],
        )
    indicators = list(Indicator.objects.filter(goal__process=process).select_related("goal"))
    by_key = {}
    for ind in indicators:
        by_key[str(ind.pk)] = ind
        by_key[ind.name.strip().lower()] = ind
        if ind.kolada_kpi:
            by_key.setdefault(ind.kolada_kpi.lower(), ind)
    existing = set(
        Measurement.objects.filter(indicator__in=indicators).values_list("indicator_id", "year")
    )
    rows: list[CsvRow] = []
    seen = {}
    for number, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_CSV_ROWS:
            return CsvPreview(rows=rows, errors=[_("At most 2000 rows at a time.")])
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        row = CsvRow(line=number, raw=raw)
        key = (raw.get(columns["indicator"]) or "").strip()
        row.indicator = by_key.get(key.lower())
        if row.indicator is None:
            row.errors.append(_("No indicator “%(key)s” in this process.") % {"key": key})
        year_text = (raw.get(columns["year"]) or "").strip()
        try:
            row.year = int(year_text)
        except ValueError:
            row.errors.append(_("“%(text)s” is not a year.") % {"text": year_text})
        row.comment = (raw.get(columns.get("comment", ""), "") or "").strip()[:500]
        if row.indicator is not None:
            try:
                row.value = parse_value(raw.get(columns["value"]), row.indicator.unit)
            except ValidationError as exc:
                row.errors.extend(exc.messages)
            if row.year is not None:
                try:
                    check_year(row.indicator, row.year)
                except ValidationError as exc:
                    row.errors.extend(exc.messages)
                pair = (row.indicator.pk, row.year)
                if pair in seen:
                    row.errors.append(
                        _("The same indicator and year as on row %(line)s.") % {"line": seen[pair]}
                    )
                else:
                    seen[pair] = number
                if pair in existing and not overwrite:
                    row.errors.append(
                        _("There is already a value for %(year)s; it will not be overwritten.")
                        % {"year": row.year}
                    )
        rows.append(row)
    if not rows:
        return CsvPreview(rows=[], errors=[_("The file has no rows of values.")])
    return CsvPreview(rows=rows, errors=[])


@transaction.atomic
def measurements_csv_import(*, process, text: str, overwrite: bool = False) -> tuple[int, int]:
    preview = measurements_csv_preview(process=process, text=text, overwrite=overwrite)
    if not preview.ok:
        raise ValidationError(
            _("The file has %(count)s rows with errors. Nothing was imported.")
            % {"count": preview.error_count}
        )
    return measurements_record(
        rows=[ValueRow(r.indicator, r.year, r.value, r.comment) for r in preview.rows],
        source=MeasurementSource.CSV,
        overwrite=overwrite,
    )


@dataclass
class KoladaResult:
    indicator: Indicator
    created: int = 0
    updated: int = 0
    skipped_years: list[int] = field(default_factory=list)
    error: str = ""


def kolada_import_indicator(
    *, indicator: Indicator, municipality_code: str | None = None, base_url: str | None = None
) -> KoladaResult:
    """Fetch an indicator's values from Kolada and record those in its period.

    Nothing is written unless the whole answer is usable; years outside the period are skipped.
    """
    result = KoladaResult(indicator=indicator)
    if indicator.source != IndicatorSource.KOLADA or not indicator.kolada_kpi:
        result.error = _("%(name)s is not a Kolada key figure.") % {"name": indicator.name}
        return result
    code = municipality_code or indicator.goal.process.municipality.code
    try:
        values = kolada.fetch_values(
            kpi=indicator.kolada_kpi, municipality_code=code, base_url=base_url
        )
    except kolada.KoladaError as exc:
        result.error = str(exc)
        return result
    rows = []
    for item in values:
        try:
            check_year(indicator, item.year)
            check_value_for_unit(indicator.unit, item.value)
        except ValidationError:
            result.skipped_years.append(item.year)
            continue
        rows.append(ValueRow(indicator, item.year, item.value.quantize(Decimal("0.01"))))
    try:
        result.created, result.updated = measurements_record(
            rows=rows, source=MeasurementSource.KOLADA, overwrite=True
        )
    except ValidationError as exc:
        result.error = " ".join(exc.messages)
    return result


def kolada_import_process(*, process, base_url: str | None = None) -> list[KoladaResult]:
    indicators = Indicator.objects.filter(
        goal__process=process, source=IndicatorSource.KOLADA
    ).select_related("goal__process__municipality")
    return [kolada_import_indicator(indicator=i, base_url=base_url) for i in indicators]
