"""Factories for the officials' side of contributions."""

import datetime

import factory
from django.utils import timezone

from contributions.models import (
    Contribution,
    ContributionKind,
    NearDuplicate,
    NearDuplicateGroup,
    Theme,
)
from dialog.models import Meeting, MeetingFormat, MeetingKind
from tests.factories import ProcessFactory, StageByKeyMixin
from visionsprocess.models import StageKind


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Skola och förskola {n}")


class StaffContributionFactory(StageByKeyMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    process = factory.SubFactory(ProcessFactory)
    kind = ContributionKind.IDEA
    stage = StageKind.DIALOGUE
    title = factory.Sequence(lambda n: f"Idé nummer {n}")
    text = "Fler cykelvägar mellan Skillingaryd och Vaggeryd."
    consent_to_publish = True


class MeetingFactory(StageByKeyMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    process = factory.SubFactory(ProcessFactory)
    kind = MeetingKind.BROAD
    format = MeetingFormat.PHYSICAL
    title = factory.Sequence(lambda n: f"Dialogmöte i Skillingaryd {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    ends_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2, hours=-2))


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "visionsprocess.District"

    municipality = factory.SubFactory("tests.factories.MunicipalityFactory")
    name = factory.Sequence(lambda n: f"Kommundel {n}")


def near_duplicate_group(*contributions, by=None) -> NearDuplicateGroup:
    """A group of near-duplicates holding ``contributions`` (the first shown for the group)."""
    first = contributions[0]
    group = NearDuplicateGroup.objects.create(
        process=first.process, representative=first, created_by=by
    )
    NearDuplicate.objects.bulk_create(
        [NearDuplicate(group=group, contribution=c, added_by=by) for c in contributions]
    )
    return group
