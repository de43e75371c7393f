"""The clerk's page of every decision of a process, and recording a decision on a matter other
than the text's adoption path (the vision, the council goals, the programme, the action plan)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import add_service_errors
from ..permissions import permission_required, process_by_slug
from ..registry import decision_matters
from . import selectors, services
from .forms import DecisionCreateForm


@permission_required("visionsprocess.view_process_staff", process_by_slug)
def decisions(request, process, slug):
    form = None
    if request.user.has_perm("visionsprocess.record_decision", process):
        form = DecisionCreateForm(request.POST or None, process=process)
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_create(process=process, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("staff:decisions", slug=process.slug)
    elif request.method == "POST":
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    rows = [
        {"decision": decision, "matter": decision_matters.label(decision.matter)}
        for decision in selectors.decisions_of_process(process=process)
    ]
    return render(
        request,
        "visionsprocess/decisions/decisions.html",
        {"process": process, "rows": rows, "form": form},
    )
