"""Factories of focus areas (goals app)."""

import datetime as dt

import factory

from goals.models import FocusArea, FocusAreaStatus, FocusAreaUpdate
from tests.factories import ProcessFactory


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        skip_postgeneration_save = True

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Samverkan skola–lokalsamhälle {n}")
    description = "En arbetsplan för samverkan mellan skola och arbetsliv."
    responsible_name = "Sandra Persson"
    responsible_role = "studie- och yrkesvägledare"
    responsible_organisation = "Smedbergsskolan"


class FocusAreaUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusAreaUpdate

    focus_area = factory.SubFactory(FocusAreaFactory)
    date = dt.date(2015, 2, 2)
    status = FocusAreaStatus.ONGOING
    text = "Arbetsplanen tillämpas i alla kommunala grundskolor."
