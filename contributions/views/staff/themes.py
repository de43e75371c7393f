"""Themes (list, edit, delete, feedback), the overview and the population figures."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.models import AgeBand
from visionsprocess.permissions import permission_required, process_by_slug

from ... import charts, pxweb
from ...analysis import suggestions
from ...forms_staff import (
    FeedbackForm,
    PopulationForm,
    PxWebForm,
    ThemeForm,
)
from ...models import Theme
from ...selectors import staff as selectors
from ...selectors.representation import display, representation
from ...services import handling as services
from .common import _error_text, theme_lookup

# --- Themes -----------------------------------------------------------------------------------


def _theme_save(request, process, form, theme=None):
    data = form.cleaned_data
    return services.theme_save(
        process=process,
        theme=theme,
        name=data["name"],
        parent=data.get("parent"),
        description=data.get("description", ""),
        examples=data.get("examples", ""),
        keywords=data.get("keywords", ""),
        order=data.get("order") or 0,
    )


@permission_required("contributions.view_inbox", process_by_slug)
def themes(request, process, slug):
    can_manage = request.user.has_perm("contributions.manage_themes", process)
    form = ThemeForm(process=process)
    status = 200
    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        form = ThemeForm(request.POST, process=process, instance=Theme(process=process))
        if form.is_valid():
            try:
                theme = _theme_save(request, process, form)
                messages.success(request, _("The theme “%(name)s” was saved.") % {"name": theme})
                return redirect("contributions:staff_themes", slug=slug)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    theme_rows = selectors.theme_list(process=process)
    counts = selectors.contribution_overview_theme_counts(process=process)
    for theme in theme_rows:
        theme.contribution_count = counts.get(theme.pk, 0)
    accepted, decided = suggestions.acceptance(process=process)
    context = {
        "process": process,
        "themes": theme_rows,
        "accepted": accepted,
        "decided": decided,
        "form": form,
        "feedback_form": FeedbackForm(),
        "can_manage": can_manage,
        "can_feedback": request.user.has_perm("contributions.give_feedback", process),
    }
    return render(request, "contributions/staff/themes.html", context, status=status)


@permission_required("contributions.manage_themes", theme_lookup)
def theme_edit(request, theme, slug, pk):
    process = theme.process
    form = ThemeForm(request.POST or None, process=process, instance=theme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _theme_save(request, process, form, theme=theme)
                messages.success(request, _("The theme “%(name)s” was saved.") % {"name": theme})
                return redirect("contributions:staff_themes", slug=slug)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    context = {"process": process, "theme": theme, "form": form}
    return render(request, "contributions/staff/theme_edit.html", context, status=status)


@require_POST
@permission_required("contributions.manage_themes", theme_lookup)
def theme_delete(request, theme, slug, pk):
    try:
        services.theme_delete(theme=theme)
        messages.success(request, _("The theme was deleted."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("contributions:staff_themes", slug=slug)


@require_POST
@permission_required("contributions.give_feedback", theme_lookup)
def theme_feedback(request, theme, slug, pk):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.feedback_give(theme=theme, text=form.cleaned_data["text"], by=request.user)
        messages.success(
            request,
            _("The feedback on “%(theme)s” was published; senders are being told.")
            % {"theme": theme},
        )
    else:
        messages.error(request, _("Write the feedback."))
    return redirect("contributions:staff_themes", slug=slug)


# --- Overview and population --------------------------------------------------------------------


def overview_charts(data: dict) -> list:
    result = [
        charts.bar_chart(
            _("Contributions by kind"), _("Number of contributions of each kind."), data["by_kind"]
        ),
        charts.bar_chart(
            _("Contributions by channel"),
            _("Number of contributions by the way they came in."),
            data["by_channel"],
        ),
        charts.bar_chart(
            _("Contributions by stage"), _("Number of contributions per stage."), data["by_stage"]
        ),
        charts.bar_chart(
            _("Contributions by theme"),
            _("Number of contributions tagged with each theme."),
            data["by_theme"],
        ),
        charts.bar_chart(
            _("Contributions by district"),
            _("Number of contributions per district; – means not given."),
            data["by_district"],
        ),
        charts.bar_chart(
            _("Contributions by age band"),
            _("Number of contributions per age band; – means not given."),
            data["by_age_band"],
        ),
    ]
    return result


@permission_required("contributions.view_overview", process_by_slug)
def overview(request, process, slug):
    data = selectors.contribution_overview(process=process)
    context = {
        "process": process,
        "data": data,
        "rep": (rep := representation(process=process)),
        "show": display(rep, public=False),
        "charts": [charts.render_chart(c) for c in overview_charts(data)],
        "can_change_population": request.user.has_perm("contributions.change_population", process),
    }
    return render(request, "contributions/staff/overview.html", context)


POPULATION_SALT = "contributions.population"


@permission_required("contributions.change_population", process_by_slug)
def population(request, process, slug):
    """Population figures: fetched from Statistics Sweden (previewed, then saved) or typed."""
    municipality = process.municipality
    districts = list(municipality.districts.all())
    year, by_age, by_district = selectors.population_current(municipality=municipality)
    action = request.POST.get("action") if request.method == "POST" else None
    scb_form = PxWebForm(
        request.POST if action == "fetch" else None,
        initial={"municipality_code": municipality.code, "year": timezone.localdate().year - 1},
    )
    form = PopulationForm(
        request.POST if action not in ("fetch", "save_scb") and request.method == "POST" else None,
        districts=districts,
        initial={"year": year or timezone.now().year},
        initial_age=by_age,
        initial_district=by_district,
    )
    context = {"process": process, "form": form, "scb_form": scb_form, "current_age": by_age,
               "current_year": year}  # fmt: skip
    status = 200
    if action == "fetch":
        if scb_form.is_valid():
            try:
                fetched = pxweb.fetch_population(
                    municipality_code=scb_form.cleaned_data["municipality_code"],
                    year=scb_form.cleaned_data["year"],
                )
                source = _("Statistics Sweden, table %(table)s, fetched %(date)s") % {
                    "table": fetched.table,
                    "date": timezone.localdate().isoformat(),
                }
                payload = {"year": fetched.year, "by_band": fetched.by_band, "source": source}
                context["preview"] = {
                    "fetched": fetched,
                    "rows": [
                        (
                            label,
                            fetched.by_band.get(value, 0),
                            by_age.get(value) if year == fetched.year else None,
                        )
                        for value, label in AgeBand.choices
                    ],
                    "payload": signing.dumps(payload, salt=f"{POPULATION_SALT}:{process.pk}"),
                    "source": source,
                }
            except pxweb.PxWebError as error:
                scb_form.add_error(
                    None,
                    f"{error} "
                    + _("You can type the population of each age band by hand below instead."),
                )
                status = 400
        else:
            status = 400
    elif action == "save_scb":
        try:
            payload = signing.loads(
                request.POST.get("payload", ""), salt=f"{POPULATION_SALT}:{process.pk}",
                max_age=60 * 60,
            )  # fmt: skip
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Fetch the figures again."))
            return redirect("contributions:staff_population", slug=slug)
        services.population_set(
            municipality=municipality,
            year=payload["year"],
            by_age_band={band: payload["by_band"].get(band) for band in AgeBand.values},
            by_district={},
            source=payload["source"],
        )
        messages.success(
            request,
            _("The population per age band for %(year)s was saved from Statistics Sweden.")
            % {"year": payload["year"]},
        )
        return redirect("contributions:staff_overview", slug=slug)
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.population_set(
                    municipality=municipality,
                    year=form.cleaned_data["year"],
                    by_age_band=form.by_age_band(),
                    by_district=form.by_district(),
                )
                messages.success(request, _("The population figures were saved."))
                return redirect("contributions:staff_overview", slug=slug)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    return render(request, "contributions/staff/population.html", context, status=status)
