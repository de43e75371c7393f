"""The tenancy's isolation matrix: every URL of one municipality, asked for at the other's host.

Every app's permission matrix (``tests/<app>/test_permission_matrix*.py``) builds a world in the
first municipality (served at ``testserver``, ``TENANCY_DEFAULT_HOSTS``) and lists its URLs as
``CASES``. Here the same world is built once per matrix module, a second municipality (Vansbro
kommun, at ``vansbro.test``) with a process and staff of its own is added, and every case is
requested at Vansbro's host, each request rolled back:

* a URL that names an object of the first municipality (a process, meeting, contribution,
  token, file ...) answers 404 to everyone – its roles, Vansbro's staff, the platform operator;
* a URL that names nothing (the staff start page, "create a process", "Mina sidor") answers
  whatever it answers, never a 500, and never shows a title of the first municipality's
  processes; the staff start page answers as ``AT_OTHER_HOST`` says (the staff area is per
  municipality: a role in the first one does not open Vansbro's);
* no page shows the first municipality's official the link to the staff area ("Personalytan"):
  they hold no role at Vansbro's host.

Roles are sampled to keep the suite fast (one world per matrix module, three requests per case):
the first municipality's official (who holds most rights there), the superuser (whom no
predicate stops: only the tenancy does) and Vansbro's municipality administrator. The full role
set is the permission matrices' job.
"""

import importlib
import inspect

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.factories import (
    MunicipalityFactory,
    ProcessFactory,
    ProcessRoleFactory,
    UserFactory,
)
from visionsprocess.models import HostName, MunicipalityRole, Role, VisionProcess

OTHER_HOST = "vansbro.test"
SAMPLED_ROLES = ("official", "superuser", "vansbro_admin")
MATRIX_MODULES = [
    "tests.visionsprocess.test_permission_matrix",
    "tests.visionsprocess.test_permission_matrix_decisions",
    "tests.visionsprocess.test_permission_matrix_documents",
    "tests.visionsprocess.test_permission_matrix_drafting",
    "tests.visionsprocess.test_permission_matrix_library",
    "tests.visionsprocess.test_permission_matrix_notices",
    "tests.dialog.test_permission_matrix",
    "tests.contributions.test_permission_matrix",
    "tests.contributions.test_permission_matrix_public",
    "tests.contributions.test_permission_matrix_surveys",
    "tests.contributions.test_permission_matrix_paragraphs",
    "tests.contributions.test_permission_matrix_municipal_eproposals",
    "tests.goals.test_permission_matrix",
]

#: URLs that name something of no municipality, found by its token alone: an e-mail address's
#: own page (its follows, shown per municipality: none of the first one's at Vansbro's host) and
#: the confirmation of an address as a discussion participant (one per address, not per
#: municipality; the cookie it sets belongs to the host it was confirmed at). The body check
#: below still holds for them.
NOT_TENANT_SCOPED = {
    "notices:manage",
    "notices:unsubscribe",
    "notices:restart",
    "contributions:participant_confirm",
}


#: What a URL that names nothing answers at Vansbro's host, per sampled role.
AT_OTHER_HOST = {"staff:home": {"official": 403, "superuser": 200, "vansbro_admin": 200}}
#: The navigation's link to the staff area (base.html).
STAFF_LINK = '">Personalytan</a>'


def build_world(request, module_name):
    """The matrix module's world (its ``matrix_world``, see ``tests/worlds.py``), built in this
    test's transaction with the module's settings. (A module whose ``world`` is still a
    function-scoped fixture is called as that fixture's function.)"""
    module = importlib.import_module(module_name)
    if not hasattr(module, "matrix_world"):
        return module, _call_fixture(request, module.world)
    settings = request.getfixturevalue("settings")
    for name, value in getattr(module, "WORLD_SETTINGS", {}).items():
        setattr(settings, name, value)
    return module, module.matrix_world(request.getfixturevalue("role_users"))


def _call_fixture(request, fixture):
    wrapped = getattr(fixture, "__pytest_wrapped__", None)
    if wrapped is not None:
        function = wrapped.obj
    else:
        function = getattr(fixture, "_fixture_function", None) or fixture.__wrapped__
    arguments = {
        name: request.getfixturevalue(name) for name in inspect.signature(function).parameters
    }
    world = function(**arguments)
    return next(world) if inspect.isgenerator(world) else world


def add_vansbro(world) -> dict:
    """A second municipality at ``OTHER_HOST``, with a process and staff of its own."""
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vansbro, host=OTHER_HOST, is_primary=True)
    utmaningen = ProcessFactory(municipality=vansbro, title="Utmaningen", slug="utmaningen-vb")
    official = ProcessRoleFactory(process=utmaningen, role=Role.OFFICIAL).user
    admin = UserFactory()
    MunicipalityRole.objects.create(municipality=vansbro, user=admin)
    users = dict(world["users"], vansbro_official=official, vansbro_admin=admin)
    first = (world.get("process") or world["survey"].process).municipality
    titles = list(VisionProcess.objects.filter(municipality=first).values_list("title", flat=True))
    return {"users": users, "titles": titles, "vansbro": vansbro}


def check_isolated(world, other, case, role) -> str | None:
    """The failure of one case for one role at the other host (``None``: isolated)."""
    client = Client(HTTP_HOST=OTHER_HOST)
    user = other["users"][role]
    if user is not None:
        client.force_login(user)
    kwargs = case.kwargs(world)
    url = reverse(case.url_name, kwargs=kwargs)
    with transaction.atomic():
        try:
            response = getattr(client, case.method)(url, data=case.data(world))
        finally:
            transaction.set_rollback(True)
    status = response.status_code
    where = f"{role} {case.method.upper()} {url} at {OTHER_HOST}"
    if status >= 500:
        return f"{where}: {status}"
    if kwargs and case.url_name not in NOT_TENANT_SCOPED and status != 404:
        return f"{where}: {status}, expected 404 (an object of the other municipality)"
    expected = AT_OTHER_HOST.get(case.url_name, {}).get(role)
    if expected is not None and case.method == "get" and status != expected:
        return f"{where}: {status}, expected {expected}"
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if role == "official" and STAFF_LINK in text:
        return f"{where}: links to the staff area (no role in this municipality)"
    shown = [title for title in other["titles"] if title in text]
    if shown:
        return f"{where}: shows {shown}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("module_name", MATRIX_MODULES)
def test_no_url_of_one_municipality_answers_at_the_others_host(request, module_name):
    module, world = build_world(request, module_name)
    other = add_vansbro(world)
    failures = []
    for case in module.CASES:
        for role in SAMPLED_ROLES:
            failure = check_isolated(world, other, case, role)
            if failure:
                failures.append(failure)
    assert not failures, "\n".join(failures)
