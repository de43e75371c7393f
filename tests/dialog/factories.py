"""Factories of the dialog app."""

import datetime as dt

import factory
from django.utils import timezone

from dialog.models import (
    ConversationKit,
    Meeting,
    MeetingFormat,
    MeetingKind,
    Organisation,
    PendingRegistration,
    Registration,
    TargetGroup,
    normalise_name,
)
from tests.factories import MunicipalityFactory, ProcessFactory, StageByKeyMixin


def in_days(days: float, hour: int = 18) -> dt.datetime:
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("municipality", "name")

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Målgrupp {n}")


class MeetingFactory(StageByKeyMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    kind = MeetingKind.BROAD
    format = MeetingFormat.PHYSICAL
    title = factory.Sequence(lambda n: f"Dialogmöte {n}")
    description = "Kom och prata om framtiden."
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Folkets hus"
    address = "Storgatan 1, Vaggeryd"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    name = "Elin Sjöberg"
    email = factory.Sequence(lambda n: f"deltagare{n}@example.org")


class PendingRegistrationFactory(factory.django.DjangoModelFactory):
    """A signed-out registration waiting for its e-mail link (from some client address)."""

    class Meta:
        model = PendingRegistration

    meeting = factory.SubFactory(MeetingFactory)
    name = "Elin Sjöberg"
    email = factory.Sequence(lambda n: f"vantande{n}@example.org")
    client_key = factory.Sequence(lambda n: f"client-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=24))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Förening {n}")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))
    category = "sport"
    contact_person = "Anna Ek"
    email = factory.Sequence(lambda n: f"forening{n}@example.org")


class KitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationKit

    process = factory.SubFactory(ProcessFactory)
    title = "Samtalsmaterial"
    slug = factory.Sequence(lambda n: f"samtal-{n}")
    introduction = "Samtala om framtiden."
    questions = "Vad är bra i dag?\nHur ser det ut 2040?"
