"""The one helper services use to change a model's fields from a form's data."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ProcessFactory
from visionsprocess import forms as core_forms
from visionsprocess import services as core_services
from visionsprocess.model_update import model_assign, model_update

pytestmark = pytest.mark.django_db


def test_a_field_outside_the_list_is_refused_with_a_readable_message():
    process = ProcessFactory()
    with pytest.raises(ValidationError) as error:
        model_assign(instance=process, fields=("title",), data={"slug": "elsewhere"})
    assert error.value.messages == ["Fältet slug kan inte ändras här."]
    assert process.slug != "elsewhere"


def test_model_assign_says_which_fields_changed_and_can_strip_text():
    process = ProcessFactory(title="Vision 2040")
    changed = model_assign(
        instance=process,
        fields=("title", "summary"),
        data={"title": "  Vision 2040  ", "summary": " Ny "},
        strip=True,
    )
    assert changed == ["summary"]
    assert process.summary == "Ny"


def test_model_update_writes_only_the_changed_field_and_its_time_stamp():
    process = ProcessFactory()
    stage = process.stages.first()
    before = stage.modified
    stage, updated = model_update(
        instance=stage, fields=core_services.STAGE_PLAN_FIELDS, data={"feedback_due": None}
    )
    assert updated is False

    stage, updated = model_update(
        instance=stage,
        fields=core_services.STAGE_PLAN_FIELDS,
        data={"feedback_due": datetime.date(2031, 1, 1)},
        record={"process": process},
    )
    assert updated is True
    stage.refresh_from_db()
    assert stage.feedback_due == datetime.date(2031, 1, 1)
    assert stage.modified > before


def test_model_update_validates_before_it_saves():
    process = ProcessFactory()
    stage = process.stages.first()
    with pytest.raises(ValidationError):
        model_update(
            instance=stage, fields=core_services.STAGE_PLAN_FIELDS, data={"starts_on": "no date"}
        )


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (core_forms.ProcessForm, core_services.PROCESS_EDITABLE_FIELDS),
        (core_forms.StageDatesForm, core_services.STAGE_PLAN_FIELDS),
        (core_forms.StageForm, core_services.STAGE_FIELDS),
    ],
)
def test_the_form_edits_exactly_the_fields_the_service_allows(form, fields):
    assert list(form._meta.fields) == list(fields)
