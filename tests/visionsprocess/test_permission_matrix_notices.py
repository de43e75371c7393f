"""Role × URL matrix of following, notices, "Mina sidor" and "Ni sa – vi gjorde".

Links from e-mails work for anyone holding the token (whoever is signed in); a forged or
expired token is a 404 that says nothing.
"""

import datetime as dt

import pytest
from django.utils import timezone

from tests.contributions.factories import ContributionFactory, ThemeFactory
from tests.factories import ProcessFactory
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, check_case, expect, params
from tests.worlds import module_world
from visionsprocess.models import Follow, ProcessRole, Visibility
from visionsprocess.notices.services import follow_request, subscriber_for

INTERNAL = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)

SIGNED_IN_OK = expect(OK, anonymous=LOGIN)


def follow_of(key, reference):
    return lambda w: {"kind": key, "reference": reference(w)}


CASES = [
    Case("my_pages", SIGNED_IN_OK),
    Case("process_outcome", expect(OK), lambda w: {"slug": w["process"].slug}),
    Case("process_outcome", INTERNAL, lambda w: {"slug": w["internal"].slug}),
    Case("notices:follow", expect(OK), follow_of("process", lambda w: w["process"].slug)),
    Case(
        "notices:follow",
        expect(OK),
        follow_of("process", lambda w: w["process"].slug),
        method="post",
        data=lambda w: {"email": "ny.foljare@example.org"},
    ),
    Case("notices:follow", INTERNAL, follow_of("process", lambda w: w["internal"].slug)),
    Case("notices:follow", expect(OK), follow_of("tema", lambda w: str(w["theme"].pk))),
    Case("notices:follow", INTERNAL, follow_of("tema", lambda w: str(w["internal_theme"].pk))),
    Case(
        "notices:follow",
        expect(OK),
        follow_of("bidrag", lambda w: w["contribution"].tracking_token),
    ),
    Case("notices:follow", expect(NOT_FOUND), follow_of("bidrag", lambda w: "forged-token")),
    Case("notices:follow", expect(NOT_FOUND), follow_of("tema", lambda w: "abc")),
    Case("notices:follow", expect(NOT_FOUND), follow_of("okand", lambda w: "1")),
    Case("notices:confirm", expect(OK), lambda w: {"token": w["pending"].confirm_token}),
    Case(
        "notices:confirm",
        expect(OK),
        lambda w: {"token": w["pending"].confirm_token},
        method="post",
    ),
    Case("notices:confirm", expect(NOT_FOUND), lambda w: {"token": w["expired"].confirm_token}),
    Case("notices:confirm", expect(NOT_FOUND), lambda w: {"token": "x" * 43}),
    Case("notices:manage", expect(OK), lambda w: {"token": w["subscriber"].token}),
    Case("notices:manage", expect(NOT_FOUND), lambda w: {"token": "forged"}),
    Case("notices:unsubscribe", expect(OK), lambda w: {"token": w["subscriber"].token}),
    Case(
        "notices:unsubscribe",
        expect(OK),
        lambda w: {"token": w["subscriber"].token},
        method="post",
    ),
    Case("notices:unsubscribe", expect(NOT_FOUND), lambda w: {"token": "forged"}, method="post"),
    Case("notices:restart", expect(OK), lambda w: {"token": w["subscriber"].token}, method="post"),
    Case(
        "notices:follow_end",
        expect(OK),
        lambda w: {"token": w["subscriber"].token, "pk": w["pending"].pk},
        method="post",
    ),
    Case(
        "notices:follow_end",
        expect(NOT_FOUND),
        lambda w: {"token": w["subscriber"].token, "pk": w["other_follow"].pk},
        method="post",
    ),
    Case(
        "contributions:claim",
        SIGNED_IN_OK,
        lambda w: {"token": w["contribution"].tracking_token},
        method="post",
    ),
    Case("contributions:claim", expect(NOT_FOUND), lambda w: {"token": "forged"}, method="post"),
]


WORLD_SETTINGS = {
    "FOLLOW_RATE_LIMIT": "1000/m",
}


def matrix_world(role_users):
    process, users = role_users
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    pending, _sent = follow_request(target=process, email="vanta@example.org")
    expired, _sent = follow_request(target=internal, email="gammal@example.org")
    Follow.objects.filter(pk=expired.pk).update(created=timezone.now() - dt.timedelta(days=8))
    other, _sent = follow_request(target=process, email="annan@example.org")
    return {
        "process": process,
        "users": users,
        "internal": internal,
        "theme": ThemeFactory(process=process),
        "internal_theme": ThemeFactory(process=internal),
        "contribution": ContributionFactory(process=process),
        "subscriber": subscriber_for(email="vanta@example.org"),
        "pending": pending,
        "expired": expired,
        "other_follow": other,
    }


world = module_world(matrix_world, WORLD_SETTINGS)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_notice_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
