"""Gallring of the municipality's own e-förslag (``services/municipal_eproposals.py``).

Their standing process is never closed, so the process-wide gallring
(``visionsprocess/retention.py``, with ``retention_eproposals.py``'s removers) never comes due
for it. Here each proposal is due on its own: the retention rule is the standing process's
(a line of the municipality's records-management plan, ``RetentionRule``; the first of the plan
when the e-förslag were opened, changeable on the process's settings), counted from the day the
proposal's handling ended (answered, past its period, or refused). What is removed is what
``retention_eproposals.py`` removes for a process: the proposer's name, year of birth and
account, the supporters' keys and accounts (the counts stay), and the texts only when the rule
does not keep the public record of what was said.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from visionsprocess import changes
from visionsprocess.retention import add_months

from .models import EProposal, EProposalState, EProposalSupport, MunicipalEProposals
from .retention import REMOVED_KEY, rekey

FINISHED = (EProposalState.ANSWERED, EProposalState.EXPIRED, EProposalState.REFUSED)


def _cutoff(today: dt.date, months: int) -> dt.datetime:
    """The moment before which a proposal's handling ended ``months`` months before ``today``."""
    day = add_months(today, -months) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def due_proposals(process, *, today: dt.date | None = None):
    """The standing process's finished proposals whose retention period has passed."""
    rule = process.retention_rule
    if rule is None:
        return EProposal.objects.none()
    cutoff = _cutoff(today or timezone.localdate(), rule.months_after_close)
    return (
        EProposal.objects.filter(process=process)
        .annotate(ended=Coalesce("answered_at", "closes_at", "reviewed_at"))
        .filter(
            Q(state__in=FINISHED) | Q(state=EProposalState.COLLECTING, closes_at__lte=cutoff),
            ended__lt=cutoff,
        )
    )


@transaction.atomic
def gallra_municipal_eproposals(*, today: dt.date | None = None) -> int:
    """Remove the personal data of every municipality's due e-förslag; returns the proposals
    changed. Idempotent: a second run finds nothing more to remove."""
    changed = 0
    for row in MunicipalEProposals.objects.select_related("process__retention_rule"):
        process = row.process
        due = due_proposals(process, today=today)
        pks = list(due.values_list("pk", flat=True))
        if not pks:
            continue
        proposals = EProposal.objects.filter(pk__in=pks)
        named = proposals.filter(
            ~Q(display_name="")
            | Q(birth_year__isnull=False)
            | Q(proposer__isnull=False)
            | Q(proposer_participant__isnull=False)
        ).update(display_name="", birth_year=None, proposer=None, proposer_participant=None)
        supports = rekey(
            EProposalSupport.objects.filter(proposal_id__in=pks).exclude(
                voter_key__startswith=REMOVED_KEY
            ),
            "voter_key",
            user=None,
            participant=None,
        )
        texts = 0
        if not process.retention_rule.keep_public_text:
            texts = proposals.filter(~Q(title="") | ~Q(what="") | ~Q(why="")).update(
                title="", what="", why=""
            )
        if named or supports or texts:
            changes.record(process=process)
            changed += len(pks)
    return changed
