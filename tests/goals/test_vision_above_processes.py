"""A vision of the municipality above several processes and terms of office."""

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from goals import selectors, services
from goals.decisions import VISION
from goals.models import Vision, VisionBasis
from tests.factories import BodyFactory, MunicipalityFactory, ProcessFactory, ProcessRoleFactory
from tests.goals.factories import ActionPlanVersionFactory, CouncilGoalFactory, VisionFactory
from visionsprocess.models import BodyKind, Decision, HostName, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    """Vaggeryd's vision, drafted in the programme, with Framtidsbygget resting on it too."""
    programme = ProcessFactory(title="Strategiskt utvecklingsprogram 2019–2022")
    service = ProcessFactory(title="Framtidsbygget")
    vision = VisionFactory(
        process=programme, name="Vaggeryds vision", valid_from=2019, rests=[service]
    )
    return vision, programme, service


def test_both_processes_rest_on_the_same_vision(shared):
    vision, programme, service = shared
    assert selectors.vision_for(process=programme) == vision
    assert selectors.vision_for(process=service) == vision


def test_a_process_rests_on_a_vision_of_its_municipality(shared):
    vision, _programme, _service = shared
    later = ProcessFactory(title="Vision 2040")
    services.vision_rest_on(process=later, vision=vision)
    assert set(vision.bases.values_list("process__title", flat=True)) == {
        "Strategiskt utvecklingsprogram 2019–2022",
        "Framtidsbygget",
        "Vision 2040",
    }


def test_a_vision_of_another_municipality_is_refused(shared):
    vision, _programme, _service = shared
    other = ProcessFactory(municipality=MunicipalityFactory(name="Vansbro kommun", code="2021"))
    with pytest.raises(ValidationError):
        services.vision_rest_on(process=other, vision=vision)
    assert not VisionBasis.objects.filter(process=other).exists()


def test_resting_on_none_leaves_the_vision_to_the_others(shared):
    vision, _programme, service = shared
    services.vision_rest_on(process=service, vision=None)
    assert selectors.vision_for(process=service) is None
    assert Vision.objects.filter(pk=vision.pk).exists()


def test_saving_from_a_resting_process_edits_the_one_shared_vision(shared):
    vision, programme, service = shared
    services.vision_save(
        process=service, statement="Här gör vi plats för fler", valid_until=2035, valid_from=2019
    )
    assert Vision.objects.count() == 1
    assert selectors.vision_for(process=programme).statement == "Här gör vi plats för fler"


def test_a_process_that_left_and_saves_again_gets_its_own_vision_back(shared):
    vision, programme, _service = shared
    services.vision_rest_on(process=programme, vision=None)
    again = services.vision_save(process=programme, statement="Egen", valid_until=2030)
    assert again.pk == vision.pk and selectors.vision_for(process=programme) == vision


def test_a_vision_cannot_end_before_it_starts():
    process = ProcessFactory()
    with pytest.raises(ValidationError):
        services.vision_save(process=process, statement="X", valid_until=2020, valid_from=2030)


def test_decisions_recorded_in_any_resting_process_stay_with_the_vision(shared):
    vision, _programme, service = shared
    kf = BodyFactory(municipality=service.municipality, kind=BodyKind.KF, short_name="KF")
    from visionsprocess.registry import decision_matters

    matter = decision_matters.get(VISION)
    adopted = Decision.objects.create(
        process=service,
        body=kf,
        meeting_date=dt.date(2015, 6, 1),
        paragraph_number=40,
        outcome="approved",
        matter=VISION,
        subject="Visionen antas",
    )
    matter.attach(adopted, "vision")
    extended = Decision.objects.create(
        process=service,
        body=kf,
        meeting_date=dt.date(2019, 2, 25),
        paragraph_number=12,
        outcome="approved",
        matter=VISION,
        subject="Giltigheten förlängs till 2030",
    )
    matter.attach(extended, "vision")
    vision.refresh_from_db()
    assert vision.adoption_decision == adopted and vision.decision == extended


def test_the_process_page_names_the_other_processes_under_the_vision(client, shared):
    _vision, programme, service = shared
    html = client.get(programme.get_absolute_url()).content.decode()
    assert service.get_absolute_url() in html.split("Här gör vi plats")[1]


def test_the_vision_page_shows_its_adoption_and_the_other_processes(client, shared):
    vision, programme, service = shared
    html = client.get(reverse("goals:vision", args=[service.slug])).content.decode()
    assert vision.statement in html
    assert programme.get_absolute_url() in html


def test_a_draft_process_is_not_named_under_the_vision(client, shared):
    vision, programme, _service = shared
    draft = ProcessFactory(title="Hemligt utkast", published_at=None)
    services.vision_rest_on(process=draft, vision=vision)
    html = client.get(reverse("goals:vision", args=[programme.slug])).content.decode()
    assert "Hemligt utkast" not in html
    assert "Hemligt utkast" not in client.get("/").content.decode()


def test_council_goals_of_a_resting_process_serve_the_vision(client, shared):
    vision, _programme, service = shared
    goal = CouncilGoalFactory(process=service, term_start=2023, term_end=2026)
    html = client.get(goal.get_absolute_url()).content.decode()
    assert vision.statement in html


def test_the_action_plan_page_shows_the_vision(client, shared):
    vision, _programme, service = shared
    ActionPlanVersionFactory(plan__process=service, year=2024, revision=1)
    html = client.get(reverse("goals:action_plan", args=[service.slug])).content.decode()
    assert vision.statement in html and "Vaggeryds vision" in html


def test_the_municipality_page_shows_the_vision_and_its_processes(client, shared):
    vision, programme, service = shared
    html = client.get("/").content.decode()
    block = html.split('id="municipality-visions-heading"')[1].split("</section>")[0]
    assert "Vaggeryds vision" in block and vision.statement in block
    assert "Framtidsbygget" in block and "Strategiskt utvecklingsprogram" in block
    assert "2019–2030" in block


def test_an_expired_vision_is_not_on_the_municipality_page(client):
    VisionFactory(name="Gamla visionen", valid_until=2010)
    assert "Gamla visionen" not in client.get("/").content.decode()


def test_staff_choose_the_vision_a_process_rests_on(client, shared):
    vision, _programme, _service = shared
    later = ProcessFactory(title="Vision 2040")
    client.force_login(ProcessRoleFactory(process=later, role=Role.ADMIN).user)
    url = reverse("goals:vision_basis", args=[later.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"vision": vision.pk})
    assert response.status_code == 302
    assert selectors.vision_for(process=later) == vision


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "<script>"])
def test_a_bad_choice_is_answered_with_the_form(client, shared, value):
    later = ProcessFactory(title="Vision 2040")
    client.force_login(ProcessRoleFactory(process=later, role=Role.ADMIN).user)
    response = client.post(reverse("goals:vision_basis", args=[later.slug]), {"vision": value})
    assert response.status_code == 200
    assert selectors.vision_for(process=later) is None


def test_the_vision_of_another_municipality_is_not_offered(client, shared):
    vision, _programme, _service = shared
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vansbro, host="vansbro.test", is_primary=True)
    other = ProcessFactory(municipality=vansbro)
    client.force_login(ProcessRoleFactory(process=other, role=Role.ADMIN).user)
    url = reverse("goals:vision_basis", args=[other.slug])
    host = {"HTTP_HOST": "vansbro.test"}  # each municipality at its own host
    assert vision.statement not in client.get(url, **host).content.decode()
    assert client.post(url, {"vision": vision.pk}, **host).status_code == 200
    assert selectors.vision_for(process=other) is None


def test_the_data_migration_lets_the_owning_process_rest_on_its_vision():
    from importlib import import_module

    migration = import_module("goals.migrations.0013_vision_above_processes")
    vision, process = VisionFactory(), None
    process = vision.process
    VisionBasis.objects.all().delete()
    migration.fill(django_apps, None)
    assert VisionBasis.objects.get(process=process).vision == vision
    vision.refresh_from_db()
    assert vision.municipality == process.municipality
