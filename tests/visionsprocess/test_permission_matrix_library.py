"""Role × URL matrix of the public library and of publishing a document: an adopted document
is open to everyone; a document of a staff-only kind or an unpublished synthesis is not found
through the public URL (404 for every role, members included: they use the staff download)."""

import pytest

from tests.url_matrix import (
    FORBIDDEN,
    MEMBERS_OK,
    NOT_FOUND,
    OK,
    ROLES,
    Case,
    check_case,
    expect,
    params,
)
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from tests.worlds import capture_on_commit, module_world
from visionsprocess.documents import services

EVERYONE = dict.fromkeys(ROLES, OK)
NOBODY = dict.fromkeys(ROLES, NOT_FOUND)
PUBLISH_OK = expect(FORBIDDEN, admin=OK, official=OK, superuser=OK)
RECORD_OK = expect(FORBIDDEN, clerk=OK, superuser=OK)

CASES = [
    Case("documents:library", EVERYONE, lambda w: {"slug": w["process"].slug}),
    Case("documents:public_download", EVERYONE, lambda w: {"token": w["adopted"].token}),
    Case("documents:public_download", NOBODY, lambda w: {"token": w["overview"].token}),
    Case(
        "documents:publish",
        PUBLISH_OK,
        lambda w: {"token": w["synthesis"].token},
        method="post",
        data=lambda w: {"action": "publish"},
    ),
    Case("staff:decisions", MEMBERS_OK, lambda w: {"slug": w["process"].slug}),
    Case(
        "staff:decisions",
        RECORD_OK,
        lambda w: {"slug": w["process"].slug},
        method="post",
        data=lambda w: {
            "matter": "programme",
            "body": w["bodies"]["KF"].pk,
            "meeting_date": "2019-11-25",
            "paragraph_number": "113",
            "dnr": "KS 2019/160",
            "outcome": "approved",
        },
    ),
]


def _render(kind, source, user, capture):
    with capture(execute=True):
        document = services.document_request(kind=kind, source=source, user=user)
    document.refresh_from_db()
    assert document.status == "done", document.error
    return document


def matrix_world(role_users):
    from tests.contributions.factories import ContributionFactory

    process, users = role_users
    _round, version = draft_world(process)
    bodies = bodies_for(process)
    adopt(version, clerk=users["clerk"], bodies=bodies)
    version.refresh_from_db()
    ContributionFactory(process=process)
    capture = capture_on_commit
    return {
        "process": process,
        "users": users,
        "bodies": bodies,
        "adopted": _render("adopted_vision", version, users["clerk"], capture),
        "overview": _render("process_overview", process, users["clerk"], capture),
        "synthesis": _render("dialogue_synthesis", process, users["official"], capture),
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_library_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
