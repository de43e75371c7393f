"""The clerk's page of every decision of a process: record a decision on a matter other than the
text's adoption path, plan a matter's decision path, keep its distribution list, see what was
sent to whom, and write the matter's memo (tjänsteskrivelse)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import add_service_errors
from ..models import DecisionProposal, DistributionEntry, PlannedStep
from ..permissions import permission_required, process_by_slug
from ..registry import decision_matters
from . import distribution, planning, proposals, selectors, services
from .forms import DecisionCreateForm, DecisionProposalForm, DistributionEntryForm, PlannedStepForm

RECORD = "visionsprocess.record_decision"


def _page(request, process, *, form=None, plan_form=None, dist_form=None, status=200):
    can_record = request.user.has_perm(RECORD, process)
    decisions = list(selectors.decisions_of_process(process=process))
    dispatches = distribution.dispatches_by_decision(decisions=decisions) if can_record else {}
    rows = [
        {
            "decision": decision,
            "matter": decision_matters.label(decision.matter),
            "dispatches": dispatches.get(decision.pk, []),
        }
        for decision in decisions
    ]
    context = {
        "process": process,
        "rows": rows,
        "can_record": can_record,
        "timelines": planning.timelines(process=process),
        "overdue": list(planning.overdue_steps(process=process)) if can_record else [],
    }
    if can_record:
        context.update(
            form=form or DecisionCreateForm(process=process),
            plan_form=plan_form or PlannedStepForm(process=process),
            dist_form=dist_form or DistributionEntryForm(process=process),
            lists=selectors.distribution_lists(process=process),
            memos=selectors.proposals_of_process(process=process),
        )
    return render(request, "visionsprocess/decisions/decisions.html", context, status=status)


@permission_required("visionsprocess.view_process_staff", process_by_slug, post_perm=RECORD)
def decisions(request, process, slug):
    if request.method != "POST":
        return _page(request, process)
    form = DecisionCreateForm(request.POST, process=process)
    if form.is_valid():
        try:
            services.decision_create(process=process, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("staff:decisions", slug=process.slug)
    return _page(request, process, form=form)


@require_POST
@permission_required(RECORD, process_by_slug)
def plan_add(request, process, slug):
    form = PlannedStepForm(request.POST, process=process)
    if form.is_valid():
        try:
            planning.planned_step_add(process=process, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The step was added to the decision path."))
            return redirect("staff:decisions", slug=process.slug)
    return _page(request, process, plan_form=form)


@require_POST
@permission_required(RECORD, process_by_slug)
def plan_remove(request, process, slug, pk):
    planned = get_object_or_404(PlannedStep, pk=pk, process=process)
    try:
        planning.planned_step_remove(planned_step=planned, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step was taken out of the decision path."))
    return redirect("staff:decisions", slug=process.slug)


@require_POST
@permission_required(RECORD, process_by_slug)
def distribution_add(request, process, slug):
    form = DistributionEntryForm(request.POST, process=process)
    if form.is_valid():
        try:
            distribution.distribution_entry_add(
                process=process, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recipient was added to the distribution list."))
            return redirect("staff:decisions", slug=process.slug)
    return _page(request, process, dist_form=form)


@require_POST
@permission_required(RECORD, process_by_slug)
def distribution_remove(request, process, slug, pk):
    entry = get_object_or_404(DistributionEntry, pk=pk, process=process)
    distribution.distribution_entry_remove(entry=entry, actor=request.user)
    messages.success(request, _("The recipient was taken off the distribution list."))
    return redirect("staff:decisions", slug=process.slug)


@require_POST
@permission_required(RECORD, process_by_slug)
def dispatch(request, process, slug, pk):
    """Send a decision to the recipients added to its list since it was recorded."""
    decision = get_object_or_404(process.decisions, pk=pk)
    sent = distribution.decision_dispatch(decision=decision, actor=request.user)
    if sent:
        messages.success(
            request,
            _("The decision was sent to %(names)s.")
            % {"names": ", ".join(row.recipient for row in sent)},
        )
    else:
        messages.info(request, _("The decision has already been sent to everyone on the list."))
    return redirect("staff:decisions", slug=process.slug)


@permission_required(RECORD, process_by_slug)
def proposal(request, process, slug, matter):
    """Write the memo (tjänsteskrivelse) of ``matter``; ``?target=`` names its object."""
    if decision_matters.get(matter) is None:
        raise Http404
    target = (request.POST or request.GET).get("target", "")[:40]
    memo = DecisionProposal.objects.filter(process=process, matter=matter, target=target).first()
    form = DecisionProposalForm(
        request.POST or None,
        instance=memo,
        process=process,
        initial=None if memo else {"dnr": process.case_dnr},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposals.proposal_save(
                process=process,
                matter=matter,
                target=target,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in proposals.FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The memo was saved."))
            return redirect("staff:decisions", slug=process.slug)
    return render(
        request,
        "visionsprocess/decisions/proposal.html",
        {
            "process": process,
            "form": form,
            "matter_label": decision_matters.label(matter),
            "target": target,
            "recipients": distribution.entries_of(process=process, matter=matter, target=target),
        },
    )
