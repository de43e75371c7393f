"""Role × URL matrix of the site search: open to everyone, signed in or not, with or without a
role; what it finds is the same public set whoever asks (see tests/visionsprocess/
test_site_search.py for what it never finds)."""

import pytest

from tests.url_matrix import OK, ROLES, Case, check_case, params
from tests.worlds import module_world

EVERYONE = dict.fromkeys(ROLES, OK)

CASES = [
    Case("search", EVERYONE),
    Case("search", EVERYONE, data=lambda w: {"q": "skola"}),
    Case("search", EVERYONE, data=lambda w: {"q": "skola", "typ": "contributions", "sida": "2"}),
    Case("search", EVERYONE, method="head", data=lambda w: {"q": "skola"}),
]


def matrix_world(role_users):
    from tests.contributions.factories import PublishedContributionFactory

    process, users = role_users
    PublishedContributionFactory(process=process, text="Skolan i Hok.")
    return {"process": process, "users": users}


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_site_search_permission_matrix(client, world, case, role):
    check_case(client, world, case, role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_post_to_the_search_is_refused(client, world, role):
    from django.urls import reverse

    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    assert client.post(reverse("search"), {"q": "skola"}).status_code == 405
