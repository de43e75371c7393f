"""Factories of the goals app."""

from decimal import Decimal

import factory

from goals.models import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    DocumentType,
    GoverningDocument,
    Indicator,
    Measurement,
    Unit,
    Vision,
    VisionBasis,
)
from tests.factories import BodyFactory, ProcessFactory
from visionsprocess.models import BodyKind


class CommitteeFactory(BodyFactory):
    kind = BodyKind.COMMITTEE
    short_name = factory.Sequence(lambda n: f"N{n}")
    name = factory.Sequence(lambda n: f"Nämnd {n}")


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vision
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    municipality = factory.LazyAttribute(lambda vision: vision.process.municipality)
    statement = "Här gör vi plats för att göra skillnad"
    values = "Öppenhet\nRespekt"
    valid_until = 2030

    @factory.post_generation
    def rests(self, create, extracted, **kwargs):
        """The process it was drafted in rests on it, and so do the processes in ``rests``."""
        if not create:
            return
        processes = ([self.process] if self.process_id else []) + list(extracted or [])
        for process in processes:
            VisionBasis.objects.create(process=process, vision=self)


class CouncilGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilGoal

    process = factory.SubFactory(ProcessFactory)
    term_start = 2019
    term_end = 2022
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(
        lambda n: f"Vaggeryds kommun ska vara en plats med hållbar samhällsutveckling {n}"
    )
    summary = "Vi bygger bostäder och vägar i hela kommunen."
    political_will = "Hela kommunen ska leva."
    how_measured = "Befolkningsutveckling och nya bostäder."


class CommitteeGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeGoal
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    body = factory.SubFactory(
        CommitteeFactory, municipality=factory.SelfAttribute("..process.municipality")
    )
    title = factory.Sequence(lambda n: f"Nämndmål {n}")

    @factory.post_generation
    def council_goals(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.council_goals.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(CouncilGoalFactory)
    name = factory.Sequence(lambda n: f"Andel invånare som är nöjda {n}")
    unit = Unit.PERCENT
    higher_is_better = True
    baseline_value = Decimal("60")
    baseline_year = 2018
    target_value = Decimal("75")
    target_year = 2022


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2019
    value = Decimal("62")


class BudgetFrameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetFrame
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    body = factory.SubFactory(
        CommitteeFactory, municipality=factory.SelfAttribute("..process.municipality")
    )
    year = 2020
    amount_ksek = Decimal("125000")

    @factory.post_generation
    def goals(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.goals.set(extracted)


class GoverningDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoverningDocument

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Kulturpolicy {n}")
    doc_type = DocumentType.POLICY
    dnr = "KS 2019/160"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("process",)

    process = factory.SubFactory(ProcessFactory)


class ActionPlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlanVersion

    plan = factory.SubFactory(ActionPlanFactory)
    year = 2020
    revision = factory.Sequence(lambda n: n + 1)
    published = True


class ActionPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlanItem

    version = factory.SubFactory(ActionPlanVersionFactory)
    activity = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    goal = factory.SubFactory(
        CouncilGoalFactory, process=factory.SelfAttribute("..version.plan.process")
    )
