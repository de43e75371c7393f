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


def _form_cases():
    from dialog import forms as dialog_forms
    from dialog import services as dialog_services
    from goals import forms as goals_forms
    from goals import services as goals_services
    from goals.focus_areas import forms as focus_forms
    from goals.focus_areas import services as focus_services

    return [
        (dialog_forms.MeetingForm, dialog_services.MEETING_FIELDS),
        (dialog_forms.OrganisationForm, dialog_services.ORGANISATION_FIELDS),
        (dialog_forms.KitForm, dialog_services.KIT_FIELDS),
        (goals_forms.CouncilGoalForm, goals_services.COUNCIL_GOAL_FIELDS),
        (goals_forms.IndicatorForm, goals_services.INDICATOR_FIELDS),
        (goals_forms.GoverningDocumentForm, goals_services.DOCUMENT_FIELDS),
        (goals_forms.ActionPlanItemForm, goals_services.ITEM_FIELDS),
        (focus_forms.FocusAreaForm, focus_services.FOCUS_AREA_FIELDS),
    ]


def test_every_field_a_service_lets_change_is_on_its_form():
    """Where the form shows more (files, many-to-many) in its own order, its ``Meta.fields``
    still holds every field of the service's list, so the two cannot drift apart."""
    for form, fields in _form_cases():
        missing = set(fields) - set(form._meta.fields)
        assert not missing, f"{form.__name__} lacks {missing}"
