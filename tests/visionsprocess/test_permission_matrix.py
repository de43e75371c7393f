"""Role × URL matrix of the core's non-public views."""

import pytest

from tests.factories import ProcessFactory
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


def slug(world):
    return {"slug": world["process"].slug}


ADMIN_OK = expect(FORBIDDEN, admin=OK, superuser=OK)


def stage(world):
    return {"slug": world["process"].slug, "pk": world["process"].stage_by_key("adoption").pk}


def foreign_stage(world):
    return {"slug": world["process"].slug, "pk": world["internal"].stage_by_key("adoption").pk}


CASES = [
    # A citizen is taken to "Mina sidor" (a redirect), never shown a 403.
    Case("staff:home", MEMBERS_OK | {"other_official": OK, "citizen": OK}),
    Case("staff:process_create", expect(FORBIDDEN, superuser=OK)),
    Case(
        "staff:process_create",
        expect(FORBIDDEN, superuser=OK),
        method="post",
        data=lambda w: {"template": "service_plan", "title": "Serviceplan", "horizon_year": 2035},
    ),
    # The municipality's colours and documents: its administrators (none of the process roles).
    Case("staff:municipality_style", expect(FORBIDDEN, superuser=OK)),
    Case(
        "staff:municipality_style",
        expect(FORBIDDEN, superuser=OK),
        method="post",
        data=lambda w: {
            "primary_colour": "#1f5f3a",
            "accent_colour": "#b5790a",
            "document_typeface": "dejavu-serif",
            "document_footer": "<script>x</script>",
        },
    ),
    Case("staff:process", MEMBERS_OK, slug),
    Case("staff:process_edit", STAFF_EDIT_OK, slug),
    Case("staff:process_members", expect(FORBIDDEN, admin=OK, superuser=OK), slug),
    # Stages are defined by the process's administrators (officials plan the dates on …/redigera/).
    Case("staff:process_stages", ADMIN_OK, slug),
    Case("staff:stage_create", ADMIN_OK, slug),
    Case(
        "staff:stage_create",
        ADMIN_OK,
        slug,
        method="post",
        data=lambda w: {"name_sv": "<b>Uppföljning</b>", "opens": ["idea"]},
    ),
    Case("staff:stage_edit", ADMIN_OK, stage),
    Case(
        "staff:stage_edit",
        ADMIN_OK,
        stage,
        method="post",
        data=lambda w: {"name_sv": "Antagande i KF", "opens": ["adoption"]},
    ),
    Case("staff:stage_move", ADMIN_OK, stage, method="post", data=lambda w: {"direction": "up"}),
    Case("staff:stage_delete", ADMIN_OK, stage, method="post"),
    # A stage of another process under this process's address is not found, for everyone.
    Case("staff:stage_edit", expect(NOT_FOUND, anonymous=NOT_FOUND), foreign_stage),
    Case(
        "staff:process_member_remove",
        expect(FORBIDDEN, admin=OK, superuser=OK),
        lambda w: {"slug": w["process"].slug, "pk": w["politician_role"].pk},
        method="post",
    ),
    Case(
        "process_detail",
        expect(
            FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
        ),
        lambda w: {"slug": w["internal"].slug},
    ),
    # Publishing a draft is the process administrator's.
    # (Whoever is not on the draft's staff does not find it at all.)
    Case(
        "staff:process_publish",
        expect(
            NOT_FOUND,
            admin=OK,
            official=FORBIDDEN,
            politician=FORBIDDEN,
            clerk=FORBIDDEN,
            superuser=OK,
        ),
        lambda w: {"slug": w["draft"].slug},
        method="post",
    ),
    # A draft is not there for the public, and no sign-in reveals it.
    Case(
        "process_detail",
        expect(NOT_FOUND, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK),
        lambda w: {"slug": w["draft"].slug},
    ),
    Case("account_email", expect(OK, anonymous=LOGIN)),
    Case("mfa_index", expect(OK, anonymous=LOGIN)),
    # Personal data: the gallring page is the process administrator's; the process's privacy
    # notice is as public as the process.
    Case("staff:gallring", ADMIN_OK, slug),
    Case(
        "staff:gallring",
        ADMIN_OK,
        slug,
        method="post",
        data=lambda w: {"action": "settings", "retention_rule": "", "closed_on": ""},
    ),
    Case("process_privacy", expect(OK), slug),
    Case(
        "process_privacy",
        expect(
            FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
        ),
        lambda w: {"slug": w["internal"].slug},
    ),
]


def matrix_world(role_users):
    process, users = role_users
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    politician_role = ProcessRole.objects.get(process=process, user=users["politician"])
    draft = ProcessFactory(published_at=None)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=draft, user=users[role], role=role)
    return {
        "draft": draft,
        "process": process,
        "users": users,
        "internal": internal,
        "politician_role": politician_role,
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_core_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
