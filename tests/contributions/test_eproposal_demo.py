"""The demo e-förslag load (one answered with its decision, one collecting, one waiting), show
on their pages and in "Ni sa – vi gjorde", and loading them twice changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from contributions import demo_eproposals
from contributions.models import EProposal, EProposalState, EProposalSupport
from visionsprocess import demo
from visionsprocess.models import Decision

# ``load_demo`` records the change for everything at the end (see test_public_demo).
pytestmark = [pytest.mark.no_tripwire, pytest.mark.django_db]


def _state():
    return (
        list(EProposal.objects.order_by("pk").values_list("state", "support_count")),
        EProposalSupport.objects.count(),
        Decision.objects.filter(matter="e_proposal").count(),
    )


def test_demo_eproposals_are_idempotent_and_one_is_answered():
    core = demo.load()
    demo_eproposals.load(core)
    first = _state()
    demo_eproposals.load(core)
    assert _state() == first
    answered = EProposal.objects.get(tracking_token=demo_eproposals.ANSWERED)
    assert answered.state == EProposalState.ANSWERED
    assert answered.support_count >= answered.threshold == 100
    assert answered.decision.body.short_name == "TN"
    html = Client().get(reverse("contributions:eproposal", args=[core.vision.slug, answered.pk]))
    text = html.content.decode()
    assert "Tekniska nämnden" in text and "TN 2026/45" in text and "§ 87" in text
    outcome = Client().get(reverse("process_outcome", args=[core.vision.slug])).content.decode()
    assert "Belysning längs gång- och cykelvägen till Skillingaryd" in outcome
    collecting = EProposal.objects.get(tracking_token=demo_eproposals.COLLECTING)
    assert collecting.is_collecting and collecting.support_count == 37
