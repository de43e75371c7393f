"""Writes of the goals app. Keyword-only, atomic, validated, with messages a person can read."""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes, uploads
from visionsprocess.model_update import model_assign

from . import kolada
from .models import (
    CONTRIBUTING_BODY_KINDS,
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementSource,
    Unit,
    Vision,
    VisionBasis,
)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 2000

# --- Vision and council goals -----------------------------------------------------------------


@transaction.atomic
def vision_save(
    *,
    process,
    statement: str,
    valid_until: int,
    text: str = "",
    values: str = "",
    name: str = "",
    valid_from: int | None = None,
) -> Vision:
    """Save the vision ``process`` rests on; a process that rests on none gets its own (drafted
    in it, belonging to its municipality). Every process resting on it shows the change."""
    vision = (
        Vision.objects.filter(bases__process=process).first()
        or Vision.objects.filter(process=process).first()  # its own, if it rested on another
        or Vision(process=process, municipality=process.municipality)
    )
    vision.statement = statement
    vision.valid_until = valid_until
    vision.valid_from = valid_from
    vision.name = name
    vision.text = text
    vision.values = values
    vision.full_clean()
    vision.save()
    VisionBasis.objects.get_or_create(process=process, defaults={"vision": vision})
    record_vision_change(vision)
    return vision


def record_vision_change(vision) -> None:
    """A vision is shown on the municipality page and the pages of every process resting on it."""
    for process_id in VisionBasis.objects.filter(vision=vision).values_list(
        "process_id", flat=True
    ):
        changes.record(process=process_id)
    changes.record(municipality=vision.municipality_id)


@transaction.atomic
def vision_rest_on(*, process, vision: Vision | None) -> VisionBasis | None:
    """Let ``process`` rest on ``vision`` (a vision of its municipality), or on none."""
    current = VisionBasis.objects.filter(process=process).select_related("vision").first()
    if vision is not None and vision.municipality_id != process.municipality_id:
        raise ValidationError(_("A process can rest only on a vision of its own municipality."))
    if current is not None and vision is not None and current.vision_id == vision.pk:
        return current
    if current is not None:
        previous = current.vision
        current.delete()
        record_vision_change(previous)
        changes.record(process=process)
    if vision is None:
        return None
    basis = VisionBasis(process=process, vision=vision)
    basis.full_clean()
    basis.save()
    record_vision_change(vision)
    return basis


COUNCIL_GOAL_FIELDS = (
    "term_start",
    "term_end",
    "title",
    "summary",
    "description",
    "political_will",
    "how_measured",
    "citizen_examples",
)


@transaction.atomic
def council_goal_save(*, process, goal: CouncilGoal | None = None, **fields) -> CouncilGoal:
    if goal is None:
        goal = CouncilGoal(process=process)
        last = CouncilGoal.objects.filter(process=process).aggregate(m=Max("order"))["m"]
        goal.order = 0 if last is None else last + 1
    elif goal.process_id != process.pk:
        raise ValidationError(_("This goal belongs to another process."))
    model_assign(instance=goal, fields=COUNCIL_GOAL_FIELDS, data=fields)
    if goal.term_start and goal.term_end and goal.term_end < goal.term_start:
        raise ValidationError(
            {"term_end": _("The term cannot end before it starts.")}, code="term_order"
        )
    goal.full_clean()
    goal.save()
    changes.record(process=goal.process_id)
    return goal


@transaction.atomic
def council_goal_move(*, goal: CouncilGoal, direction: str) -> None:
    """Move a council goal one step up or down among the goals of its term."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    siblings = list(
        CouncilGoal.objects.select_for_update()
        .filter(process_id=goal.process_id, term_start=goal.term_start)
        .order_by("order", "id")
    )
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order", "modified"])
    changes.record(process=goal.process_id)


@transaction.atomic
def council_goal_set_sdgs(*, goal: CouncilGoal, links: dict) -> None:
    """Set the global goals a council goal serves: ``links`` maps an SDG to the "how" note."""
    goal.sdg_links.exclude(sdg_id__in=[sdg.pk for sdg in links]).delete()
    for sdg, how in links.items():
        CouncilGoalSDG.objects.update_or_create(goal=goal, sdg=sdg, defaults={"how": how})
    changes.record(process=goal.process_id)


# --- Committee goals --------------------------------------------------------------------------


@transaction.atomic
def committee_goal_save(
    *,
    process,
    body,
    title: str,
    council_goals: Iterable[CouncilGoal],
    description: str = "",
    goal: CommitteeGoal | None = None,
) -> CommitteeGoal:
    council_goals = list(council_goals or [])
    if not council_goals:
        raise ValidationError(
            {"council_goals": _("A committee goal must serve at least one council goal.")}
        )
    if any(g.process_id != process.pk for g in council_goals):
        raise ValidationError({"council_goals": _("Choose council goals of this process.")})
    if body.kind not in CONTRIBUTING_BODY_KINDS:
        raise ValidationError({"body": _("Only committees and municipal companies set goals.")})
    if body.municipality_id != process.municipality_id:
        raise ValidationError({"body": _("Choose a committee of this municipality.")})
    if goal is None:
        goal = CommitteeGoal(process=process)
    goal.body = body
    goal.title = title
    goal.description = description
    goal.full_clean()
    goal.save()
    goal.council_goals.set(council_goals)
    changes.record(process=process)
    return goal


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


# --- Budget -----------------------------------------------------------------------------------


@transaction.atomic
def budget_frame_save(
    *,
    process,
    body,
    year: int,
    amount_ksek,
    goals: Iterable[CouncilGoal],
    note: str = "",
    frame: BudgetFrame | None = None,
) -> BudgetFrame:
    goals = list(goals or [])
    if not goals:
        raise ValidationError({"goals": _("Choose at least one council goal the frame serves.")})
    if any(g.process_id != process.pk for g in goals):
        raise ValidationError({"goals": _("Choose council goals of this process.")})
    first, last = min(g.term_start for g in goals), max(g.term_end for g in goals)
    if not (first <= year <= last):
        raise ValidationError(
            {
                "year": _(
                    "The year %(year)s is outside the term of the goals (%(first)s–%(last)s)."
                )
                % {"year": year, "first": first, "last": last}
            }
        )
    if body.municipality_id != process.municipality_id:
        raise ValidationError({"body": _("Choose a committee of this municipality.")})
    duplicate = BudgetFrame.objects.filter(process=process, body=body, year=year)
    if frame is not None:
        duplicate = duplicate.exclude(pk=frame.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "year": _("%(body)s already has a budget frame for %(year)s.")
                % {"body": body, "year": year}
            }
        )
    frame = frame or BudgetFrame(process=process)
    frame.body = body
    frame.year = year
    frame.amount_ksek = amount_ksek
    frame.note = note
    frame.full_clean()
    frame.save()
    frame.goals.set(goals)
    changes.record(process=process)
    return frame


# --- Governing documents ----------------------------------------------------------------------


def check_pdf(upload) -> ContentFile:
    """The PDF as it is stored: checked by its content, without metadata or script."""
    return uploads.check_pdf(
        upload,
        max_bytes=MAX_DOCUMENT_BYTES,
        stem="styrdokument",
        field="file",
        too_large=_("The file is too large (at most 20 MB)."),
        wrong_type=_("The file is not a PDF."),
    )


#: What the governing document form changes (its file and goals are given on their own).
DOCUMENT_FIELDS = (
    "name",
    "doc_type",
    "adopted_by",
    "adopted_on",
    "paragraph",
    "dnr",
    "responsible",
    "valid_until",
    "last_revised",
    "link",
)


@transaction.atomic
def governing_document_save(
    *,
    process,
    document: GoverningDocument | None = None,
    goals: Iterable[CouncilGoal] = (),
    file=None,
    remove_file: bool = False,
    **fields,
) -> GoverningDocument:
    document = document or GoverningDocument(process=process)
    model_assign(instance=document, fields=DOCUMENT_FIELDS, data=fields)
    if file is not None:
        document.file = check_pdf(file)
    elif remove_file:
        document.file = ""
    if document.file and document.link:
        raise ValidationError({"link": _("Give either a file or a link, not both.")})
    if document.adopted_by_id and document.adopted_by.municipality_id != process.municipality_id:
        raise ValidationError({"adopted_by": _("Choose a body of this municipality.")})
    goals = list(goals)
    if any(g.process_id != process.pk for g in goals):
        raise ValidationError({"goals": _("Choose council goals of this process.")})
    document.full_clean()
    document.save()
    document.goals.set(goals)
    changes.record(process=process)
    return document


# --- Action plan ------------------------------------------------------------------------------


def _check_editable(version: ActionPlanVersion) -> None:
    if version.superseded_at is not None:
        raise ValidationError(
            _("This version of the action plan has been superseded and can no longer be changed.")
        )


@transaction.atomic
def action_plan_version_create(*, process, year: int, note: str = "") -> ActionPlanVersion:
    """Start a new yearly revision as a copy of the latest one (unpublished until published)."""
    plan, _created = ActionPlan.objects.get_or_create(process=process)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.versions.filter(published=False).exists():
        raise ValidationError(
            _("There is already an unpublished version; publish or finish it first.")
        )
    latest = plan.versions.order_by("-revision").first()
    if latest is not None and year < latest.year:
        raise ValidationError(
            {
                "year": _("The year cannot be earlier than the latest version (%(year)s).")
                % {"year": latest.year}
            }
        )
    version = ActionPlanVersion(
        plan=plan, year=year, revision=(latest.revision + 1) if latest else 1, note=note
    )
    version.full_clean()
    version.save()
    if latest is not None:
        for item in latest.items.prefetch_related("themes", "contributions"):
            copy = ActionPlanItem.objects.create(
                version=version,
                order=item.order,
                activity=item.activity,
                description=item.description,
                goal_id=item.goal_id,
                responsible_id=item.responsible_id,
                when=item.when,
                status=item.status,
                follow_up=item.follow_up,
                origin=item,
            )
            copy.themes.set(item.themes.all())
            copy.contributions.set(item.contributions.all())
    changes.record(process=process)
    return version


@transaction.atomic
def action_plan_version_publish(*, version: ActionPlanVersion) -> ActionPlanVersion:
    version = ActionPlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.published:
        raise ValidationError(_("This version is already published."))
    now = timezone.now()
    ActionPlanVersion.objects.filter(
        plan_id=version.plan_id, published=True, superseded_at__isnull=True
    ).update(superseded_at=now, modified=now)
    version.published = True
    version.published_at = now
    version.save(update_fields=["published", "published_at", "modified"])
    from .notices import action_plan_published

    action_plan_published(version=version)
    changes.record(process=version.plan.process_id)
    return version


@transaction.atomic
def action_plan_version_update(
    *, version: ActionPlanVersion, year: int, note: str
) -> ActionPlanVersion:
    version = ActionPlanVersion.objects.select_for_update().get(pk=version.pk)
    _check_editable(version)
    version.year = year
    version.note = note
    version.full_clean()
    version.save()
    changes.record(process=version.plan.process_id)
    return version


ITEM_FIELDS = ("activity", "description", "goal", "responsible", "when", "status", "follow_up")


@transaction.atomic
def action_plan_item_save(
    *,
    version: ActionPlanVersion,
    item: ActionPlanItem | None = None,
    themes: Iterable = (),
    contributions: Iterable = (),
    **fields,
) -> ActionPlanItem:
    version = (
        ActionPlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    )
    _check_editable(version)
    process_id = version.plan.process_id
    goal = fields.get("goal")
    if goal is not None and goal.process_id != process_id:
        raise ValidationError({"goal": _("Choose a council goal of this process.")})
    themes, contributions = list(themes), list(contributions)
    if any(t.process_id != process_id for t in themes) or any(
        c.process_id != process_id for c in contributions
    ):
        raise ValidationError(_("Themes and contributions must belong to this process."))
    item = item or ActionPlanItem(version=version)
    if item.version_id != version.pk:
        raise ValidationError(_("This activity belongs to another version."))
    model_assign(instance=item, fields=ITEM_FIELDS, data=fields)
    if item.order == 0 and item.pk is None:
        last = version.items.aggregate(m=Max("order"))["m"]
        item.order = 0 if last is None else last + 1
    item.full_clean()
    item.save()
    item.themes.set(themes)
    item.contributions.set(contributions)
    changes.record(process=process_id)
    return item
