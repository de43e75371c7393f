"""Role × URL matrix of every URL of the goals app.

Public pages: anyone may read them in a public process; in an internal process only members.
Staff reading pages (overview, matrix, budget, action plan): every member of the process.
Editing: officials and administrators of the process (and superusers).
"""

import pytest

from tests.factories import ProcessFactory
from tests.goals.conftest import build_world
from tests.goals.factories import ActionPlanVersionFactory
from tests.goals.focus_area_factories import FocusAreaFactory
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    MEMBERS_OK,
    NOT_FOUND,
    OK,
    STAFF_EDIT_OK,
    Case,
    check_case,
    expect,
    params,
)
from tests.worlds import module_world
from visionsprocess.models import ProcessRole, Visibility

# Readable by anyone in a public process (also covered below, for an internal one).
PUBLIC_URLS = {
    "goals:vision",
    "goals:council_goal",
    "goals:agenda2030",
    "goals:action_plan",
    "goals:action_plan_version",
    "goals:governing_documents",
    "goals:governing_document_file",
    "goals:focus_area",
    "goals:budget_public",
}

EVERYONE = expect(OK)
INTERNAL_MEMBERS = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)
DRAFT_MEMBERS = expect(NOT_FOUND, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK)


def slug(world):
    return {"slug": world["process"].slug}


def internal(world):
    return {"slug": world["internal"]["process"].slug}


def obj(key, where="public"):
    def kwargs(world):
        w = world if where == "public" else world[where]
        return {"slug": w["process"].slug, "pk": w[key].pk}

    return kwargs


def goal0(where="public"):
    def kwargs(world):
        w = world if where == "public" else world["internal"]
        return {"slug": w["process"].slug, "pk": w["goals"][0].pk}

    return kwargs


CASES = [
    # Public pages of a public process
    Case("goals:vision", EVERYONE, slug),
    Case("goals:council_goal", EVERYONE, goal0()),
    Case("goals:agenda2030", EVERYONE, slug),
    Case("goals:action_plan", EVERYONE, slug),
    Case("goals:budget_public", EVERYONE, slug),
    Case("goals:action_plan_version", EVERYONE, obj("old_version")),
    Case("goals:action_plan_version", DRAFT_MEMBERS, obj("draft")),
    Case("goals:governing_documents", EVERYONE, slug),
    Case("goals:governing_document_file", EVERYONE, obj("document")),
    # The same pages of an internal process
    Case("goals:vision", INTERNAL_MEMBERS, internal),
    Case("goals:council_goal", INTERNAL_MEMBERS, goal0("internal")),
    Case("goals:agenda2030", INTERNAL_MEMBERS, internal),
    Case("goals:action_plan", INTERNAL_MEMBERS, internal),
    Case("goals:budget_public", INTERNAL_MEMBERS, internal),
    Case("goals:action_plan_version", INTERNAL_MEMBERS, obj("version", "internal")),
    Case("goals:governing_documents", INTERNAL_MEMBERS, internal),
    Case("goals:governing_document_file", INTERNAL_MEMBERS, obj("document", "internal")),
    # Staff pages that members read
    Case("goals:staff_overview", MEMBERS_OK, slug),
    Case("goals:matrix", MEMBERS_OK, slug),
    Case("goals:budget", MEMBERS_OK, slug),
    Case("goals:action_plan_staff", MEMBERS_OK, slug),
    # Editing
    Case("goals:vision_edit", STAFF_EDIT_OK, slug),
    Case("goals:vision_basis", STAFF_EDIT_OK, slug),
    Case("goals:council_goal_create", STAFF_EDIT_OK, slug),
    Case("goals:council_goal_edit", STAFF_EDIT_OK, goal0()),
    Case(
        "goals:council_goal_move",
        STAFF_EDIT_OK,
        goal0(),
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    Case("goals:committee_goal_create", STAFF_EDIT_OK, slug),
    Case("goals:committee_goal_edit", STAFF_EDIT_OK, obj("committee_goal")),
    Case("goals:indicator_create", STAFF_EDIT_OK, slug),
    Case("goals:indicator_edit", STAFF_EDIT_OK, obj("indicator")),
    Case("goals:measurements_bulk", STAFF_EDIT_OK, slug),
    Case("goals:measurements_import", STAFF_EDIT_OK, slug),
    Case("goals:kolada_import", STAFF_EDIT_OK, slug, method="post"),
    Case("goals:budget_create", STAFF_EDIT_OK, slug),
    Case("goals:budget_edit", STAFF_EDIT_OK, obj("frame")),
    Case("goals:document_create", STAFF_EDIT_OK, slug),
    Case("goals:document_edit", STAFF_EDIT_OK, obj("document")),
    Case("goals:action_plan_version_create", STAFF_EDIT_OK, slug),
    Case("goals:action_plan_version_publish", STAFF_EDIT_OK, obj("draft"), method="post"),
    Case("goals:action_plan_item_create", STAFF_EDIT_OK, obj("version")),
    Case("goals:action_plan_item_edit", STAFF_EDIT_OK, obj("item")),
    # Focus areas: public page (an unpublished one only for members), staff list, editing
    Case("goals:focus_area", EVERYONE, obj("focus_area")),
    Case("goals:focus_area", DRAFT_MEMBERS, obj("hidden_focus_area")),
    Case("goals:focus_area", INTERNAL_MEMBERS, obj("focus_area", "internal")),
    Case("goals:focus_areas_staff", MEMBERS_OK, slug),
    Case("goals:focus_area_create", STAFF_EDIT_OK, slug),
    Case(
        "goals:focus_area_create",
        STAFF_EDIT_OK,
        slug,
        method="post",
        data=lambda w: {"title": "Omvärldsanalys", "responsible_organisation": "Kommunen"},
    ),
    Case("goals:focus_area_edit", STAFF_EDIT_OK, obj("focus_area")),
    Case("goals:focus_area_update_create", STAFF_EDIT_OK, obj("focus_area")),
    Case(
        "goals:focus_area_update_create",
        STAFF_EDIT_OK,
        obj("focus_area"),
        method="post",
        data=lambda w: {"date": "2015-01-20", "status": "ongoing", "text": "Det går framåt."},
    ),
    Case("goals:focus_area_edit", expect(NOT_FOUND), obj("focus_area", "internal_as_public")),
    # Edit pages of an internal process: the same rule
    Case("goals:staff_overview", MEMBERS_OK, internal),
    Case("goals:measurements_bulk", STAFF_EDIT_OK, internal),
]


WORLD_SETTINGS = {
    "KOLADA_BASE_URL": "http://127.0.0.1:9/v3",  # never leaves the machine
    "KOLADA_TIMEOUT_SECONDS": 0.5,
}


def matrix_world(role_users):
    process, users = role_users
    world = {"process": process, "users": users, **build_world(process)}
    world["draft"] = ActionPlanVersionFactory(
        plan=world["plan"], year=2022, revision=3, published=False
    )
    other = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=other, user=users[role], role=role)
    world["internal"] = {"process": other, **build_world(other)}
    world["focus_area"] = FocusAreaFactory(process=process)
    world["hidden_focus_area"] = FocusAreaFactory(process=process, is_published=False)
    world["internal"]["focus_area"] = FocusAreaFactory(process=other)
    # A focus area of the internal process asked for under the public process's address.
    world["internal_as_public"] = {
        "process": process,
        "focus_area": world["internal"]["focus_area"],
    }
    return world


world = module_world(matrix_world, WORLD_SETTINGS)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_goals_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
