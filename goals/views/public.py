"""The public pages of the goal hierarchy."""

from django.http import Http404
from django.shortcuts import render

from visionsprocess.files import serve_file
from visionsprocess.permissions import permission_required, process_by_slug

from .. import selectors
from ..charts import indicator_figure
from .base import VIEW, VIEW_ALL, document_by_pk, goal_by_pk, version_by_pk

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
