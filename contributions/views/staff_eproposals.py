"""Officials' page of e-förslag: the process's rules, the review queue (publish, or refuse with
the rule), and the proposals that reached their threshold, answered by the clerk with the
committee's decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.models import Body
from visionsprocess.permissions import permission_required, process_by_slug

from ..forms_eproposals import AnswerForm, ReviewForm, RulesForm
from ..models import EProposal, EProposalState
from ..services import eproposals as services


def _bodies(process) -> list[Body]:
    return list(Body.objects.filter(municipality_id=process.municipality_id))


def _page(request, process, *, rules_form=None, forms=None, status=200):
    forms = forms or {}
    proposals = list(
        EProposal.objects.for_process(process)
        .select_related("committee", "decision__body")
        .order_by("-created", "-pk")[:500]
    )
    bodies = _bodies(process)
    can_review = request.user.has_perm("contributions.review_eproposal", process)
    can_answer = request.user.has_perm("contributions.answer_eproposal", process)
    for proposal in proposals:
        if proposal.state == EProposalState.SUBMITTED and can_review:
            proposal.form = forms.get(proposal.pk) or ReviewForm(prefix=f"r{proposal.pk}")
        elif proposal.state == EProposalState.REACHED and can_answer:
            proposal.form = forms.get(proposal.pk) or AnswerForm(
                proposal=proposal, bodies=bodies, prefix=f"a{proposal.pk}"
            )
    can_change_rules = request.user.has_perm("contributions.change_eproposal_rules", process)
    context = {
        "process": process,
        "submitted": [p for p in proposals if p.state == EProposalState.SUBMITTED],
        "reached": [p for p in proposals if p.state == EProposalState.REACHED],
        "others": [
            p
            for p in proposals
            if p.state not in (EProposalState.SUBMITTED, EProposalState.REACHED)
        ],
        "can_review": can_review,
        "can_answer": can_answer,
        "can_change_rules": can_change_rules,
    }
    if can_change_rules:
        context["rules_form"] = rules_form or RulesForm(
            instance=services.rules_of(process), process=process
        )
    return render(request, "contributions/eproposals/staff/page.html", context, status=status)


@permission_required("contributions.view_eproposals_staff", process_by_slug)
def page(request, process, slug):
    return _page(request, process)


@require_POST
@permission_required("contributions.change_eproposal_rules", process_by_slug)
def rules(request, process, slug):
    form = RulesForm(request.POST, instance=services.rules_of(process), process=process)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rules_set(process=process, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rules for e-proposals were saved."))
            return redirect("contributions:staff_eproposals", slug=process.slug)
    return _page(request, process, rules_form=form)


def _own(process, pk) -> EProposal:
    proposal = EProposal.objects.select_related("process").filter(pk=pk, process=process).first()
    if proposal is None:
        raise Http404
    return proposal


@require_POST
@permission_required("contributions.review_eproposal", process_by_slug)
def review(request, process, slug, pk):
    proposal = _own(process, pk)
    form = ReviewForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == ReviewForm.APPROVE:
                services.eproposal_approve(proposal=proposal, actor=request.user)
                messages.success(request, _("The proposal is published and collects support."))
            else:
                services.eproposal_refuse(
                    proposal=proposal,
                    actor=request.user,
                    rule=form.cleaned_data["rule"],
                    note=form.cleaned_data.get("note", ""),
                )
                messages.success(request, _("The proposal was refused; the proposer is told."))
        except ValidationError as error:
            if proposal.state != EProposalState.SUBMITTED:
                # Reviewed already (by a colleague at the same time): no form to show it on.
                messages.error(request, " ".join(error.messages))
                return redirect("contributions:staff_eproposals", slug=process.slug)
            add_service_errors(form, error)
        else:
            return redirect("contributions:staff_eproposals", slug=process.slug)
    return _page(request, process, forms={proposal.pk: form})


@require_POST
@permission_required("contributions.answer_eproposal", process_by_slug)
def answer(request, process, slug, pk):
    proposal = _own(process, pk)
    if not request.user.has_perm("visionsprocess.record_decision", process):
        raise PermissionDenied
    form = AnswerForm(request.POST, proposal=proposal, bodies=_bodies(process), prefix=f"a{pk}")
    if form.is_valid():
        try:
            services.eproposal_answer(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            if proposal.state != EProposalState.REACHED:
                messages.error(request, " ".join(error.messages))
                return redirect("contributions:staff_eproposals", slug=process.slug)
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded and the answer published."))
            return redirect("contributions:staff_eproposals", slug=process.slug)
    return _page(request, process, forms={proposal.pk: form})
