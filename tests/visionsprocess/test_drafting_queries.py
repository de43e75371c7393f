"""Query counts of the drafting screens do not grow with the number of paragraphs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions.models import ParagraphCitation, Theme
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db


def _count(client, url, host="testserver"):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, HTTP_HOST=host).status_code == 200
    return len(ctx.captured_queries)


def _grow(version, process, n, actor):
    theme = Theme.objects.get_or_create(process=process, name="Samverkan")[0]
    for i in range(n):
        paragraph = services.paragraph_add(version=version, text=f"Stycke {i}", actor=actor)
        ParagraphCitation.objects.create(paragraph=paragraph, theme=theme)
        services.comment_add(paragraph=paragraph, author=actor, text="Kommentar")


def test_version_page_queries_are_constant(client):
    process = ProcessFactory()
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    client.force_login(politician)
    url = reverse("drafting:version", args=[process.slug, version.number])
    _grow(version, process, 2, politician)
    client.get(url)  # the layout's municipality is in the cache from now on, as for any visit
    small = _count(client, url)
    _grow(version, process, 10, politician)
    assert _count(client, url) == small
    print(f"version page: {small} queries")


def _adopted_process(paragraphs, municipality_code):
    from tests.factories import MunicipalityFactory
    from visionsprocess.models import HostName

    municipality = MunicipalityFactory(code=municipality_code)
    # Each municipality at its own host (the tenancy): its pages are asked for there.
    HostName.objects.get_or_create(host=f"k{municipality_code}.test", municipality=municipality)
    process = ProcessFactory(municipality=municipality)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process)
    _grow(version, process, paragraphs, clerk)
    adopt(version, clerk=clerk, bodies=bodies_for(process))
    return process


def test_public_adopted_page_queries_are_constant(client):
    """The whole public process page: the adopted text plus every app's section."""
    # Process-wide caches (content types) are filled by a first page of a third process, so
    # that both counts below measure the page itself.
    _count(client, _adopted_process(1, "0180").get_absolute_url(), host="k0180.test")
    small = _count(client, _adopted_process(2, "0192").get_absolute_url(), host="k0192.test")
    large = _count(client, _adopted_process(10, "0682").get_absolute_url(), host="k0682.test")
    print(f"public process page with an adopted vision: {large} queries")
    assert large == small
    assert large <= 20
