"""What the contributions app has open on the municipality page ("Öppet nu"): processes whose
current stage receives contributions, and open surveys.

The municipality's own e-förslag (``services/municipal_eproposals.py``) are listed too, with
``OpenItem(process=None, ...)``: one entry while their rules are open.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visionsprocess.open_now import OpenItem, open_now

from .models import ContributionKind, Survey

_KINDS = set(ContributionKind.values)


def open_contributions(*, municipality, processes, now) -> list[OpenItem]:
    """A process whose current stage receives a kind of contribution (no query: the current
    stages come loaded with the processes)."""
    items = []
    for process in processes:
        stage = process.current_stage if process.current_stage_id else None
        if stage is None:
            continue
        labels = [opening.shown_label for opening in stage.inputs if opening.key in _KINDS]
        if not labels:
            continue
        items.append(
            OpenItem(
                kind=_("Contributions"),
                title=", ".join(str(label) for label in labels),
                url=reverse("contributions:submit_start", args=[process.slug]),
                process=process,
                closes=stage.ends_on,
                text=_("%(stage)s is under way.") % {"stage": stage.name},
            )
        )
    return items


def open_surveys(*, municipality, processes, now) -> list[OpenItem]:
    """Surveys open for answers now in any of the processes (one query)."""
    by_pk = {process.pk: process for process in processes}
    if not by_pk:
        return []
    surveys = (
        Survey.objects.filter(process__in=list(by_pk))
        .open_now(now)
        .order_by("closes_at", "pk")
        .only("pk", "title", "process_id", "closes_at")
    )
    return [
        OpenItem(
            kind=_("Survey"),
            title=survey.title,
            url=reverse(
                "contributions:survey_start", args=[by_pk[survey.process_id].slug, survey.pk]
            ),
            process=by_pk[survey.process_id],
            closes=survey.closes_at,
            text=_("Answer the survey."),
        )
        for survey in surveys
    ]


def open_e_proposals(*, municipality, processes, now) -> list[OpenItem]:
    """The municipality's own e-förslag, when its rules are open (one query): write one, or
    support one of those collecting."""
    from .models import EProposalRules, EProposalState

    rules = (
        EProposalRules.objects.filter(
            process__municipal_eproposals__municipality=municipality, is_open=True
        )
        .annotate(
            collecting=Count(
                "process__eproposals",
                filter=Q(
                    process__eproposals__state=EProposalState.COLLECTING,
                    process__eproposals__closes_at__gt=now,
                ),
            )
        )
        .first()
    )
    if rules is None:
        return []
    return [
        OpenItem(
            kind=_("E-proposal"),
            title=_("E-proposals to the municipality"),
            url=reverse("contributions:municipal_eproposals"),
            text=ngettext(
                "Write a proposal, or support %(count)s collecting support.",
                "Write a proposal, or support one of the %(count)s collecting support.",
                rules.collecting,
            )
            % {"count": rules.collecting}
            if rules.collecting
            else _("Write a proposal to the municipality."),
        )
    ]


def register():
    open_now.register("contributions.e_proposals", open_e_proposals, order=25)
    open_now.register("contributions.contributions", open_contributions, order=10)
    open_now.register("contributions.surveys", open_surveys, order=20)
