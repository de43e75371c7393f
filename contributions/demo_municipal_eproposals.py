"""Demo: Vaggeryd's own e-förslag (to the whole municipality, not to a process): opened, with
rules (200 supporters in 90 days from people aged 16 or more registered in the municipality,
handled by Kommunstyrelsen) and one proposal collecting support.

Idempotent: the standing process is made once, the proposal is found by a fixed private link,
supports by a fixed key per demo person.
"""

import datetime as dt
import hashlib

from django.utils import timezone

from visionsprocess.demo import DEMO_USERS
from visionsprocess.models import ProcessRole

from .demo_discussion import _participant
from .models import EProposal, EProposalRules, EProposalState, EProposalSupport
from .services.municipal_eproposals import municipal_eproposals_open

#: Who proposes the collecting proposal to the whole municipality.
PROPOSER = ("gote.bondstorp@example.org", "Göte i Bondstorp")

COLLECTING = "demo-kommun-eforslag-laddstolpar"


def load(core) -> None:
    municipality = core.vision.municipality
    process = municipal_eproposals_open(municipality=municipality)
    # The demo staff's roles, as the core's demo gives them in every process of the municipality
    # (so its clerk answers, and a second load finds them there already).
    for username, _email, _first, _last, role, _superuser in DEMO_USERS:
        if role and username in core.users:
            ProcessRole.objects.get_or_create(process=process, user=core.users[username], role=role)
    committee = core.bodies["KS"]
    EProposalRules.objects.update_or_create(
        process=process,
        defaults={
            "is_open": True,
            "min_age": 16,
            "residents_only": True,
            "threshold": 200,
            "period_days": 90,
            "committee": committee,
        },
    )
    now = timezone.now()
    # A resident who takes part only here (the neighbours of Vision 2040's discussion keep to it).
    proposer = _participant(*PROPOSER)
    proposal, _created = EProposal.objects.get_or_create(
        tracking_token=COLLECTING,
        defaults={
            "process": process,
            "title": "Laddstolpar för elbil vid alla kommunens idrottsplatser",
            "what": "Sätt upp publika laddstolpar vid idrottsplatserna i Vaggeryd, Skillingaryd "
            "och Hok, med betalning via app eller kort.",
            "why": "Många kör barn till träningar och matcher och står parkerade en eller två "
            "timmar. Den tiden kan bilen ladda, och det gör det lättare att välja elbil även "
            "utanför tätorten.",
            "proposer_participant": proposer,
            "display_name": proposer.display_name,
            "birth_year": 1972,
            "resident_declared": True,
            "state": EProposalState.COLLECTING,
            "threshold": 200,
            "committee": committee,
            "reviewed_at": now - dt.timedelta(days=12),
            "published_at": now - dt.timedelta(days=12),
            "closes_at": now + dt.timedelta(days=78),
        },
    )
    for n in range(64):
        key = hashlib.sha256(f"demo-kommun-eforslag:{n}".encode()).hexdigest()
        EProposalSupport.objects.get_or_create(proposal=proposal, voter_key=key)
    EProposal.objects.filter(pk=proposal.pk).update(
        support_count=EProposalSupport.objects.filter(proposal=proposal).count()
    )
