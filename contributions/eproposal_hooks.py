"""How e-förslag plug into the core: a decision matter (a proposal that reached its threshold is
a matter for its committee), deeds of "Ni sa – vi gjorde" (each answered proposal), a section of
the public process page and one of "Mina sidor"."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visionsprocess.outcome import Deed, outcome_deeds
from visionsprocess.registry import (
    DecisionMatter,
    Section,
    decision_matters,
    my_pages_sections,
    process_sections,
    staff_sections,
)

from .services.eproposals import MATTER
from .templatetags.eproposals import eproposal_path


def _targets(process):
    from .models import EProposal, EProposalState

    return [
        (str(pk), title)
        for pk, title in EProposal.objects.filter(
            process=process, state=EProposalState.REACHED, decision__isnull=True
        )
        .order_by("reached_at", "pk")
        .values_list("pk", "title")
    ]


def _attach(decision, key):
    from .models import EProposal

    if key.isdigit():
        EProposal.objects.filter(
            pk=int(key), process=decision.process, decision__isnull=True
        ).update(decision=decision)


def _subject(process, key):
    from .models import EProposal

    proposal = EProposal.objects.filter(pk=int(key), process=process).first() if key else None
    if proposal is None:
        return "E-förslag besvaras"
    return f"E-förslaget ”{proposal.title}” besvaras"


def answered_deeds(process) -> list[Deed]:
    from .models import EProposal, EProposalState

    deeds = []
    for proposal in EProposal.objects.filter(
        process=process, state=EProposalState.ANSWERED
    ).select_related("decision__body", "process"):
        decision = proposal.decision
        text = proposal.answer[:300]
        if decision is not None:
            text = f"{decision.full_reference}: {decision.get_outcome_display()}. {text}"
        deeds.append(
            Deed(
                kind=_("E-proposal answered"),
                title=proposal.title,
                date=decision.meeting_date
                if decision
                else timezone.localdate(proposal.answered_at),
                text=text,
                url=eproposal_path("eproposal", process, proposal.pk),
            )
        )
    return deeds


def _process_section_context(request, process):
    """One query: the rules and the number of published proposals (the section is cached for
    anonymous visitors until a change of the process is recorded)."""
    from visionsprocess.models import VisionProcess

    from .models.eproposals import PUBLIC_STATES

    rows = list(
        VisionProcess.objects.filter(pk=process.pk)
        .values(
            "eproposal_rules__is_open",
            "eproposal_rules__threshold",
            "eproposal_rules__period_days",
        )
        .annotate(total=Count("eproposals", filter=Q(eproposals__state__in=PUBLIC_STATES)))
        .order_by()
    )
    row = rows[0] if rows else None
    if row is None or not (row["eproposal_rules__is_open"] or row["total"]):
        return None
    rules = {
        "is_open": row["eproposal_rules__is_open"],
        "threshold": row["eproposal_rules__threshold"],
        "period_days": row["eproposal_rules__period_days"],
    }
    return {"rules": rules, "total": row["total"]}


def _staff_section_context(request, process):
    """What waits for the officials and the clerk (one query)."""
    if not request.user.has_perm("contributions.view_eproposals_staff", process):
        return None
    from .models import EProposal, EProposalState

    counts = EProposal.objects.filter(process=process).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(state=EProposalState.SUBMITTED)),
        reached=Count("pk", filter=Q(state=EProposalState.REACHED)),
    )
    return counts


def _my_pages_context(request, user):
    from .models import EProposal

    proposals = list(
        EProposal.objects.filter(proposer=user).select_related("process").order_by("-created")[:50]
    )
    if not proposals:
        return None
    return {"proposals": proposals}


def register():
    decision_matters.register(
        DecisionMatter(
            key=MATTER,
            label=gettext_lazy("An e-proposal that reached its threshold"),
            order=60,
            targets=_targets,
            attach=_attach,
            subject=_subject,
        )
    )
    outcome_deeds.register("contributions.eproposals", answered_deeds, order=40)
    process_sections.register(
        Section(
            key="contributions.eproposals",
            template="contributions/eproposals/includes/process_section.html",
            order=38,
            get_context=_process_section_context,
            public_cache=True,
        )
    )
    staff_sections.register(
        Section(
            key="contributions.eproposals",
            template="contributions/eproposals/includes/staff_section.html",
            order=32,
            get_context=_staff_section_context,
        )
    )
    my_pages_sections.register(
        Section(
            key="contributions.eproposals",
            template="contributions/eproposals/includes/my_pages_section.html",
            order=15,
            get_context=_my_pages_context,
        )
    )
