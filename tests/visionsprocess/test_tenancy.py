"""Several municipalities, one installation: hosts, tokens, roles, links, the operator's tools."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.contributions.factories import ContributionFactory
from tests.dialog.factories import MeetingFactory, RegistrationFactory
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess import tenancy
from visionsprocess.models import (
    HostName,
    Municipality,
    MunicipalityRole,
    OutgoingEmail,
    Role,
    VisionProcess,
)
from visionsprocess.services import absolute_url

VAGGERYD_HOST = "dialog.vaggeryd.test"
VANSBRO_HOST = "dialog.vansbro.test"


@pytest.fixture
def two(db):
    """Vaggeryd (the first municipality: also at testserver) and Vansbro, each with a process."""
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", code="0682")
    vansbro = MunicipalityFactory(
        name="Vansbro kommun", code="2021", sender_email="Vansbro kommun <dialog@vansbro.test>"
    )
    HostName.objects.create(municipality=vaggeryd, host=VAGGERYD_HOST, is_primary=True)
    HostName.objects.create(municipality=vansbro, host=VANSBRO_HOST, is_primary=True)
    vision = ProcessFactory(municipality=vaggeryd, title="Vision 2040", slug="vision-2040")
    utmaningen = ProcessFactory(municipality=vansbro, title="Utmaningen", slug="utmaningen")
    return {"vaggeryd": vaggeryd, "vansbro": vansbro, "vision": vision, "utmaningen": utmaningen}


def at(host):
    return Client(HTTP_HOST=host)


# --- hosts ----------------------------------------------------------------------------------------


def test_each_host_shows_its_own_municipality_and_processes(two):
    vansbro = at(VANSBRO_HOST).get("/").content.decode()
    vaggeryd = at(VAGGERYD_HOST).get("/").content.decode()
    assert "Utmaningen" in vansbro and "Vision 2040" not in vansbro
    assert "Vision 2040" in vaggeryd and "Utmaningen" not in vaggeryd
    assert "Vansbro kommun" in vansbro and "Vaggeryds kommun" not in vansbro


@pytest.mark.parametrize(
    "host",
    [
        "unknown.example.org",
        "evil.example.org:8000",
        "dialog.vansbro.test.evil.example.org",
        "[::1]:80",
        "dialog vansbro test",
        "",
    ],
)
def test_a_host_no_municipality_has_is_a_plain_404(two, host):
    response = Client().get("/", HTTP_HOST=host)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert b"Vansbro" not in response.content and b"Vaggeryd" not in response.content


def test_a_known_host_with_a_port_and_capitals_is_its_municipality(two):
    response = Client().get("/", HTTP_HOST="Dialog.Vansbro.TEST:8000")
    assert response.status_code == 200
    assert b"Utmaningen" in response.content


def test_health_answers_on_the_platform_host_without_a_municipality(db):
    assert Municipality.objects.count() == 0
    assert Client().get("/health/").status_code == 200


def test_the_process_of_the_other_municipality_is_not_found_at_this_host(two):
    assert at(VAGGERYD_HOST).get("/process/utmaningen/").status_code == 404
    assert at(VANSBRO_HOST).get("/process/vision-2040/").status_code == 404
    assert at(VANSBRO_HOST).get("/process/utmaningen/").status_code == 200


def test_the_theme_css_has_the_colours_of_the_hosts_municipality(two):
    two["vansbro"].primary_colour = "#1f5f3a"
    two["vansbro"].save()
    tenancy.host_map(fresh=True)
    css = at(VANSBRO_HOST).get(reverse("theme_css")).content.decode()
    assert "#1f5f3a" in css


def test_the_host_map_costs_no_query_once_cached(two, django_assert_num_queries):
    client = at(VANSBRO_HOST)
    client.get("/")  # warms the map and the page's own caches
    tenancy.host_map()
    with django_assert_num_queries(0):
        assert tenancy.municipality_for_host(VANSBRO_HOST).pk == two["vansbro"].pk


def test_a_new_host_name_is_found_without_waiting_for_the_cache(two):
    assert at(VANSBRO_HOST).get("/").status_code == 200  # the map is cached now
    HostName.objects.create(municipality=two["vansbro"], host="vansbro.localhost")
    assert at("vansbro.localhost").get("/").status_code == 200


# --- tokens ---------------------------------------------------------------------------------------


def test_a_tracking_link_of_one_municipality_is_not_found_at_the_others_host(two):
    contribution = ContributionFactory(process=two["utmaningen"])
    url = reverse("contributions:track", args=[contribution.tracking_token])
    assert at(VANSBRO_HOST).get(url).status_code == 200
    response = at(VAGGERYD_HOST).get(url)
    assert response.status_code == 404
    assert contribution.text.encode() not in response.content


def test_a_registration_link_of_one_municipality_is_not_found_at_the_others_host(two):
    registration = RegistrationFactory(meeting=MeetingFactory(process=two["utmaningen"]))
    for name in ("registration_status", "registration_cancel", "registration_ics"):
        url = reverse(f"dialog:{name}", kwargs={"token": registration.token})
        assert at(VAGGERYD_HOST).get(url).status_code == 404, name
        assert at(VANSBRO_HOST).get(url).status_code == 200, name


def test_cancelling_at_the_other_host_cancels_nothing(two):
    registration = RegistrationFactory(meeting=MeetingFactory(process=two["utmaningen"]))
    url = reverse("dialog:registration_cancel", kwargs={"token": registration.token})
    assert at(VAGGERYD_HOST).post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status != "cancelled"


def test_a_follow_confirmation_of_one_municipality_is_not_found_at_the_others_host(two):
    from visionsprocess.notices.services import follow_request

    follow, _sent = follow_request(target=two["utmaningen"], email="anna@example.org")
    url = reverse("notices:confirm", kwargs={"token": follow.confirm_token})
    assert at(VAGGERYD_HOST).post(url).status_code == 404
    follow.refresh_from_db()
    assert follow.confirmed_at is None
    assert at(VANSBRO_HOST).get(url).status_code == 200


# --- roles ----------------------------------------------------------------------------------------


def test_a_person_with_roles_in_two_municipalities_sees_each_on_its_own_host(two):
    person = ProcessRoleFactory(process=two["vision"], role=Role.OFFICIAL).user
    ProcessRoleFactory(process=two["utmaningen"], role=Role.OFFICIAL, user=person)
    for host, own, other in (
        (VANSBRO_HOST, "Utmaningen", "Vision 2040"),
        (VAGGERYD_HOST, "Vision 2040", "Utmaningen"),
    ):
        client = at(host)
        client.force_login(person)
        page = client.get(reverse("staff:home")).content.decode()
        assert own in page and other not in page


STAFF_LINK = '">Personalytan</a>'


def _signed_in_at(host, user):
    client = at(host)
    client.force_login(user)
    return client


def test_an_official_of_one_municipality_sees_no_staff_area_at_the_others_host(two):
    official = ProcessRoleFactory(process=two["vision"], role=Role.OFFICIAL).user
    vansbro = _signed_in_at(VANSBRO_HOST, official)
    for name in ("home", "my_pages"):
        page = vansbro.get(reverse(name))
        assert page.status_code == 200, name
        assert STAFF_LINK not in page.content.decode(), name
    assert vansbro.get(reverse("staff:home")).status_code == 403
    vaggeryd = _signed_in_at(VAGGERYD_HOST, official)
    assert STAFF_LINK in vaggeryd.get(reverse("home")).content.decode()
    assert vaggeryd.get(reverse("staff:home")).status_code == 200


def test_a_person_with_roles_in_both_municipalities_sees_the_staff_area_at_both_hosts(two):
    person = ProcessRoleFactory(process=two["vision"], role=Role.OFFICIAL).user
    ProcessRoleFactory(process=two["utmaningen"], role=Role.POLITICIAN, user=person)
    for host in (VAGGERYD_HOST, VANSBRO_HOST):
        client = _signed_in_at(host, person)
        assert STAFF_LINK in client.get(reverse("home")).content.decode(), host
        assert client.get(reverse("staff:home")).status_code == 200, host


def test_a_municipality_administrator_has_the_staff_area_of_its_municipality_only(two):
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=two["vansbro"], user=admin)
    vansbro = _signed_in_at(VANSBRO_HOST, admin)
    assert STAFF_LINK in vansbro.get(reverse("home")).content.decode()
    assert vansbro.get(reverse("staff:home")).status_code == 200
    vaggeryd = _signed_in_at(VAGGERYD_HOST, admin)
    assert STAFF_LINK not in vaggeryd.get(reverse("home")).content.decode()
    assert vaggeryd.get(reverse("staff:home")).status_code == 403


def test_the_platform_operator_and_a_citizen_at_either_host(two):
    operator = UserFactory(is_superuser=True, is_staff=True)
    citizen = UserFactory()
    for host in (VAGGERYD_HOST, VANSBRO_HOST):
        client = _signed_in_at(host, operator)
        assert STAFF_LINK in client.get(reverse("home")).content.decode(), host
        assert client.get(reverse("staff:home")).status_code == 200, host
        # A citizen (no role anywhere) is taken to "Mina sidor", as before.
        client = _signed_in_at(host, citizen)
        assert STAFF_LINK not in client.get(reverse("home")).content.decode(), host
        assert client.get(reverse("staff:home"))["Location"] == reverse("my_pages"), host


def test_the_staff_area_rule_asks_about_the_municipality_given(two):
    official = ProcessRoleFactory(process=two["vision"], role=Role.OFFICIAL).user
    assert official.has_perm("visionsprocess.view_staff_area", two["vaggeryd"])
    assert not official.has_perm("visionsprocess.view_staff_area", two["vansbro"])
    # Outside a request, without a municipality: a role anywhere counts.
    assert official.has_perm("visionsprocess.view_staff_area")


def test_an_official_of_one_municipality_cannot_open_the_others_inbox(two):
    official = ProcessRoleFactory(process=two["vision"], role=Role.OFFICIAL).user
    inbox = reverse("contributions:staff_inbox", kwargs={"slug": "utmaningen"})
    for host in (VAGGERYD_HOST, VANSBRO_HOST):
        client = at(host)
        client.force_login(official)
        assert client.get(inbox).status_code in (403, 404), host


def test_a_municipality_administrator_administers_its_processes_only(two):
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=two["vansbro"], user=admin)
    assert admin.has_perm("visionsprocess.manage_roles", two["utmaningen"])
    admin = type(admin).objects.get(pk=admin.pk)  # roles are cached on the user object
    assert not admin.has_perm("visionsprocess.manage_roles", two["vision"])


def test_a_municipality_administrator_creates_a_process_on_its_own_host_only(two):
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=two["vansbro"], user=admin)
    data = {"template": "vision", "title": "Vansbro 2040", "horizon_year": 2040}
    client = at(VAGGERYD_HOST)
    client.force_login(admin)
    assert client.post(reverse("staff:process_create"), data).status_code == 403
    client = at(VANSBRO_HOST)
    client.force_login(admin)
    response = client.post(reverse("staff:process_create"), data)
    assert response.status_code == 302
    assert VisionProcess.objects.get(title="Vansbro 2040").municipality == two["vansbro"]


# --- links and sender -----------------------------------------------------------------------------


def test_links_in_e_mails_use_the_primary_host_of_the_objects_municipality(two, settings):
    settings.SITE_URL = "https://plattform.example.org"
    assert absolute_url("/x/", municipality=two["vansbro"]) == f"https://{VANSBRO_HOST}/x/"
    assert absolute_url("/x/", municipality=two["vaggeryd"].pk) == f"https://{VAGGERYD_HOST}/x/"
    without = MunicipalityFactory(name="Tranås kommun", code="0687")
    assert absolute_url("/x/", municipality=without) == "https://plattform.example.org/x/"


def test_a_registration_mail_comes_from_the_municipality_and_links_to_its_host(
    two, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://plattform.example.org"
    meeting = MeetingFactory(process=two["utmaningen"], capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = at(VANSBRO_HOST).post(
            meeting.get_absolute_url(),
            {"name": "Anna Andersson", "email": "anna@example.org"},
        )
    assert response.status_code in (200, 302)
    sent = OutgoingEmail.objects.filter(to="anna@example.org")
    assert sent.first().from_email == "Vansbro kommun <dialog@vansbro.test>"
    assert f"https://{VANSBRO_HOST}/" in sent.first().body
    assert mail.outbox[0].from_email == "Vansbro kommun <dialog@vansbro.test>"


# --- the platform operator ----------------------------------------------------------------------


def test_municipality_create_makes_a_tenant_with_hosts_and_its_administrator(db):
    call_command(
        "municipality_create",
        "--name=Vansbro kommun",
        "--code=2021",
        "--host=Dialog.Vansbro.se",
        "--host=vansbro.localhost",
        "--admin-email=karin@vansbro.se",
        "--sender-email=Vansbro kommun <dialog@vansbro.se>",
    )
    vansbro = Municipality.objects.get(code="2021")
    assert sorted(vansbro.host_names.values_list("host", "is_primary")) == [
        ("dialog.vansbro.se", True),
        ("vansbro.localhost", False),
    ]
    role = MunicipalityRole.objects.get(municipality=vansbro)
    assert role.user.email == "karin@vansbro.se" and not role.user.has_usable_password()
    assert Client().get("/", HTTP_HOST="dialog.vansbro.se").status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code=20x1"], "fyra siffror"),
        (["--primary-colour=#f0f0f0"], "kontrast"),
        (["--admin-email=<script>"], "giltig e-postadress"),
        (["--host=bad host!"], "värdnamn"),
    ],
)
def test_municipality_create_refuses_bad_input_with_a_message(db, args, message):
    base = {"--name": "Vansbro kommun", "--code": "2021", "--host": "dialog.vansbro.se"}
    for arg in args:
        key, _eq, value = arg.partition("=")
        base[key] = value
    with pytest.raises(CommandError, match=message):
        call_command("municipality_create", *[f"{k}={v}" for k, v in base.items()])
    assert not Municipality.objects.filter(code="2021").exists()


def test_a_host_name_of_another_municipality_cannot_be_taken(two):
    with pytest.raises(CommandError, match="används redan"):
        call_command(
            "municipality_create", "--name=Tranås kommun", "--code=0687", f"--host={VANSBRO_HOST}"
        )
    assert not Municipality.objects.filter(code="0687").exists()


def test_only_the_platform_operator_sees_municipalities_in_the_admin(two):
    staff = UserFactory(is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/visionsprocess/municipality/").status_code == 403
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    page = client.get("/admin/visionsprocess/municipality/")
    assert page.status_code == 200 and VANSBRO_HOST in page.content.decode()


def test_the_operator_adds_a_municipality_with_its_host_in_the_admin(db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/admin/visionsprocess/municipality/add/",
        {
            "name": "Vansbro kommun",
            "code": "2021",
            "primary_colour": "#1f5f3a",
            "accent_colour": "#b5790a",
            "document_typeface": "source-sans-3",
            "host_names-TOTAL_FORMS": "1",
            "host_names-INITIAL_FORMS": "0",
            "host_names-0-host": "dialog.vansbro.se",
            "host_names-0-is_primary": "on",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Client().get("/", HTTP_HOST="dialog.vansbro.se").status_code == 200


# --- rate limits ----------------------------------------------------------------------------------


def test_rate_limits_count_per_municipality_and_take_its_own_rate(two, settings):
    from django.test import RequestFactory

    from visionsprocess.ratelimits import limited

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "dialog.register": "1/h"}
    two["vansbro"].rate_limits = {"dialog.register": "3/h"}

    def request_at(municipality):
        request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
        request.municipality = municipality
        return request

    assert not limited(request_at(two["vaggeryd"]), "dialog.register")
    assert limited(request_at(two["vaggeryd"]), "dialog.register")  # Vaggeryd's 1/h is used up
    assert [limited(request_at(two["vansbro"]), "dialog.register") for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize(
    "rates", [{"no.such.group": "1/h"}, {"dialog.register": "many"}, ["dialog.register"]]
)
def test_a_municipalitys_rate_limits_must_name_known_groups_and_rates(two, rates):
    from django.core.exceptions import ValidationError

    two["vansbro"].rate_limits = rates
    with pytest.raises(ValidationError) as error:
        two["vansbro"].full_clean()
    assert "rate_limits" in error.value.message_dict
