"""Views of the goals app: public pages of the goal hierarchy and the officials' editing pages.

Thin: check the permission (``permission_required``), validate the form, call one service,
redirect or render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.files import serve_file
from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from . import selectors, services
from .charts import indicator_figure
from .forms import (
    ActionPlanItemForm,
    ActionPlanVersionForm,
    BudgetFrameForm,
    CommitteeGoalForm,
    CouncilGoalForm,
    CsvImportForm,
    GoverningDocumentForm,
    IndicatorForm,
    MeasurementFormSet,
    VisionBasisForm,
    VisionForm,
    YearForm,
)
from .models import (
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    GoverningDocument,
    Indicator,
    Measurement,
)

VIEW = "goals.view_goals"
VIEW_ALL = "goals.view_unpublished"
STAFF = "goals.view_goals_staff"
EDIT = "goals.change_goals"


def _lookup(model, path="process"):
    """A permission lookup that loads ``model`` by pk within the process named by the slug."""

    def lookup(request, slug, pk, **kwargs):
        qs = model.objects.select_related(path)
        return get_object_or_404(qs, **{f"{path}__slug": slug, "pk": pk})

    return lookup


goal_by_pk = _lookup(CouncilGoal)
committee_goal_by_pk = _lookup(CommitteeGoal)
indicator_by_pk = _lookup(Indicator, "goal__process")
frame_by_pk = _lookup(BudgetFrame)
document_by_pk = _lookup(GoverningDocument)
version_by_pk = _lookup(ActionPlanVersion, "plan__process")
item_by_pk = _lookup(ActionPlanItem, "version__plan__process")


# --- Public pages -----------------------------------------------------------------------------


@permission_required(VIEW, process_by_slug)
def vision(request, process, slug):
    vision, others = selectors.vision_with_processes(process=process)
    context = {
        "process": process,
        "vision": vision,
        "vision_processes": others,
        "goals": selectors.council_goals(process=process),
    }
    return render(request, "goals/vision.html", context)


@permission_required(VIEW, goal_by_pk)
def council_goal(request, goal, slug, pk):
    process = goal.process
    goal = selectors.council_goal_detail(process=process, pk=pk)
    previous, following = selectors.neighbours(goal=goal)
    indicators = [
        {"indicator": i, "figure": indicator_figure(i, i.measurements.all())}
        for i in goal.indicators.all()
    ]
    context = {
        "process": process,
        "goal": goal,
        "indicators": indicators,
        "previous": previous,
        "following": following,
        "vision": selectors.vision_for(process=process),
    }
    return render(request, "goals/council_goal.html", context)


@permission_required(VIEW, process_by_slug)
def agenda2030(request, process, slug):
    return render(
        request,
        "goals/agenda2030.html",
        {"process": process, "rows": selectors.agenda2030(process=process)},
    )


@permission_required(VIEW, process_by_slug)
def action_plan(request, process, slug):
    can_see_all = request.user.has_perm(VIEW_ALL, process)
    version = selectors.current_version(process=process)
    return _render_version(request, process, version, can_see_all)


@permission_required(VIEW, version_by_pk)
def action_plan_version(request, version, slug, pk):
    process = version.plan.process
    can_see_all = request.user.has_perm(VIEW_ALL, process)
    if not version.published and not can_see_all:
        raise Http404
    return _render_version(request, process, version, can_see_all)


def _render_version(request, process, version, can_see_all):
    items = list(selectors.version_items(version=version)) if version else []
    plan = selectors.action_plan(process=process)
    basis = getattr(plan.process, "vision_basis", None) if plan else None
    context = {
        "process": process,
        "plan": plan,
        "vision": basis.vision if basis else None,
        "version": version,
        "items": items,
        "status_counts": selectors.status_counts(items),
        "versions": selectors.action_plan_versions(
            process=process, include_unpublished=can_see_all
        ),
        "can_see_all": can_see_all,
        "revision": selectors.revision_status(process=process),
    }
    return render(request, "goals/action_plan.html", context)


@permission_required(VIEW, process_by_slug)
def governing_documents(request, process, slug):
    documents = list(selectors.governing_documents(process=process))
    context = {
        "process": process,
        "documents": documents,
        "expired": [d for d in documents if d.is_past_validity],
    }
    return render(request, "goals/governing_documents.html", context)


@permission_required(VIEW, document_by_pk)
def governing_document_file(request, document, slug, pk):
    return serve_file(
        request, document.file, filename=f"{document.name}.pdf", content_type="application/pdf"
    )


# --- Staff: overview --------------------------------------------------------------------------


@permission_required(STAFF, process_by_slug)
def staff_overview(request, process, slug):
    context = {
        "process": process,
        "vision": selectors.vision_for(process=process),
        "goals": selectors.council_goals(process=process, all_terms=True),
        "committee_goals": selectors.committee_goals(process=process),
        "indicators": selectors.indicators(process=process),
        "documents": selectors.governing_documents(process=process),
        "can_edit": request.user.has_perm(EDIT, process),
    }
    return render(request, "goals/staff/overview.html", context)


def _form_page(
    request, process, form, *, title, back, extra=None, template="goals/staff/form.html"
):
    context = {"process": process, "form": form, "page_title": title, "back": back}
    context.update(extra or {})
    return render(request, template, context)


def _overview(process):
    return redirect("goals:staff_overview", slug=process.slug)


@permission_required(EDIT, process_by_slug)
def vision_edit(request, process, slug):
    instance = selectors.vision_for(process=process)
    form = VisionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.vision_save(process=process, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The vision was saved."))
            return _overview(process)
    return _form_page(
        request, process, form, title=_("Vision and values"), back=_overview(process).url
    )


@permission_required(EDIT, process_by_slug)
def vision_basis(request, process, slug):
    """Let the process rest on one of the municipality's visions (or on none)."""
    current = selectors.vision_for(process=process)
    form = VisionBasisForm(
        request.POST or None,
        municipality=process.municipality,
        initial={"vision": current.pk if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vision_rest_on(process=process, vision=form.cleaned_data["vision"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The process now rests on the chosen vision."))
            return _overview(process)
    return _form_page(
        request,
        process,
        form,
        title=_("The vision the process rests on"),
        back=_overview(process).url,
    )


# --- Staff: council goals ---------------------------------------------------------------------


def _council_goal_form(request, process, goal):
    form = CouncilGoalForm(request.POST or None, instance=goal or CouncilGoal(process=process))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.council_goal_save(process=process, goal=goal, **form.goal_fields())
            services.council_goal_set_sdgs(goal=saved, links=form.sdg_links())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The council goal was saved."))
            return _overview(process)
    title = _("Edit council goal") if goal else _("New council goal")
    return _form_page(
        request,
        process,
        form,
        title=title,
        back=_overview(process).url,
        template="goals/staff/council_goal_form.html",
    )


@permission_required(EDIT, process_by_slug)
def council_goal_create(request, process, slug):
    return _council_goal_form(request, process, None)


@permission_required(EDIT, goal_by_pk)
def council_goal_edit(request, goal, slug, pk):
    return _council_goal_form(request, goal.process, goal)


@require_POST
@permission_required(EDIT, goal_by_pk)
def council_goal_move(request, goal, slug, pk):
    try:
        services.council_goal_move(goal=goal, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The order of the goals was changed."))
    return _overview(goal.process)


# --- Staff: committee goals and the matrix ----------------------------------------------------


def _committee_goal_form(request, process, goal):
    initial = {}
    if goal is None and request.GET.get("body"):
        initial["body"] = request.GET["body"]
    if goal is None and request.GET.get("goal"):
        initial["council_goals"] = [request.GET["goal"]]
    form = CommitteeGoalForm(
        request.POST or None,
        instance=goal or CommitteeGoal(process=process),
        process=process,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_goal_save(process=process, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The committee goal was saved."))
            return redirect("goals:matrix", slug=process.slug)
    title = _("Edit committee goal") if goal else _("New committee goal")
    return _form_page(request, process, form, title=title, back=_overview(process).url)


@permission_required(EDIT, process_by_slug)
def committee_goal_create(request, process, slug):
    return _committee_goal_form(request, process, None)


@permission_required(EDIT, committee_goal_by_pk)
def committee_goal_edit(request, goal, slug, pk):
    return _committee_goal_form(request, goal.process, goal)


@permission_required(STAFF, process_by_slug)
def matrix(request, process, slug):
    context = {
        "process": process,
        "matrix": selectors.committee_matrix(process=process),
        "can_edit": request.user.has_perm(EDIT, process),
    }
    return render(request, "goals/staff/matrix.html", context)


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


# --- Staff: budget ----------------------------------------------------------------------------


def _budget_context(request, process) -> dict:
    years = selectors.budget_years(process=process)
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else None
    except ValueError:
        year = None
    if year not in years:
        year = None
    return {
        "process": process,
        "years": years,
        "year": year,
        "summary": selectors.budget_summary(process=process, year=year),
        "frames": selectors.budget_frames(process=process),
    }


@permission_required("goals.view_budget", process_by_slug)
def budget_public(request, process, slug):
    """The budget per council goal for anyone who may read the process (the frames and what
    they serve; the staff page's editing stays there)."""
    return render(request, "goals/budget.html", _budget_context(request, process))


@permission_required(STAFF, process_by_slug)
def budget(request, process, slug):
    context = _budget_context(request, process)
    context["can_edit"] = request.user.has_perm(EDIT, process)
    return render(request, "goals/staff/budget.html", context)


def _budget_form(request, process, frame):
    form = BudgetFrameForm(
        request.POST or None, instance=frame or BudgetFrame(process=process), process=process
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_frame_save(process=process, frame=frame, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The budget frame was saved."))
            return redirect("goals:budget", slug=process.slug)
    title = _("Edit budget frame") if frame else _("New budget frame")
    back = redirect("goals:budget", slug=process.slug).url
    return _form_page(request, process, form, title=title, back=back)


@permission_required(EDIT, process_by_slug)
def budget_create(request, process, slug):
    return _budget_form(request, process, None)


@permission_required(EDIT, frame_by_pk)
def budget_edit(request, frame, slug, pk):
    return _budget_form(request, frame.process, frame)


# --- Staff: governing documents ---------------------------------------------------------------


def _document_form(request, process, document):
    form = GoverningDocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document or GoverningDocument(process=process),
        process=process,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file") or None
        try:
            services.governing_document_save(
                process=process,
                document=document,
                goals=form.cleaned_data["goals"],
                file=upload,
                remove_file=form.cleaned_data.get("remove_file", False),
                **form.document_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The governing document was saved."))
            return redirect("goals:governing_documents", slug=process.slug)
    title = _("Edit governing document") if document else _("New governing document")
    return _form_page(
        request, process, form, title=title, back=_overview(process).url, extra={"multipart": True}
    )


@permission_required(EDIT, process_by_slug)
def document_create(request, process, slug):
    return _document_form(request, process, None)


@permission_required(EDIT, document_by_pk)
def document_edit(request, document, slug, pk):
    return _document_form(request, document.process, document)


# --- Staff: action plan -----------------------------------------------------------------------


@permission_required(STAFF, process_by_slug)
def action_plan_staff(request, process, slug):
    versions = list(selectors.action_plan_versions(process=process, include_unpublished=True))
    editable = [v for v in versions if not v.is_superseded]
    context = {
        "process": process,
        "versions": versions,
        "editable": [(v, list(selectors.version_items(version=v))) for v in editable],
        "can_edit": request.user.has_perm(EDIT, process),
        "has_draft": any(not v.published for v in versions),
        "revision": selectors.revision_status(process=process),
    }
    return render(request, "goals/staff/action_plan.html", context)


@permission_required(EDIT, process_by_slug)
def action_plan_version_create(request, process, slug):
    form = ActionPlanVersionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_version_create(process=process, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "A new version was made as a copy of the latest one. Publish it when it is ready."
                ),
            )
            return redirect("goals:action_plan_staff", slug=process.slug)
    back = redirect("goals:action_plan_staff", slug=process.slug).url
    return _form_page(request, process, form, title=_("New version of the action plan"), back=back)


@require_POST
@permission_required(EDIT, version_by_pk)
def action_plan_version_publish(request, version, slug, pk):
    try:
        services.action_plan_version_publish(version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The version was published; the previous one is now history."))
    return redirect("goals:action_plan_staff", slug=version.plan.process.slug)


def _item_form(request, version, item):
    process = version.plan.process
    back = redirect("goals:action_plan_staff", slug=process.slug).url
    if version.is_superseded:
        messages.error(
            request,
            _("This version of the action plan has been superseded and can no longer be changed."),
        )
        return redirect(back)
    form = ActionPlanItemForm(
        request.POST or None, instance=item or ActionPlanItem(version=version), process=process
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_item_save(
                version=version,
                item=item,
                themes=form.cleaned_data["themes"],
                contributions=form.cleaned_data["contributions"],
                **form.item_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(back)
    title = _("Edit activity") if item else _("New activity")
    return _form_page(request, process, form, title=title, back=back)


@permission_required(EDIT, version_by_pk)
def action_plan_item_create(request, version, slug, pk):
    return _item_form(request, version, None)


@permission_required(EDIT, item_by_pk)
def action_plan_item_edit(request, item, slug, pk):
    return _item_form(request, item.version, item)
