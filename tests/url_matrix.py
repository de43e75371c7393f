"""The role × URL matrix: every non-public URL, every role, the expected answer.

Each app lists its cases in ``tests/<app>/test_permission_matrix.py`` as ``CASES`` and
parametrises ``check_case`` over them; ``tests/visionsprocess/test_url_coverage.py`` checks
that every named URL of the project appears in some app's ``CASES`` or in ``PUBLIC_URLS``.

The world a matrix asks about is built once per module (``world = module_world(matrix_world)``,
``tests/worlds.py``): every (case, role) test runs in a savepoint of it, and
``tests/visionsprocess/test_tenancy_isolation.py`` builds the same world with ``matrix_world``.

Expected answers: ``OK`` (200, or a redirect for POST views), ``FORBIDDEN`` (403),
``LOGIN`` (redirect to the login page), ``NOT_FOUND`` (404).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

OK, FORBIDDEN, LOGIN, NOT_FOUND = "ok", "forbidden", "login", "not_found"
ROLES = (
    "anonymous",
    "citizen",
    "admin",
    "official",
    "politician",
    "clerk",
    "other_official",
    "superuser",
)


def expect(default: str, **overrides: str) -> dict[str, str]:
    """``expect(FORBIDDEN, official=OK)`` → every role FORBIDDEN except the official;
    anonymous visitors are sent to the login page unless told otherwise."""
    result = dict.fromkeys(ROLES, default)
    if default == FORBIDDEN:
        result["anonymous"] = LOGIN
    result.update(overrides)
    return result


MEMBERS_OK = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK)
STAFF_EDIT_OK = expect(FORBIDDEN, admin=OK, official=OK, superuser=OK)


@dataclass(frozen=True)
class Case:
    url_name: str
    expected: dict[str, str]
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda world: {})

    def id(self, role):
        return f"{self.url_name}-{self.method}-{role}"


def params(cases: list[Case]):
    """pytest parameters: one per (case, role)."""
    import pytest

    return [pytest.param(case, role, id=case.id(role)) for case in cases for role in ROLES]


def check_case(client, world: dict, case: Case, role: str):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    response = getattr(client, case.method)(url, data=case.data(world))
    expected = case.expected[role]
    status = response.status_code
    if expected == OK:
        assert status in (200, 302, 303), f"{role} on {url}: got {status}, expected OK"
        if status in (302, 303):
            assert "/konto/login/" not in response["Location"], f"{role} sent to login on {url}"
    elif expected == FORBIDDEN:
        assert status == 403, f"{role} on {url}: got {status}, expected 403"
    elif expected == LOGIN:
        assert status == 302 and "/konto/login/" in response["Location"], (
            f"{role} on {url}: got {status}, expected a redirect to the login page"
        )
    elif expected == NOT_FOUND:
        assert status == 404, f"{role} on {url}: got {status}, expected 404"
    else:  # pragma: no cover
        raise AssertionError(expected)


def check_roles(world: dict, case: Case, roles=ROLES):
    """Every role on one case against one world, each role's request rolled back afterwards
    (for matrices whose world is costly to build: one world per case, not per case × role).
    All roles are tried; the failures are reported together."""
    from django.db import transaction
    from django.test import Client

    failures = []
    for role in roles:
        try:
            with transaction.atomic():
                try:
                    check_case(Client(), world, case, role)
                finally:
                    transaction.set_rollback(True)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)


def case_params(cases: list[Case]):
    """pytest parameters: one per case (see ``check_roles``)."""
    import pytest

    return [
        pytest.param(case, id=f"{case.url_name}-{case.method}-{i}") for i, case in enumerate(cases)
    ]


# Named URLs that anyone may open (not part of any matrix).
PUBLIC_URLS = {
    "home",
    "process_detail",
    "accessibility",
    "privacy",
    "theme_css",
    "municipality_logo",
    "health",
    "set_language",
    "javascript-catalog",
    "oidc_login",  # allauth's OpenID Connect login (tests/visionsprocess/test_oidc.py)
    "oidc_callback",
}
