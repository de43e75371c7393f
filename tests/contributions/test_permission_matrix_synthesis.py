"""Role × URL matrix of the synthesis ("Sammanställning").

Decisions: those who read a process's contributions (officials, process administrators,
politicians, superusers) see the staff page; those who may publish the map of the themes
(officials, process administrators, superusers) draft, edit and publish. The public page is
open to everyone once a version is published, and a 404 for everyone before.
"""

import pytest
from django.utils import timezone

from contributions.models import (
    ContributionTheme,
    KeyPoint,
    Synthesis,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
)
from tests.contributions.factories import PublishedContributionFactory, ThemeFactory
from tests.url_matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    STAFF_EDIT_OK,
    Case,
    check_case,
    expect,
    params,
)

READ_OK = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, superuser=OK)
TEXT = "Bussarna går för sällan på kvällarna."


def slug(world):
    return {"slug": world["process"].slug}


def section(world):
    return {"slug": world["process"].slug, "section": world["section"].pk}


def point(world):
    return {"slug": world["process"].slug, "pk": world["point"].pk}


CASES = [
    Case("contributions:staff_synthesis", READ_OK, slug),
    Case("contributions:staff_synthesis_draft", STAFF_EDIT_OK, slug, method="post"),
    Case("contributions:staff_synthesis_new_draft", STAFF_EDIT_OK, slug, method="post"),
    Case("contributions:staff_synthesis_publish", STAFF_EDIT_OK, slug, method="post"),
    Case(
        "contributions:staff_synthesis_point",
        STAFF_EDIT_OK,
        point,
        method="post",
        data=lambda w: {"action": "pin"},
    ),
    Case(
        "contributions:staff_synthesis_introduction",
        STAFF_EDIT_OK,
        section,
        method="post",
        data=lambda w: {
            f"s{w['section'].pk}-introduction": "Om bussarna.",
            f"s{w['section'].pk}-revision": 0,
        },
    ),
    Case("contributions:staff_synthesis_add", STAFF_EDIT_OK, section),
    Case(
        "contributions:staff_synthesis_add",
        STAFF_EDIT_OK,
        section,
        method="post",
        data=lambda w: {"contribution": w["contribution"].pk, "text": "Jag vill åka hem sent."},
    ),
    Case("contributions:synthesis", expect(NOT_FOUND), slug),
    Case(
        "contributions:synthesis",
        expect(OK),
        lambda w: {"slug": w["published_process"].slug},
    ),
]


def _synthesis(process, state):
    theme = ThemeFactory(process=process, name="Kollektivtrafik")
    contribution = PublishedContributionFactory(
        process=process, text=TEXT + " Jag vill åka hem sent."
    )
    ContributionTheme.objects.create(contribution=contribution, theme=theme)
    version = SynthesisVersion.objects.create(
        synthesis=Synthesis.objects.create(process=process),
        number=1,
        state=state,
        published_at=timezone.now() if state == SynthesisState.PUBLISHED else None,
    )
    part = SynthesisTheme.objects.create(version=version, theme=theme, name=theme.name, voices=1)
    key_point = KeyPoint.objects.create(section=part, contribution=contribution, text=TEXT)
    return contribution, part, key_point


@pytest.fixture
def world(role_users):
    from tests.factories import ProcessFactory

    process, users = role_users
    contribution, part, key_point = _synthesis(process, SynthesisState.DRAFT)
    published_process = ProcessFactory()
    _synthesis(published_process, SynthesisState.PUBLISHED)
    return {
        "process": process,
        "users": users,
        "contribution": contribution,
        "section": part,
        "point": key_point,
        "published_process": published_process,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_synthesis_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
