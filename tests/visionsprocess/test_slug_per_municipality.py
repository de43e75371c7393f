"""A process's address (slug) is unique within its municipality: two municipalities can each
have "vision-2040", each reached at its own host; within one municipality the address is still
refused with a message."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.factories import MunicipalityFactory, ProcessFactory, UserFactory
from visionsprocess import services
from visionsprocess.models import HostName, MunicipalityRole, VisionProcess
from visionsprocess.notices.core import _process_lookup
from visionsprocess.tenancy import activate

pytestmark = pytest.mark.django_db

VAGGERYD_HOST = "dialog.vaggeryd.test"
VANSBRO_HOST = "dialog.vansbro.test"
SLUG = "vision-2040"


@pytest.fixture
def two():
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vaggeryd, host=VAGGERYD_HOST, is_primary=True)
    HostName.objects.create(municipality=vansbro, host=VANSBRO_HOST, is_primary=True)
    return {
        "vaggeryd": ProcessFactory(municipality=vaggeryd, slug=SLUG, title="Vaggeryds vision"),
        "vansbro": ProcessFactory(municipality=vansbro, slug=SLUG, title="Vansbros vision"),
    }


def test_each_host_shows_its_own_process_at_the_same_address(two):
    vaggeryd = Client(HTTP_HOST=VAGGERYD_HOST).get(f"/process/{SLUG}/").content.decode()
    vansbro = Client(HTTP_HOST=VANSBRO_HOST).get(f"/process/{SLUG}/").content.decode()
    assert "Vaggeryds vision" in vaggeryd and "Vansbros vision" not in vaggeryd
    assert "Vansbros vision" in vansbro and "Vaggeryds vision" not in vansbro


def test_the_same_address_twice_in_one_municipality_is_refused_with_a_message(two):
    copy = VisionProcess(
        municipality=two["vansbro"].municipality, title="Kopia", slug=SLUG, horizon_year=2040
    )
    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert "already has this address" in str(error.value) or "redan" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.process_create(
            municipality=two["vansbro"].municipality, title="Kopia", slug=SLUG, horizon_year=2040
        )
    assert "vision-2040-2" in error.value.message_dict["slug"][0]


def test_suggestions_and_checks_look_within_the_municipality(two):
    tranas = MunicipalityFactory(name="Tranås kommun", code="0687")
    assert services.suggest_slug("Vision 2040", municipality=tranas) == SLUG
    assert services.suggest_slug("Vision 2040", municipality=two["vansbro"].municipality) == (
        "vision-2040-2"
    )
    services.validate_slug(SLUG, municipality=tranas)  # free there
    process = services.process_create(
        municipality=tranas, title="Tranås vision", slug=SLUG, horizon_year=2040
    )
    assert process.slug == SLUG and VisionProcess.objects.filter(slug=SLUG).count() == 3


def test_an_administrator_creates_a_process_at_an_address_another_municipality_uses(two):
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=two["vansbro"].municipality, user=admin)
    client = Client(HTTP_HOST=VANSBRO_HOST)
    client.force_login(admin)
    data = {"template": "vision", "title": "Vision 2040", "horizon_year": 2040, "slug": ""}
    response = client.post(reverse("staff:process_create"), data)
    assert response.status_code == 302
    assert VisionProcess.objects.filter(
        municipality=two["vansbro"].municipality, slug="vision-2040-2"
    ).exists()
    tranas = MunicipalityFactory(name="Tranås kommun", code="0687")
    HostName.objects.create(municipality=tranas, host="dialog.tranas.test", is_primary=True)
    MunicipalityRole.objects.create(municipality=tranas, user=admin)
    client = Client(HTTP_HOST="dialog.tranas.test")
    client.force_login(admin)
    response = client.post(reverse("staff:process_create"), {**data, "slug": SLUG})
    assert response.status_code == 302
    assert VisionProcess.objects.get(municipality=tranas).slug == SLUG


def test_following_by_address_finds_the_process_of_the_host(two):
    with activate(two["vansbro"].municipality):
        assert _process_lookup(SLUG) == two["vansbro"]
    with activate(two["vaggeryd"].municipality):
        assert _process_lookup(SLUG) == two["vaggeryd"]
    page = Client(HTTP_HOST=VANSBRO_HOST).get(f"/folj/process/{SLUG}/")
    assert page.status_code == 200 and "Vansbros vision" in page.content.decode()


def test_the_gallring_command_asks_for_the_municipality_when_the_address_is_shared(two):
    with pytest.raises(CommandError, match="--municipality"):
        call_command("gallra", "--process", SLUG, "--dry-run")
    with pytest.raises(CommandError, match="retention rule|gallringsregel|regel"):
        call_command("gallra", "--process", SLUG, "--municipality", "2021", "--dry-run")


@pytest.mark.no_tripwire  # the demo's loader writes directly; load_demo then resets every version
def test_the_demo_finds_its_processes_in_their_own_municipality(two):
    from visionsprocess import demo

    vaggeryd = two["vaggeryd"].municipality
    found = demo._process(
        vaggeryd, SLUG, {}, current_stage="dialogue", title="Vision 2040", horizon_year=2040
    )
    assert found == two["vaggeryd"]
    two["vansbro"].refresh_from_db()
    assert two["vansbro"].title == "Vansbros vision"
    tranas = MunicipalityFactory(name="Tranås kommun", code="0687")
    made = demo._process(
        tranas, SLUG, {}, current_stage="dialogue", title="Vision 2040", horizon_year=2040
    )
    assert made.municipality == tranas and VisionProcess.objects.filter(slug=SLUG).count() == 3
