"""The officials' pages of indicators and their values (by hand, CSV, Kolada)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from .. import selectors, services
from ..forms import (
    CsvImportForm,
    IndicatorForm,
    MeasurementFormSet,
    YearForm,
)
from ..models import (
    Indicator,
    Measurement,
)
from .base import EDIT, indicator_by_pk
from .staff import _form_page, _overview

# --- Staff: indicators and values -------------------------------------------------------------


def _indicator_form(request, process, indicator):
    initial = {"goal": request.GET.get("goal")} if indicator is None else {}
    form = IndicatorForm(
        request.POST or None, instance=indicator or Indicator(), process=process, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        goal = data.pop("goal")
        try:
            services.indicator_save(goal=goal, indicator=indicator, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return _overview(process)
    title = _("Edit indicator") if indicator else _("New indicator")
    return _form_page(request, process, form, title=title, back=_overview(process).url)


@permission_required(EDIT, process_by_slug)
def indicator_create(request, process, slug):
    return _indicator_form(request, process, None)


@permission_required(EDIT, indicator_by_pk)
def indicator_edit(request, indicator, slug, pk):
    return _indicator_form(request, indicator.goal.process, indicator)


def _entry_years(process, indicators) -> list[int]:
    if not indicators:
        return [timezone.localdate().year]
    first = min(i.first_year for i in indicators)
    last = max(i.last_year for i in indicators)
    return list(range(last, first - 1, -1))


def _default_year(years: list[int]) -> int:
    """This year if values may be entered for it, else the latest year that has begun."""
    this_year = timezone.localdate().year
    started = [y for y in years if y <= this_year]
    return max(started) if started else min(years)


@permission_required(EDIT, process_by_slug)
def measurements_bulk(request, process, slug):
    """Enter one year's values for many indicators at once."""
    indicators = list(selectors.indicators(process=process))
    years = _entry_years(process, indicators)
    year_form = YearForm(request.GET or None, years=years)
    year = year_form.cleaned_data["year"] if year_form.is_valid() else _default_year(years)
    if request.method == "POST":
        year_form = YearForm(request.POST, years=years)
        if year_form.is_valid():
            year = year_form.cleaned_data["year"]
    existing = {
        m.indicator_id: m for m in Measurement.objects.filter(indicator__in=indicators, year=year)
    }
    initial = [
        {
            "value": str(existing[i.pk].value).replace(".", ",") if i.pk in existing else "",
            "comment": existing[i.pk].comment if i.pk in existing else "",
        }
        for i in indicators
    ]
    formset = MeasurementFormSet(
        request.POST or None, indicators=indicators, initial=initial, prefix="values"
    )
    # Only indicators whose period includes the year can take a value for it.
    if request.method == "POST" and year_form.is_valid() and formset.is_valid():
        rows = [
            services.ValueRow(
                form.indicator, year, form.cleaned_data["value"], form.cleaned_data["comment"]
            )
            for form in formset
            if form.cleaned_data.get("value") is not None
        ]
        try:
            created, updated = services.measurements_record(rows=rows)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Values for %(year)s saved: %(created)s new, %(updated)s changed.")
                % {"year": year, "created": created, "updated": updated},
            )
            return redirect(f"{request.path}?year={year}")
    context = {
        "process": process,
        "year": year,
        "year_form": year_form,
        "formset": formset,
        "rows": list(zip(indicators, formset, strict=True)),
    }
    return render(request, "goals/staff/measurements_bulk.html", context)


@permission_required(EDIT, process_by_slug)
def measurements_import(request, process, slug):
    """Import values from CSV: first a preview with the errors per row, then the import."""
    form = CsvImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["csv_text"]
        overwrite = form.cleaned_data["overwrite"]
        if "confirm" in request.POST:
            try:
                created, updated = services.measurements_csv_import(
                    process=process, text=text, overwrite=overwrite
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new values, %(updated)s changed.")
                    % {"created": created, "updated": updated},
                )
                return _overview(process)
        preview = services.measurements_csv_preview(process=process, text=text, overwrite=overwrite)
        form = CsvImportForm(initial={"csv_text": text, "overwrite": overwrite})
    return render(
        request,
        "goals/staff/measurements_import.html",
        {"process": process, "form": form, "preview": preview},
    )


@require_POST
@permission_required(EDIT, process_by_slug)
def kolada_import(request, process, slug):
    results = services.kolada_import_process(process=process)
    if not results:
        messages.info(request, _("No indicator of this process is a Kolada key figure."))
    for result in results:
        if result.error:
            messages.error(request, f"{result.indicator.name}: {result.error}")
        else:
            messages.success(
                request,
                _("%(name)s: %(created)s new values, %(updated)s changed from Kolada.")
                % {
                    "name": result.indicator.name,
                    "created": result.created,
                    "updated": result.updated,
                },
            )
    return _overview(process)
