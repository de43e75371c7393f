"""The officials' pages: overview, vision, council goals, committee goals and the matrix."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from .. import selectors, services
from ..forms import (
    CommitteeGoalForm,
    CouncilGoalForm,
    VisionBasisForm,
    VisionForm,
)
from ..models import (
    CommitteeGoal,
    CouncilGoal,
)
from .base import EDIT, STAFF, committee_goal_by_pk, goal_by_pk

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
