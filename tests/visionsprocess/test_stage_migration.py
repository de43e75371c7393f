"""The migration of existing processes to stages as rows (visionsprocess 0010–0012, dialog
0005–0007, contributions 0014–0016): every process keeps exactly its five stages, its current
stage, and the stage of every contribution and meeting; and back again."""

import datetime as dt
import importlib

import pytest
from django.db.migrations.exceptions import IrreversibleError
from django.utils import timezone

OLD = [
    ("visionsprocess", "0009_add_process_registry_fields"),
    ("dialog", "0004_consultation_reminder"),
    ("contributions", "0013_search_inner_parts_of_compounds"),
]
NEW = [
    ("visionsprocess", "0012_stage_rows_constrain"),
    ("dialog", "0007_meeting_stage_row_constrain"),
    ("contributions", "0016_contribution_stage_row_constrain"),
]
FIVE = ["dialogue", "engagement", "drafting", "adoption", "implementation"]


def _old_world(apps):
    """Two processes as they were: one in drafting with a stage row missing and a stage with
    its own description, contributions in two stages and a meeting; one in implementation."""
    Municipality = apps.get_model("visionsprocess", "Municipality")
    VisionProcess = apps.get_model("visionsprocess", "VisionProcess")
    Stage = apps.get_model("visionsprocess", "Stage")
    Contribution = apps.get_model("contributions", "Contribution")
    Meeting = apps.get_model("dialog", "Meeting")
    municipality = Municipality.objects.create(name="Vaggeryds kommun", code="0682")
    vision = VisionProcess.objects.create(
        municipality=municipality,
        title="Vision 2040",
        slug="vision-2040",
        horizon_year=2040,
        current_stage="drafting",
    )
    for kind in ["dialogue", "engagement", "drafting", "adoption"]:  # implementation missing
        Stage.objects.create(
            process=vision,
            kind=kind,
            starts_on=dt.date(2026, 4, 1) if kind == "dialogue" else None,
            description="Breda digitala dialogmöten i april och maj." if kind == "dialogue" else "",
        )
    programme = VisionProcess.objects.create(
        municipality=municipality,
        title="Strategiskt utvecklingsprogram",
        slug="program",
        horizon_year=2030,
        current_stage="implementation",
    )
    for kind in FIVE:
        Stage.objects.create(process=programme, kind=kind)
    for number, stage in enumerate(["dialogue", "dialogue", "engagement"]):
        Contribution.objects.create(
            process=vision,
            kind="idea",
            stage=stage,
            text=f"Idé {number}",
            tracking_token=f"token-{number}",
        )
    Contribution.objects.create(
        process=programme, kind="idea", stage="dialogue", text="Cykelväg", tracking_token="t-p"
    )
    start = timezone.now() + dt.timedelta(days=3)
    Meeting.objects.create(
        process=vision,
        stage="engagement",
        kind="broad",
        format="physical",
        title="Dialogmöte i Hok",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    return vision, programme


@pytest.mark.django_db(transaction=True)
def test_existing_processes_keep_their_stages_and_input_and_can_go_back(migrator):
    old = migrator.apply_tested_migration(OLD)  # back from the latest, to the fixed stages
    _old_world(old.apps)

    new = migrator.apply_tested_migration(NEW)
    VisionProcess = new.apps.get_model("visionsprocess", "VisionProcess")
    Stage = new.apps.get_model("visionsprocess", "Stage")
    Contribution = new.apps.get_model("contributions", "Contribution")
    Meeting = new.apps.get_model("dialog", "Meeting")

    vision = VisionProcess.objects.get(slug="vision-2040")
    stages = list(Stage.objects.filter(process=vision).order_by("position"))
    assert [s.key for s in stages] == FIVE
    assert [s.position for s in stages] == [1, 2, 3, 4, 5]
    assert [s.name_sv for s in stages] == [
        "Dialogmöten",
        "Breddat engagemang",
        "Skapande och formulering",
        "Antagande",
        "Implementering",
    ]
    assert stages[2].name_en == "Drafting"
    # A stage's own description is kept; the others get the standard texts in both languages.
    assert stages[0].description_sv == "Breda digitala dialogmöten i april och maj."
    assert stages[0].starts_on == dt.date(2026, 4, 1)
    assert stages[1].description_sv.startswith("Grupper håller egna samtal")
    assert stages[1].description_en.startswith("Groups hold their own conversations")
    # What each stage opens is what the rules allowed in it.
    assert stages[0].opens == ["idea", "letter", "group_report", "meetings"]
    assert stages[1].opens == ["idea", "letter", "group_report"]
    assert stages[2].opens == ["drafting", "consultation"]
    assert stages[4].opens == ["follow_up"]
    assert vision.current_stage_id == stages[2].pk

    programme = VisionProcess.objects.get(slug="program")
    assert programme.current_stage.key == "implementation"
    assert Stage.objects.filter(process=programme).count() == 5

    by_token = {c.tracking_token: c for c in Contribution.objects.select_related("stage")}
    assert [by_token[f"token-{n}"].stage.key for n in range(3)] == [
        "dialogue",
        "dialogue",
        "engagement",
    ]
    assert by_token["token-0"].stage.process_id == vision.pk
    assert by_token["t-p"].stage.process_id == programme.pk
    assert Contribution.objects.count() == 4
    assert Meeting.objects.get().stage.key == "engagement"

    # And back: the fixed stages, with the standard descriptions empty again.
    back = migrator.apply_tested_migration(OLD)
    VisionProcess = back.apps.get_model("visionsprocess", "VisionProcess")
    Stage = back.apps.get_model("visionsprocess", "Stage")
    Contribution = back.apps.get_model("contributions", "Contribution")
    Meeting = back.apps.get_model("dialog", "Meeting")
    assert VisionProcess.objects.get(slug="vision-2040").current_stage == "drafting"
    assert VisionProcess.objects.get(slug="program").current_stage == "implementation"
    vision_stages = Stage.objects.filter(process__slug="vision-2040")
    assert sorted(vision_stages.values_list("kind", flat=True)) == sorted(FIVE)
    assert vision_stages.get(kind="dialogue").description.startswith("Breda digitala")
    assert vision_stages.get(kind="engagement").description == ""  # "the standard text"
    assert sorted(Contribution.objects.values_list("tracking_token", "stage")) == [
        ("t-p", "dialogue"),
        ("token-0", "dialogue"),
        ("token-1", "dialogue"),
        ("token-2", "engagement"),
    ]
    assert Meeting.objects.get().stage == "engagement"


@pytest.mark.django_db
def test_going_back_is_refused_when_a_process_has_stages_of_its_own():
    """The reverse of 0006 checks first (on today's models, without migrating: the check reads
    only what both schemas share) and names the stage it has no place for."""
    from django.apps import apps

    from tests.factories import ProcessFactory
    from visionsprocess import services

    fill = importlib.import_module("visionsprocess.migrations.0011_stage_rows_fill")
    process = ProcessFactory()
    services.stage_create(process=process, data={"name_sv": "Fokusområden"})
    with pytest.raises(IrreversibleError, match="Fokusområden"):
        fill.unfill(apps, None)
