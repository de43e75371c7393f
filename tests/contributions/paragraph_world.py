"""A draft out on consultation for the tests of the paragraph discussion, with helpers.

Test modules import ``world_fixture`` and ``english_messages_fixture`` (the fixtures ``world``
and ``_english_messages``)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from contributions.models import CommentModeration
from contributions.services import discussion as services
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import ParagraphKind, Role


@pytest.fixture(name="_english_messages", autouse=True)
def english_messages_fixture():
    """The services' messages in English (the pages answer in the request's language)."""
    with translation.override("en"):
        yield


@pytest.fixture(name="world")
def world_fixture():
    process = ProcessFactory(current_stage="drafting")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    consultation = drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=10), actor=official
    )
    services.discussion_settings_set(process=process, comment_moderation=CommentModeration.POST)
    paragraph = version.paragraphs.get(order=2)
    translation.activate("en")  # sending the consultation switched to the municipality's language
    return {
        "process": process,
        "official": official,
        "version": version,
        "consultation": consultation,
        "paragraph": paragraph,
        "heading": version.paragraphs.get(kind=ParagraphKind.HEADING),
    }


def citizen(email=None):
    return services.Voice(user=UserFactory(**({"email": email} if email else {})))


def page_url(world, name="paragraph", paragraph=None, *extra):
    paragraph = paragraph or world["paragraph"]
    return reverse(
        f"contributions:{name}",
        args=[world["process"].slug, world["consultation"].pk, paragraph.pk, *extra],
    )


def close(world):
    world["consultation"].deadline = timezone.localdate() - dt.timedelta(days=1)
    world["consultation"].save(update_fields=["deadline"])


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory())
    return client
