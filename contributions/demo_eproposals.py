"""Demo e-förslag on Vision 2040 (Vaggeryd): the rules (100 supporters in 90 days, handled by
Tekniska nämnden), a proposal that reached its threshold and was answered with the committee's
decision, one collecting support and one waiting for review.

Idempotent: proposals are found by a fixed private link, supports by a fixed key per demo
person, the counters are set from the rows, and an answered proposal keeps its decision.
"""

import datetime as dt
import hashlib

from django.utils import timezone

from visionsprocess.models import Body, BodyKind, Decision, DecisionOutcome

from .demo_discussion import NEIGHBOURS, _participant
from .models import EProposal, EProposalRules, EProposalState, EProposalSupport
from .services.eproposals import MATTER

ANSWERED = "demo-eforslag-belysning"
COLLECTING = "demo-eforslag-pumptrack"
WAITING = "demo-eforslag-hundrastgard"


def _supports(proposal, count):
    for n in range(count):
        key = hashlib.sha256(f"demo-eforslag:{proposal.tracking_token}:{n}".encode()).hexdigest()
        EProposalSupport.objects.get_or_create(proposal=proposal, voter_key=key)
    EProposal.objects.filter(pk=proposal.pk).update(
        support_count=EProposalSupport.objects.filter(proposal=proposal).count()
    )


def load(core) -> None:
    process = core.vision
    clerk = core.users.get("registrator") or next(iter(core.users.values()))
    official = core.users.get("tjansteperson")
    citizen = core.users.get("medborgare")
    committee, _created = Body.objects.update_or_create(
        municipality=process.municipality,
        short_name="TN",
        defaults={"kind": BodyKind.COMMITTEE, "name": "Tekniska nämnden", "order": 14},
    )
    EProposalRules.objects.update_or_create(
        process=process,
        defaults={
            "is_open": True,
            "min_age": 16,
            "residents_only": True,
            "threshold": 100,
            "period_days": 90,
            "committee": committee,
        },
    )
    karin = _participant(*NEIGHBOURS[0])
    now = timezone.now()

    answered, created = EProposal.objects.get_or_create(
        tracking_token=ANSWERED,
        defaults={
            "process": process,
            "title": "Belysning längs gång- och cykelvägen till Skillingaryd",
            "what": "Sätt upp belysning längs gång- och cykelvägen mellan Vaggeryd och "
            "Skillingaryd, på sträckan längs väg 30 där det i dag är helt mörkt.",
            "why": "Många cyklar och går sträckan till skolan, jobbet och träningen. Från "
            "oktober till mars är det mörkt både morgon och kväll, och flera säger att de inte "
            "vågar cykla där eller låta barnen göra det. Med belysning blir det tryggare och "
            "fler kan välja cykeln i stället för bilen.",
            "proposer_participant": karin,
            "display_name": karin.display_name,
            "birth_year": 1984,
            "resident_declared": True,
            "state": EProposalState.REACHED,
            "threshold": 100,
            "committee": committee,
            "reviewed_by": official,
            "reviewed_at": now - dt.timedelta(days=150),
            "published_at": now - dt.timedelta(days=150),
            "closes_at": now - dt.timedelta(days=60),
            "reached_at": now - dt.timedelta(days=104),
        },
    )
    _supports(answered, 112)
    answered.refresh_from_db()
    if answered.decision_id is None:
        decision = Decision.objects.create(
            process=process,
            matter=MATTER,
            subject=f"E-förslaget ”{answered.title}” besvaras",
            body=committee,
            meeting_date=(now - dt.timedelta(days=35)).date(),
            paragraph_number=87,
            dnr="TN 2026/45",
            outcome=DecisionOutcome.APPROVED,
            recorded_by=clerk,
        )
        answered.decision = decision
    answered.state = EProposalState.ANSWERED
    answered.answer = (
        "Tekniska nämnden bifaller e-förslaget. Belysning med LED-armaturer sätts upp längs "
        "gång- och cykelvägen på sträckan längs väg 30 mellan Vaggeryd och Skillingaryd. "
        "Arbetet görs tillsammans med Trafikverket och ryms i nämndens investeringsbudget för "
        "trafiksäkerhet; det planeras till hösten nästa år, så att belysningen är tänd till "
        "mörkerperioden. Tack till alla som stödde förslaget."
    )
    answered.answered_at = answered.answered_at or now - dt.timedelta(days=33)
    answered.save()

    collecting, _created = EProposal.objects.get_or_create(
        tracking_token=COLLECTING,
        defaults={
            "process": process,
            "title": "En pumptrackbana vid idrottsplatsen i Skillingaryd",
            "what": "Bygg en asfalterad pumptrackbana för cykel, sparkcykel och skateboard vid "
            "idrottsplatsen i Skillingaryd.",
            "why": "Det finns lite att göra för oss som är 10–16 år på kvällarna. En pumptrack "
            "kan alla använda gratis, året runt utom när det snöar, och den blir en plats att "
            "träffas på.",
            "proposer": citizen,
            "display_name": "Elin",
            "birth_year": 2008,
            "resident_declared": True,
            "state": EProposalState.COLLECTING,
            "threshold": 100,
            "committee": committee,
            "reviewed_by": official,
            "reviewed_at": now - dt.timedelta(days=20),
            "published_at": now - dt.timedelta(days=20),
            "closes_at": now + dt.timedelta(days=70),
        },
    )
    _supports(collecting, 37)

    EProposal.objects.get_or_create(
        tracking_token=WAITING,
        defaults={
            "process": process,
            "title": "Hundrastgård i centrala Vaggeryd",
            "what": "Anlägg en inhägnad hundrastgård nära centrum i Vaggeryd.",
            "why": "Många hundägare saknar en plats där hundarna kan springa lösa utan att "
            "störa andra.",
            "display_name": "Ali från Hok",
            "proposer_participant": _participant(*NEIGHBOURS[1]),
            "birth_year": 1979,
            "resident_declared": True,
            "threshold": 100,
            "committee": committee,
        },
    )
