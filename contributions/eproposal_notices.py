"""Notices of e-förslag: the proposer and every supporter follow the proposal on their behalf
and hear, in their daily digest, when it is published or refused, reaches its threshold (and is
with the committee), runs out, or is answered. One notice per proposal and event, whatever the
number of supporters (``notice_emit`` keys on both)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.notices import Followable, NoticeKind, followables, notice_emit, notice_kinds
from visionsprocess.services import absolute_url

from .templatetags.eproposals import eproposal_path

EPROPOSAL = "contributions.eproposal"


def proposal_url(proposal) -> str:
    if proposal.is_public:
        path = eproposal_path("eproposal", proposal.process, proposal.pk)
    else:  # the proposer's private page: refused or waiting proposals are not on the web
        path = reverse("contributions:eproposal_track", kwargs={"token": proposal.tracking_token})
    return absolute_url(path)


def _describe(proposal) -> str:
    return _("the e-proposal “%(title)s”") % {"title": proposal.title}


def _render_context(context: dict) -> dict:
    from .models import EProposalState, RefusalRule

    state = context.get("state", "")
    rule = context.get("rule", "")
    return {
        "state_label": EProposalState(state).label if state in EProposalState.values else "",
        "rule_label": RefusalRule(rule).label if rule in RefusalRule.values else "",
    }


def register():
    followables.register(
        Followable(
            model="contributions.EProposal",
            describe=_describe,
            process=lambda proposal: proposal.process,
            order=45,
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=EPROPOSAL,
            label=_("What happens to an e-proposal"),
            template="contributions/notices/eproposal.txt",
            render_context=_render_context,
        )
    )


def state_changed(*, proposal) -> None:
    """The proposal moved to ``proposal.state``: its followers hear of it once."""
    context = {
        "proposal": proposal.pk,
        "about": proposal.title,
        "state": proposal.state,
        "url": proposal_url(proposal),
        "count": proposal.support_count,
        "threshold": proposal.threshold,
        "committee": proposal.committee.name if proposal.committee_id else "",
        "rule": proposal.refusal_rule,
        "note": proposal.refusal_note,
    }
    if proposal.decision_id:
        context["decision"] = proposal.decision.full_reference
    notice_emit(
        kind=EPROPOSAL,
        process=proposal.process,
        key=f"{EPROPOSAL}:{proposal.pk}:{proposal.state}",
        context=context,
        targets=[proposal],
    )
