"""The process core: municipality, process, stages, roles."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess import services
from visionsprocess.models import (
    Municipality,
    Role,
    Stage,
    StageKind,
    Visibility,
    VisionProcess,
)
from visionsprocess.selectors import process_timeline

pytestmark = pytest.mark.django_db


def test_the_vision_templates_five_stages_follow_the_process_map_in_order():
    assert StageKind.values == ["dialogue", "engagement", "drafting", "adoption", "implementation"]


def test_new_process_gets_all_five_stages_and_its_creator_as_administrator():
    creator = UserFactory()
    process = services.process_create(
        municipality=MunicipalityFactory(),
        title="Vision 2040",
        slug="vision-2040",
        horizon_year=2040,
        creator=creator,
    )
    stages = list(process.stages.order_by("position"))
    assert [stage.key for stage in stages] == StageKind.values
    assert [stage.position for stage in stages] == [1, 2, 3, 4, 5]
    assert stages[0].name_sv == "Dialogmöten" and stages[0].name_en == "Dialogue meetings"
    assert process.current_stage == stages[0]
    assert process.roles.get().user == creator
    assert process.roles.get().role == Role.ADMIN


def test_timeline_marks_done_current_and_coming_stages():
    process = ProcessFactory(current_stage=StageKind.DRAFTING)
    timeline = process_timeline(process=process)
    assert [stage.key for stage in timeline] == StageKind.values
    assert [stage.is_done for stage in timeline] == [True, True, False, False, False]
    assert [stage.is_current for stage in timeline] == [False, False, True, False, False]


def test_stage_cannot_end_before_it_starts():
    process = ProcessFactory()
    dialogue = process.stage_by_key(StageKind.DIALOGUE)
    with pytest.raises(ValidationError):
        services.process_update(
            process=process,
            data={},
            stages={dialogue: {"starts_on": "2026-05-01", "ends_on": "2026-04-01"}},
        )


def test_stage_template_key_and_position_are_unique_per_process():
    process = ProcessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(process=process, key=StageKind.DIALOGUE, position=9, name_sv="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(process=process, position=1, name_sv="Nytt steg")


@pytest.mark.parametrize("code", ["192", "01920", "abcd", ""])
def test_municipality_code_must_be_four_digits(code):
    with pytest.raises(ValidationError):
        Municipality(name="Nynäshamns kommun", code=code).full_clean()


def test_municipality_code_constraint_holds_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Fel", code="12a4")


def test_horizon_year_outside_range_is_refused():
    process = ProcessFactory()
    with pytest.raises(ValidationError):
        services.process_update(process=process, data={"horizon_year": 1850})
    process.refresh_from_db()
    assert process.horizon_year == 2040


def test_process_update_refuses_fields_that_are_not_editable():
    process = ProcessFactory()
    with pytest.raises(ValidationError):
        services.process_update(process=process, data={"municipality_id": 999})


def test_visible_to_hides_internal_processes_from_citizens_but_not_from_members():
    public = ProcessFactory()
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    member = ProcessRoleFactory(process=internal, role=Role.POLITICIAN).user
    citizen = UserFactory()
    assert set(VisionProcess.objects.visible_to(citizen)) == {public}
    assert set(VisionProcess.objects.visible_to(member)) == {public, internal}


def test_role_grant_needs_an_existing_account_and_refuses_duplicates():
    process = ProcessFactory()
    user = UserFactory(email="politiker@example.org")
    with pytest.raises(ValidationError):
        services.role_grant(process=process, email="okand@example.org", role=Role.OFFICIAL)
    services.role_grant(process=process, email="POLITIKER@example.org", role=Role.POLITICIAN)
    with pytest.raises(ValidationError):
        services.role_grant(process=process, email="politiker@example.org", role=Role.POLITICIAN)
    assert process.roles.filter(user=user).count() == 1


def test_last_process_administrator_cannot_be_removed():
    admin_role = ProcessRoleFactory(role=Role.ADMIN)
    with pytest.raises(ValidationError):
        services.role_revoke(process_role=admin_role, by=admin_role.user)


def test_light_primary_colour_is_refused_because_white_text_would_be_unreadable():
    municipality = Municipality(name="Vaggeryds kommun", code="0682", primary_colour="#f0b400")
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "primary_colour" in error.value.message_dict
    Municipality(name="Vaggeryds kommun", code="0682", primary_colour="#00558c").full_clean()
