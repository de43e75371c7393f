"""Adoption: the decision path, the decision record and the audit log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...decisions.selectors import decisions_of_process
from ...forms import add_service_errors
from ...permissions import permission_required, process_by_slug
from .. import selectors, services
from .. import summary as answer_summary
from ..forms import (
    AdoptionPathForm,
    DecisionForm,
)

# --- Adoption ---------------------------------------------------------------------------------


@permission_required("visionsprocess.view_drafts", process_by_slug)
def adoption(request, process, slug):
    latest = selectors.latest_version(process)
    path = selectors.adoption_path(process=process)
    context = {
        "process": process,
        "latest": latest,
        "path": path,
        "progress": services.adoption_progress(latest) if latest else [],
        "decisions": decisions_of_process(process=process, drafting_only=True),
        "consultation_documents": answer_summary.decision_documents(process=process),
        "path_form": AdoptionPathForm(
            process=process,
            initial={"steps": str(path).replace(" → ", ", ") if path else ""},
        ),
        "can_record": request.user.has_perm("visionsprocess.record_decision", process),
        "can_set_path": request.user.has_perm("visionsprocess.manage_adoption_path", process),
    }
    return render(request, "visionsprocess/drafting/adoption.html", context)


@require_POST
@permission_required("visionsprocess.manage_adoption_path", process_by_slug)
def adoption_path(request, process, slug):
    form = AdoptionPathForm(request.POST, process=process)
    if form.is_valid():
        try:
            services.adoption_path_set(
                process=process, bodies=form.cleaned_data["steps"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The adoption path was saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("drafting:adoption", slug=process.slug)


@permission_required("visionsprocess.record_decision", process_by_slug)
def decision_record(request, process, slug):
    versions = list(selectors.versions_of_process(process=process))
    latest = versions[0] if versions else None
    progress = services.adoption_progress(latest) if latest else []
    # The body whose turn it is in the path is preselected; the Dnr follows the last decision.
    next_step = next((item["step"] for item in progress if item["is_next"]), None)
    last = next((item["decision"] for item in reversed(progress) if item["decision"]), None)
    initial = {
        "body": next_step.body_id if next_step else None,
        "dnr": last.dnr if last else "",
        "matter": last.matter if last else None,
    }
    form = DecisionForm(
        request.POST or None, request.FILES or None, process=process, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        number = request.POST.get("version")
        version = next((v for v in versions if str(v.number) == number), None)
        if version is None:
            form.add_error(None, _("Choose the version the decision is about."))
        else:
            try:
                services.decision_record(version=version, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("drafting:adoption", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "versions": versions,
        "selected_version": request.POST.get("version") or (str(latest.number) if latest else ""),
        "progress": progress,
    }
    return render(request, "visionsprocess/drafting/decision_record.html", context)


@permission_required("visionsprocess.view_audit_log", process_by_slug)
def audit_log(request, process, slug):
    page = Paginator(selectors.audit_entries(process=process), 50).get_page(request.GET.get("sida"))
    return render(
        request, "visionsprocess/drafting/audit_log.html", {"process": process, "page": page}
    )
