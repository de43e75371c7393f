"""Role × URL matrix of the core's non-public views."""

import pytest

from tests.factories import ProcessFactory
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    MEMBERS_OK,
    OK,
    STAFF_EDIT_OK,
    Case,
    check_case,
    expect,
    params,
)
from visionsprocess.models import ProcessRole, Visibility


def slug(world):
    return {"slug": world["process"].slug}


CASES = [
    # A citizen is taken to "Mina sidor" (a redirect), never shown a 403.
    Case("staff:home", MEMBERS_OK | {"other_official": OK, "citizen": OK}),
    Case("staff:process_create", expect(FORBIDDEN, superuser=OK)),
    Case("staff:process", MEMBERS_OK, slug),
    Case("staff:process_edit", STAFF_EDIT_OK, slug),
    Case("staff:process_members", expect(FORBIDDEN, admin=OK, superuser=OK), slug),
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
    Case("account_email", expect(OK, anonymous=LOGIN)),
    Case("mfa_index", expect(OK, anonymous=LOGIN)),
]


@pytest.fixture
def world(role_users):
    process, users = role_users
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    politician_role = ProcessRole.objects.get(process=process, user=users["politician"])
    return {
        "process": process,
        "users": users,
        "internal": internal,
        "politician_role": politician_role,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_core_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
