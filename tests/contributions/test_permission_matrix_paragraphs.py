"""Role × URL matrix of the discussion of each paragraph of a draft on consultation.

Reading is for anyone who may see the process while the text is public; commenting, agreeing
and taking part with an address while the consultation is open (the services then ask for an
account or a confirmed address). A closed consultation is read-only (403; signed out: the login
page), a heading, a draft that was never sent out or an internal process's text a 404.
"""

import datetime as dt

import pytest
from django.utils import timezone

from contributions.services import discussion as services
from tests.factories import ProcessFactory, UserFactory
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, check_case, expect, params
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import ParagraphKind, ProcessRole, Visibility

MEMBERS = {"admin": OK, "official": OK, "politician": OK, "clerk": OK, "superuser": OK}
INTERNAL = expect(FORBIDDEN, anonymous=LOGIN, **MEMBERS)


def at(key, world_key="paragraph", consultation="consultation"):
    return lambda w: {
        "slug": w[world_key].version.round.process.slug,
        "consultation_pk": w[consultation].pk,
        "pk": w[world_key].pk,
    }


def comment_at(key):
    return lambda w: {**at(key)(w), "comment_pk": w[key].pk}


CASES = [
    Case("contributions:paragraph", expect(OK), at("paragraph")),
    Case(
        "contributions:paragraph", expect(OK), at("closed_paragraph", "closed_paragraph", "closed")
    ),
    Case("contributions:paragraph", expect(NOT_FOUND), at("heading", "heading")),
    Case(
        "contributions:paragraph",
        INTERNAL,
        at("internal_paragraph", "internal_paragraph", "internal_consultation"),
    ),
    Case(
        "contributions:paragraph_comment",
        expect(OK),
        at("paragraph"),
        method="post",
        data=lambda w: {"text": "Bra formulerat!"},
    ),
    Case(
        "contributions:paragraph_comment",
        expect(FORBIDDEN, anonymous=LOGIN, superuser=OK),
        at("closed_paragraph", "closed_paragraph", "closed"),
        method="post",
        data=lambda w: {"text": "För sent"},
    ),
    Case("contributions:paragraph_comment", expect(NOT_FOUND), at("heading", "heading"), "post"),
    Case("contributions:paragraph_support", expect(OK), at("paragraph"), method="post"),
    Case(
        "contributions:paragraph_support",
        expect(FORBIDDEN, anonymous=LOGIN, superuser=OK),
        at("closed_paragraph", "closed_paragraph", "closed"),
        method="post",
    ),
    Case("contributions:paragraph_participant", expect(OK), at("paragraph")),
    Case(
        "contributions:paragraph_participant",
        expect(FORBIDDEN, anonymous=LOGIN, superuser=OK),
        at("closed_paragraph", "closed_paragraph", "closed"),
    ),
    Case(
        "contributions:paragraph_comment_report",
        expect(OK),
        comment_at("comment"),
        method="post",
    ),
    Case(
        "contributions:paragraph_comment_report",
        expect(NOT_FOUND),
        comment_at("pending_comment"),
        method="post",
    ),
]


def _sent(process, *, days=10):
    _round, version = draft_world(process)
    consultation = drafting.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=days),
        actor=UserFactory(is_superuser=True),
    )
    return consultation, version.paragraphs.filter(kind=ParagraphKind.BODY).first()


@pytest.fixture
def world(role_users):
    process, users = role_users
    consultation, paragraph = _sent(process)
    closed_process = ProcessFactory()
    closed, closed_paragraph = _sent(closed_process)
    closed.deadline = timezone.localdate() - dt.timedelta(days=1)
    closed.save(update_fields=["deadline"])
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    internal_consultation, internal_paragraph = _sent(internal)
    voice = services.Voice(user=UserFactory())
    comment = services.paragraph_comment_post(paragraph=paragraph, voice=voice, text="Bra text")
    comment.state = "published"
    comment.save(update_fields=["state"])
    pending = services.paragraph_comment_post(paragraph=paragraph, voice=voice, text="Väntar")
    return {
        "users": users,
        "process": process,
        "consultation": consultation,
        "paragraph": paragraph,
        "heading": paragraph.version.paragraphs.get(kind=ParagraphKind.HEADING),
        "closed": closed,
        "closed_paragraph": closed_paragraph,
        "internal_consultation": internal_consultation,
        "internal_paragraph": internal_paragraph,
        "comment": comment,
        "pending_comment": pending,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_paragraph_discussion_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
