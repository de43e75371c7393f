"""Paragraph citations: the constraint, copying to new versions, the tracking page lines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from contributions import citations
from contributions.models import Contribution, ModerationState, ParagraphCitation, Theme
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory()
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process, actor=politician)
    contribution = Contribution.objects.create(
        process=process,
        kind="letter",
        stage=process.stage_by_key("engagement"),
        text="Kära Vaggeryd 2040! Här finns plats för alla.",
        consent_to_publish=True,
        moderation_state=ModerationState.PUBLISHED,
    )
    theme = Theme.objects.create(process=process, name="Värdskap")
    return {
        "process": process,
        "politician": politician,
        "clerk": clerk,
        "version": version,
        "paragraph": version.paragraphs.get(order=4),
        "contribution": contribution,
        "theme": theme,
    }


def test_citation_needs_exactly_one_source(world):
    with pytest.raises(IntegrityError):
        ParagraphCitation.objects.create(paragraph=world["paragraph"])


def test_citation_with_both_sources_is_refused(world):
    with pytest.raises(ValidationError):
        citations.citation_add(
            paragraph=world["paragraph"],
            theme=world["theme"],
            contribution=world["contribution"],
            actor=world["politician"],
        )


def test_citing_twice_is_a_readable_error(world):
    citations.citation_add(paragraph=world["paragraph"], theme=world["theme"], actor=None)
    with pytest.raises(ValidationError) as error:
        citations.citation_add(paragraph=world["paragraph"], theme=world["theme"], actor=None)
    assert "redan" in str(error.value)


def test_citation_of_another_process_is_refused(world):
    other_theme = Theme.objects.create(process=ProcessFactory(), name="Annat")
    with pytest.raises(ValidationError):
        citations.citation_add(paragraph=world["paragraph"], theme=other_theme, actor=None)


def test_citations_are_copied_into_the_next_version_and_split(world):
    citations.citation_add(
        paragraph=world["paragraph"], contribution=world["contribution"], actor=None
    )
    new = services.version_create_next(version=world["version"], actor=None)
    copied = new.paragraphs.get(lineage=world["paragraph"].lineage)
    assert copied.citations.get().contribution == world["contribution"]
    _first, second = services.paragraph_split(
        paragraph=copied,
        first_text="Vi tar emot besökare.",
        second_text="Och nya invånare.",
        base_revision=copied.revision,
        actor=None,
    )
    assert second.citations.get().contribution == world["contribution"]


def test_locked_version_citations_cannot_change(world):
    services.version_create_next(version=world["version"], actor=None)
    with pytest.raises(ValidationError):
        citations.citation_add(paragraph=world["paragraph"], theme=world["theme"], actor=None)


def test_tracking_lines_say_nothing_about_internal_drafts(world):
    citations.citation_add(
        paragraph=world["paragraph"], contribution=world["contribution"], actor=None
    )
    assert citations.citation_tracking_lines(world["contribution"]) == []


def test_tracking_lines_for_consultation_draft_and_adopted_vision(world):
    citations.citation_add(
        paragraph=world["paragraph"], contribution=world["contribution"], actor=None
    )
    services.consultation_send(
        version=world["version"],
        deadline=timezone.localdate() + dt.timedelta(days=5),
        actor=world["politician"],
    )
    from django.utils import translation

    with translation.override("sv"):
        lines = citations.citation_tracking_lines(world["contribution"])
    assert len(lines) == 1 and lines[0].startswith("Citerat i utkastet från ")
    final = services.version_create_next(version=world["version"], actor=None)
    adopt(final, clerk=world["clerk"], bodies=bodies_for(world["process"]))
    with translation.override("sv"):
        lines = citations.citation_tracking_lines(world["contribution"])
    assert lines[-1] == "Del av den antagna visionen, stycke 4"


def test_politician_cites_a_theme_through_the_page(client, world):
    client.force_login(world["politician"])
    url = reverse(
        "contributions:paragraph_citations", args=[world["process"].slug, world["paragraph"].pk]
    )
    response = client.post(url, {"theme": world["theme"].pk, "contribution": ""})
    assert response.status_code == 302
    assert world["paragraph"].citations.get().theme == world["theme"]
    response = client.post(url, {"theme": "", "contribution": ""})
    assert response.status_code == 200 and "antingen ett tema eller ett bidrag" in (
        response.content.decode()
    )


def test_paragraphs_citing_theme_for_the_synthesis_view(world):
    citations.citation_add(paragraph=world["paragraph"], theme=world["theme"], actor=None)
    assert list(citations.paragraphs_citing_theme(theme=world["theme"])) == [world["paragraph"]]


def test_tracking_lines_follow_a_theme_the_contribution_carries(world):
    """Not only direct citations: a cited theme the contribution was grouped into counts too,
    with the paragraph's text."""
    from contributions.models import ContributionTheme

    ContributionTheme.objects.create(contribution=world["contribution"], theme=world["theme"])
    citations.citation_add(paragraph=world["paragraph"], theme=world["theme"], actor=None)
    final = services.version_create_next(version=world["version"], actor=None)
    adopt(final, clerk=world["clerk"], bodies=bodies_for(world["process"]))
    from django.utils import translation

    with translation.override("sv"):
        items = citations.citation_tracking_items(world["contribution"])
    assert items[-1]["text"] == (
        "Den antagna visionen, stycke 4, bygger på temat Värdskap, som ditt bidrag sorterades "
        "in under"
    )
    assert items[-1]["excerpt"].startswith("Vi tar emot besökare")
