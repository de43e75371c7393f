"""Stages a process defines: add, rename, reorder, remove (refused when input points at it), what
each opens, and where they show (process map, tracking page, process overview PDF)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from contributions.models import Contribution
from contributions.services.submission import contribution_submit
from dialog.services import meeting_create
from tests.contributions.factories import ContributionFactory
from tests.dialog.factories import MeetingFactory, in_days
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess import services
from visionsprocess.documents.kinds import _overview_context
from visionsprocess.models import Role, Stage, StageKind
from visionsprocess.predicates import stage_is, stage_opens
from visionsprocess.registry import stage_openings

pytestmark = pytest.mark.django_db


def positions(process):
    return list(process.stages.order_by("position").values_list("key", "position"))


def names(process):
    return list(process.stages.order_by("position").values_list("name_sv", flat=True))


@pytest.fixture
def admin_client(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.ADMIN).user)
    client.process = process
    return client


# --- Services -----------------------------------------------------------------------------------


def test_added_stage_comes_last_with_what_it_opens():
    process = ProcessFactory()
    stage = services.stage_create(
        process=process,
        data={"name_sv": "Fokusområden", "name_en": "Focus areas", "opens": ["follow_up"]},
    )
    assert stage.position == 6 and stage.key == ""
    assert names(process)[-1] == "Fokusområden"
    assert stage.accepts("follow_up") and not stage.accepts("idea")


def test_a_stage_needs_a_swedish_name_and_known_openings():
    process = ProcessFactory()
    with pytest.raises(ValidationError) as error:
        services.stage_create(process=process, data={"name_sv": "   "})
    assert "name_sv" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.stage_create(process=process, data={"name_sv": "Enkät", "opens": ["ouija"]})
    assert "opens" in error.value.message_dict
    assert process.stages.count() == 5


def test_stage_fields_that_are_not_editable_are_refused():
    stage = ProcessFactory().stage_by_key(StageKind.DRAFTING)
    with pytest.raises(ValidationError):
        services.stage_update(stage=stage, data={"process_id": 99})


def test_rename_keeps_the_stage_and_what_points_at_it():
    process = ProcessFactory(current_stage=StageKind.ENGAGEMENT)
    stage = process.stage_by_key(StageKind.ENGAGEMENT)
    contribution = ContributionFactory(process=process, stage=stage)
    services.stage_update(stage=stage, data={"name_sv": "Egna samtal", "name_en": "Own talks"})
    contribution.refresh_from_db()
    assert contribution.stage.name_sv == "Egna samtal"


def test_moving_a_stage_swaps_it_with_its_neighbour():
    process = ProcessFactory()
    services.stage_move(stage=process.stage_by_key(StageKind.ADOPTION), direction="up")
    assert [key for key, _pos in positions(process)] == [
        "dialogue",
        "engagement",
        "adoption",
        "drafting",
        "implementation",
    ]
    assert [pos for _key, pos in positions(process)] == [1, 2, 3, 4, 5]


def test_the_first_stage_cannot_move_up_and_a_wrong_direction_is_refused():
    process = ProcessFactory()
    first = process.stage_by_key(StageKind.DIALOGUE)
    services.stage_move(stage=first, direction="up")
    assert positions(process)[0] == ("dialogue", 1)
    with pytest.raises(ValidationError):
        services.stage_move(stage=first, direction="sideways")


def test_removing_a_stage_that_holds_contributions_is_refused_with_the_reason_in_swedish():
    process = ProcessFactory(current_stage=StageKind.DRAFTING)
    stage = process.stage_by_key(StageKind.ENGAGEMENT)
    ContributionFactory.create_batch(2, process=process, stage=stage)
    with pytest.raises(ValidationError) as error:
        services.stage_delete(stage=stage)
    message = " ".join(error.value.messages)
    assert "Breddat engagemang" in message and "2 bidrag" in message
    assert process.stages.count() == 5 and Contribution.objects.count() == 2


def test_removing_a_stage_with_a_meeting_is_refused():
    process = ProcessFactory()
    stage = process.stage_by_key(StageKind.ADOPTION)
    MeetingFactory(process=process, stage=stage)
    with pytest.raises(ValidationError) as error:
        services.stage_delete(stage=stage)
    assert "1 möte" in " ".join(error.value.messages)


def test_the_current_stage_and_the_only_stage_cannot_be_removed():
    process = ProcessFactory(current_stage=StageKind.DRAFTING)
    with pytest.raises(ValidationError) as error:
        services.stage_delete(stage=process.stage_by_key(StageKind.DRAFTING))
    assert "pågående" in " ".join(error.value.messages) or "current" in str(error.value)
    for key in ("dialogue", "engagement", "adoption", "implementation"):
        services.stage_delete(stage=process.stage_by_key(key))
    assert positions(process) == [("drafting", 1)]


def test_removing_an_empty_stage_closes_the_gap():
    process = ProcessFactory()
    services.stage_delete(stage=process.stage_by_key(StageKind.ENGAGEMENT))
    assert [pos for _key, pos in positions(process)] == [1, 2, 3, 4]
    assert "engagement" not in [key for key, _pos in positions(process)]


def test_the_current_stage_must_be_one_of_the_processs_own():
    process, other = ProcessFactory(), ProcessFactory()
    with pytest.raises(ValidationError):
        services.process_update(
            process=process, data={"current_stage": other.stage_by_key(StageKind.DRAFTING)}
        )
    with pytest.raises(ValidationError):
        services.process_update(
            process=process,
            data={},
            stages={other.stage_by_key(StageKind.DRAFTING).pk: {"starts_on": None}},
        )


# --- What a stage opens ---------------------------------------------------------------------------


def test_apps_register_what_a_stage_can_open():
    keys = {opening.key for opening in stage_openings}
    assert {"idea", "letter", "group_report"} <= {o.key for o in stage_openings.inputs()}
    assert {"meetings", "drafting", "consultation", "adoption", "follow_up"} <= keys


def test_stage_opens_follows_the_current_stage_not_its_name():
    process = ProcessFactory(current_stage=StageKind.ENGAGEMENT)
    takes_ideas = stage_opens("idea")
    assert takes_ideas(None, process)
    services.stage_update(stage=process.stage_by_key(StageKind.ENGAGEMENT), data={"opens": []})
    process.refresh_from_db()
    assert not takes_ideas(None, process)
    assert stage_is(StageKind.ENGAGEMENT)(None, process)


def test_only_the_kinds_the_current_stage_opens_are_received():
    process = ProcessFactory(current_stage=StageKind.DIALOGUE)
    services.stage_update(stage=process.stage_by_key(StageKind.DIALOGUE), data={"opens": ["idea"]})
    process.refresh_from_db()
    data = {"text": "Ett brev från 2040", "consent_to_publish": True}
    with pytest.raises(ValidationError):
        contribution_submit(process=process, kind="letter", data=data)
    idea = contribution_submit(process=process, kind="idea", data=data)
    assert idea.stage == process.current_stage


def test_the_send_in_page_offers_only_what_the_stage_receives(client):
    process = ProcessFactory(current_stage=StageKind.DIALOGUE)
    services.stage_update(stage=process.stage_by_key(StageKind.DIALOGUE), data={"opens": ["idea"]})
    html = client.get(reverse("contributions:submit_start", args=[process.slug])).content.decode()
    assert "/bidrag/nytt/ide/" in html or "Idé" in html
    assert "Brev från framtiden" not in html
    response = client.get(reverse("contributions:submit", args=[process.slug, "brev"]))
    assert "tas inte emot just nu" in response.content.decode()


def test_a_new_meeting_goes_to_the_stage_meetings_belong_to():
    process = ProcessFactory(current_stage=StageKind.DRAFTING)
    meeting = meeting_create(
        process=process,
        data={
            "title": "Dialogmöte i Hok",
            "kind": "broad",
            "format": "physical",
            "starts_at": in_days(5),
            "ends_at": in_days(5, hour=20),
        },
    )
    assert meeting.stage.key == StageKind.DIALOGUE  # the stage that opens meetings


# --- Pages -----------------------------------------------------------------------------------------


def test_administrator_adds_a_stage_and_names_are_escaped(admin_client):
    process = admin_client.process
    url = reverse("staff:stage_create", args=[process.slug])
    response = admin_client.post(
        url, {"name_sv": "<script>alert(1)</script>Uppföljning", "opens": ["follow_up"]}
    )
    assert response.status_code == 302
    html = admin_client.get(reverse("staff:process_stages", args=[process.slug])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Uppföljning" in html
    public = admin_client.get(process.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Uppföljning" in public


def test_empty_name_gives_a_swedish_error_and_keeps_input(admin_client):
    process = admin_client.process
    url = reverse("staff:stage_create", args=[process.slug])
    response = admin_client.post(url, {"name_sv": "", "name_en": "Survey", "opens": ["idea"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ge steget ett namn på svenska." in html and 'value="Survey"' in html
    assert process.stages.count() == 5


def test_refused_removal_through_the_page_says_why(admin_client):
    process = admin_client.process
    stage = process.stage_by_key(StageKind.ENGAGEMENT)
    ContributionFactory(process=process, stage=stage)
    url = reverse("staff:stage_delete", args=[process.slug, stage.pk])
    response = admin_client.post(url, follow=True)
    html = response.content.decode()
    assert "kan inte tas bort" in html and "1 bidrag" in html
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_moving_with_htmx_answers_with_the_list_and_where_to_put_the_focus(admin_client):
    process = admin_client.process
    stage = process.stage_by_key(StageKind.DRAFTING)
    url = reverse("staff:stage_move", args=[process.slug, stage.pk])
    response = admin_client.post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f"#stage-{stage.pk}-up" in response["HX-Trigger-After-Settle"]
    html = response.content.decode()
    assert html.startswith('<div id="stage-list">') and "<html" not in html
    assert positions(process)[1] == ("drafting", 2)


def test_stage_of_another_process_under_this_address_is_404(admin_client):
    other = ProcessFactory()
    stage = other.stage_by_key(StageKind.DRAFTING)
    process = admin_client.process
    for name in ("staff:stage_edit", "staff:stage_move", "staff:stage_delete"):
        response = admin_client.post(
            reverse(name, args=[process.slug, stage.pk]), {"direction": "up"}
        )
        assert response.status_code == 404
    assert Stage.objects.filter(pk=stage.pk).exists()


def _edit_data(process, stages, **overrides):
    data = {
        "title": process.title,
        "horizon_year": 2040,
        "visibility": "public",
        "current_stage": process.current_stage_id,
        "stage-TOTAL_FORMS": str(len(stages)),
        "stage-INITIAL_FORMS": str(len(stages)),
        "stage-MIN_NUM_FORMS": "0",
        "stage-MAX_NUM_FORMS": "1000",
    }
    for index, stage in enumerate(stages):
        data[f"stage-{index}-id"] = stage.pk
        data[f"stage-{index}-starts_on"] = ""
        data[f"stage-{index}-ends_on"] = ""
    data.update(overrides)
    return data


def test_stage_formset_with_another_processs_stage_id_is_a_form_error_not_a_500(client):
    process, other = ProcessFactory(), ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    foreign = other.stage_by_key(StageKind.DRAFTING)
    stages = list(process.stages.order_by("position"))
    data = _edit_data(
        process, stages, **{"stage-0-id": foreign.pk, "stage-0-starts_on": "2026-01-01"}
    )
    response = client.post(reverse("staff:process_edit", args=[process.slug]), data)
    assert response.status_code == 200
    assert "inte en del av processen" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.starts_on is None


def test_stage_formset_cannot_add_stages_or_take_a_foreign_current_stage(client):
    process, other = ProcessFactory(), ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    stages = list(process.stages.order_by("position"))
    data = _edit_data(
        process, stages, **{"stage-TOTAL_FORMS": "6", "stage-5-starts_on": "2026-01-01"}
    )
    response = client.post(reverse("staff:process_edit", args=[process.slug]), data)
    assert process.stages.count() == 5
    assert response.status_code in (200, 302)
    data = _edit_data(process, stages, current_stage=other.stage_by_key("drafting").pk)
    response = client.post(reverse("staff:process_edit", args=[process.slug]), data)
    assert response.status_code == 200
    assert "Välj ett av processens steg." in response.content.decode()
    data = _edit_data(process, stages, current_stage="drafting")
    assert client.post(reverse("staff:process_edit", args=[process.slug]), data).status_code == 200


def test_official_plans_dates_but_cannot_open_the_stage_pages(client):
    process = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    html = client.get(reverse("staff:process_edit", args=[process.slug])).content.decode()
    assert reverse("staff:process_stages", args=[process.slug]) not in html
    assert client.get(reverse("staff:process_stages", args=[process.slug])).status_code == 403


def test_process_map_and_tracking_page_show_the_stages_as_defined(client):
    process = ProcessFactory(current_stage=StageKind.ENGAGEMENT)
    engagement = process.stage_by_key(StageKind.ENGAGEMENT)
    services.stage_update(stage=engagement, data={"name_sv": "Samtal i föreningarna"})
    contribution = ContributionFactory(process=process, stage=engagement)
    services.stage_create(process=process, data={"name_sv": "Fokusområden framåt"})
    html = client.get(process.get_absolute_url()).content.decode()
    current = html.split('aria-current="step"')[1].split("</li>")[0]
    assert "Samtal i föreningarna" in current
    assert "Fokusområden framåt" in html and "Breddat engagemang" not in html
    process.current_stage = process.stage_by_key(StageKind.DRAFTING)
    process.save()
    track = client.get(reverse("contributions:track", args=[contribution.tracking_token]))
    text = track.content.decode()
    assert "Samtal i föreningarna" in text and "Skapande och formulering" in text


def test_process_overview_pdf_lists_the_stages_in_order():
    process = ProcessFactory()
    services.stage_move(stage=process.stage_by_key(StageKind.ADOPTION), direction="up")
    context = _overview_context(process)
    assert [stage.key for stage in context["stages"]][2:4] == ["adoption", "drafting"]
    from django.template.loader import render_to_string

    html = render_to_string("visionsprocess/documents/print/process_overview.html", context)
    assert html.index("Antagande") < html.index("Skapande och formulering")


def test_stage_page_query_count_does_not_grow_with_stages(
    admin_client, django_assert_max_num_queries
):
    process = admin_client.process
    url = reverse("staff:process_stages", args=[process.slug])
    admin_client.get(url)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(url)
    for number in range(6):
        services.stage_create(process=process, data={"name_sv": f"Extra {number}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


# --- Two administrators at once --------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_moving_the_same_stage_at_once_both_count():
    """Both press "Move up" on the last stage at the same moment: it ends two places up, and
    the positions stay 1..5 (the process row lock serialises the moves; without it the second
    move would be computed from the order before the first and one move would be lost)."""
    process = ProcessFactory()
    last = process.stage_by_key(StageKind.IMPLEMENTATION)
    barrier = threading.Barrier(2)
    errors = []

    def move():
        try:
            barrier.wait(timeout=5)
            services.stage_move(stage=last, direction="up")
        except Exception as error:  # noqa: BLE001 - any error fails the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=move) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert positions(process) == [
        ("dialogue", 1),
        ("engagement", 2),
        ("implementation", 3),
        ("drafting", 4),
        ("adoption", 5),
    ]


def test_the_database_refuses_two_stages_at_the_same_place():
    process = ProcessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.filter(process=process, key=StageKind.DRAFTING).update(position=1)
