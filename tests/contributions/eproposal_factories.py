"""Factories of e-förslag: a process's rules and proposals in each state."""

import datetime as dt

import factory
from django.utils import timezone

from contributions.models import EProposal, EProposalRules, EProposalState
from tests.factories import BodyFactory, MunicipalityFactory, ProcessFactory
from visionsprocess.models import BodyKind


class CommitteeFactory(BodyFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = BodyKind.COMMITTEE
    short_name = "TN"
    name = "Tekniska nämnden"


class EProposalRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EProposalRules

    process = factory.SubFactory(ProcessFactory)
    is_open = True
    min_age = 16
    residents_only = True
    threshold = 3
    period_days = 90
    committee = factory.LazyAttribute(
        lambda o: CommitteeFactory(municipality=o.process.municipality)
    )


class EProposalFactory(factory.django.DjangoModelFactory):
    """A published proposal collecting support (``state=...`` for another state)."""

    class Meta:
        model = EProposal

    process = factory.SubFactory(ProcessFactory)
    title = "Belysning längs gång- och cykelvägen till Skillingaryd"
    what = "Sätt upp belysning längs gång- och cykelvägen mellan Vaggeryd och Skillingaryd."
    why = "Vägen är mörk på vintern och många cyklar till skolan och jobbet."
    display_name = "Karin"
    birth_year = 1985
    resident_declared = True
    state = EProposalState.COLLECTING
    threshold = 3
    committee = factory.LazyAttribute(
        lambda o: CommitteeFactory(municipality=o.process.municipality)
    )
    published_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=90))
