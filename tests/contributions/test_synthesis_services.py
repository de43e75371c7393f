"""The synthesis's services and pages: drafting in the worker, versions, a published version
that never changes, two officials at once, escaped introductions, the public page's queries,
and "Ni sa – vi gjorde" drawing on the published key points."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions.models import (
    ContributionTheme,
    KeyPoint,
    ModerationState,
    NearDuplicate,
    NearDuplicateGroup,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
)
from contributions.selectors.synthesis import draft_of, published_synthesis
from contributions.services import synthesis as services
from tests.contributions.factories import ContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Bussarna går för sällan på kvällarna, man kommer inte hem från Jönköping.", True),
    ("Kvällsbussarna till Jönköping går för sällan, jag kommer inte hem efter jobbet.", True),
    ("Det går för få bussar på kvällarna mellan Jönköping och Vaggeryd.", False),
    ("Busskortet är för dyrt för ungdomar, sänk priset på busskortet.", True),
    ("Tåget till Värnamo borde gå oftare på helgerna.", True),
]


@pytest.fixture
def world(role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Kollektivtrafik")
    contributions = []
    for text, published in TEXTS:
        c = ContributionFactory(
            process=process,
            text=text,
            consent_to_publish=published,
            moderation_state=ModerationState.PUBLISHED if published else ModerationState.NEW,
        )
        ContributionTheme.objects.create(contribution=c, theme=theme)
        contributions.append(c)
    return process, users, theme, contributions


def _drafted(process):
    services.synthesis_draft_run(process_id=process.pk)
    return draft_of(process)


def test_drafting_proposes_key_points_quoting_only_published_contributions(world):
    process, _users, theme, contributions = world
    draft = _drafted(process)
    assert draft.is_draft and draft.number == 1
    section = draft.themes.get()
    assert section.theme == theme and section.voices == 5
    points = list(section.key_points.all())
    assert points
    assert contributions[2].pk not in [p.contribution_id for p in points]
    assert sum(p.voices for p in points) <= 5


def test_the_drafting_button_runs_in_the_worker_and_the_page_shows_it(
    client, world, django_capture_on_commit_callbacks
):
    process, users, _theme, _c = world
    client.force_login(users["official"])
    with django_capture_on_commit_callbacks(execute=True):  # the outbox hands it to the worker
        response = client.post(reverse("contributions:staff_synthesis_draft", args=[process.slug]))
    assert response.status_code == 302
    page = client.get(reverse("contributions:staff_synthesis", args=[process.slug]))
    assert page.status_code == 200
    assert "Nyckelpunkter" in page.content.decode()
    assert KeyPoint.objects.filter(section__version__synthesis__process=process).exists()


def test_publishing_freezes_the_version_and_a_new_draft_copies_it(world):
    process, users, _theme, _c = world
    draft = _drafted(process)
    point = draft.themes.get().key_points.first()
    services.key_point_pin(key_point=point, pinned=True, by=users["official"])
    published = services.version_publish(version=draft, by=users["official"])
    assert published.state == SynthesisState.PUBLISHED and published.published_at
    with pytest.raises(ValidationError):
        services.key_point_remove(key_point=point, by=users["official"])
    with pytest.raises(ValidationError):
        services.version_publish(version=published, by=users["official"])
    section = published.themes.get()
    with pytest.raises(ValidationError):
        services.section_introduction_set(
            section=section, introduction="Ny", revision=section.revision, by=users["official"]
        )
    new = services.draft_start(process=process, by=users["official"])
    assert new.number == 2 and new.based_on == published
    copied = new.themes.get()
    assert [(p.text, p.pinned) for p in copied.key_points.all()] == [
        (p.text, p.pinned) for p in section.key_points.all()
    ]
    services.key_point_remove(key_point=copied.key_points.first(), by=users["official"])
    assert section.key_points.count() == copied.key_points.count() + 1  # the old one unchanged


def test_redrafting_keeps_pinned_and_never_proposes_a_removed_point_again(world):
    process, users, _theme, _c = world
    draft = _drafted(process)
    section = draft.themes.get()
    first, second = list(section.key_points.all())[:2]
    services.key_point_pin(key_point=first, pinned=True, by=users["official"])
    services.key_point_remove(key_point=second, by=users["official"])
    services.synthesis_draft_run(process_id=process.pk)
    texts = list(section.key_points.values_list("contribution_id", "text", "pinned"))
    assert (first.contribution_id, first.text, True) in texts
    assert (second.contribution_id, second.text) not in [(c, t) for c, t, _p in texts]
    assert texts[0][2] is True  # the pinned one stays first


def test_reordering_moves_one_place(world):
    process, users, _theme, _c = world
    section = _drafted(process).themes.get()
    before = list(section.key_points.values_list("pk", flat=True))
    assert len(before) >= 2
    services.key_point_move(
        key_point=KeyPoint.objects.get(pk=before[1]), up=True, by=users["official"]
    )
    after = list(section.key_points.values_list("pk", flat=True))
    assert after[:2] == [before[1], before[0]]
    services.key_point_move(
        key_point=KeyPoint.objects.get(pk=after[0]), up=True, by=users["official"]
    )  # already first: nothing moves
    assert list(section.key_points.values_list("pk", flat=True)) == after


def test_adding_a_sentence_needs_the_contributions_own_words_and_consent(world):
    process, users, _theme, contributions = world
    section = _drafted(process).themes.get()
    point = services.key_point_add(
        section=section,
        contribution=contributions[4],
        text="tåget till Värnamo borde gå oftare på helgerna.",
        by=users["official"],
    )
    assert point.pinned and point.source == "added"
    with pytest.raises(ValidationError):
        services.key_point_add(
            section=section,
            contribution=contributions[4],
            text="Tåget borde vara gratis.",
            by=users["official"],
        )
    with pytest.raises(ValidationError):  # not published: may not be quoted
        services.key_point_add(
            section=section,
            contribution=contributions[2],
            text="Det går för få bussar på kvällarna",
            by=users["official"],
        )
    other = ContributionFactory(process=process, moderation_state=ModerationState.PUBLISHED)
    with pytest.raises(ValidationError):  # not of the theme
        services.key_point_add(
            section=section, contribution=other, text=other.text, by=users["official"]
        )


def test_two_officials_writing_one_introduction_do_not_overwrite_each_other(world):
    process, users, _theme, _c = world
    section = _drafted(process).themes.get()
    seen = section.revision
    services.section_introduction_set(
        section=section, introduction="Första", revision=seen, by=users["official"]
    )
    with pytest.raises(ValidationError, match="ändrade inledningen|changed this introduction"):
        services.section_introduction_set(
            section=section, introduction="Andra", revision=seen, by=users["admin"]
        )
    section.refresh_from_db()
    assert section.introduction == "Första"


def test_an_official_editing_a_draft_the_other_just_published_is_told(client, world):
    process, users, _theme, _c = world
    draft = _drafted(process)
    point = draft.themes.get().key_points.first()
    services.version_publish(version=draft, by=users["admin"])
    client.force_login(users["official"])
    response = client.post(
        reverse("contributions:staff_synthesis_point", args=[process.slug, point.pk]),
        {"action": "remove"},
        follow=True,
    )
    assert response.status_code == 200
    assert "publicerad och kan inte längre ändras" in response.content.decode()
    assert KeyPoint.objects.filter(pk=point.pk).exists()


def test_script_in_the_introduction_is_escaped_on_both_pages(client, world):
    process, users, _theme, _c = world
    draft = _drafted(process)
    section = draft.themes.get()
    client.force_login(users["official"])
    client.post(
        reverse("contributions:staff_synthesis_introduction", args=[process.slug, section.pk]),
        {
            f"s{section.pk}-introduction": "<script>alert(1)</script><b>fet</b>",
            f"s{section.pk}-revision": section.revision,
        },
    )
    services.version_publish(version=draft, by=users["official"])
    for url in (
        reverse("contributions:staff_synthesis", args=[process.slug]),
        reverse("contributions:synthesis", args=[process.slug]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_bad_input_gives_a_message_never_a_500(client, world):
    process, users, _theme, _c = world
    section = _drafted(process).themes.get()
    point = section.key_points.first()
    client.force_login(users["official"])
    base = reverse("contributions:staff_synthesis_point", args=[process.slug, point.pk])
    assert client.post(base, {"action": "explode"}).status_code == 302
    intro = reverse("contributions:staff_synthesis_introduction", args=[process.slug, section.pk])
    assert client.post(intro, {f"s{section.pk}-introduction": "x" * 5000}).status_code == 302
    add = reverse("contributions:staff_synthesis_add", args=[process.slug, section.pk])
    assert client.post(add, {"contribution": "abc", "text": ""}).status_code == 302
    assert client.get(add, {"q": "<script>"}).status_code == 200
    other = ThemeFactory()
    foreign = SynthesisTheme.objects.create(
        version=SynthesisVersion.objects.create(
            synthesis=_drafted_synthesis(other.process), number=1
        ),
        theme=other,
        name=other.name,
    )
    response = client.get(
        reverse("contributions:staff_synthesis_add", args=[process.slug, foreign.pk])
    )
    assert response.status_code == 404


def _drafted_synthesis(process):
    from contributions.models import Synthesis

    return Synthesis.objects.create(process=process)


def test_near_duplicates_confirmed_by_officials_are_counted_as_one_point(world):
    process, users, theme, contributions = world
    group = NearDuplicateGroup.objects.create(process=process, representative=contributions[0])
    for c in contributions[:3]:
        NearDuplicate.objects.create(group=group, contribution=c)
    section = _drafted(process).themes.get()
    grouped = [
        p
        for p in section.key_points.all()
        if p.contribution_id in {c.pk for c in contributions[:3]}
    ]
    assert len(grouped) == 1 and grouped[0].voices == 3


def test_the_public_page_costs_the_same_queries_however_big(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    process, users, _theme, _c = world
    services.version_publish(version=_drafted(process), by=users["official"])
    url = reverse("contributions:synthesis", args=[process.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(4):
        theme = ThemeFactory(process=process)
        for text, _p in TEXTS:
            c = ContributionFactory(
                process=process, text=f"{text} ({n})", moderation_state=ModerationState.PUBLISHED
            )
            ContributionTheme.objects.create(contribution=c, theme=theme)
    new = services.draft_start(process=process, by=users["official"])
    services.synthesis_draft_run(process_id=process.pk)
    services.version_publish(version=new, by=users["official"])
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(published_synthesis(process=process).themes) == 5
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    with django_assert_max_num_queries(25):
        client.get(url)


def test_you_said_draws_on_the_published_key_points(client, world):
    process, users, _theme, _c = world
    url = reverse("process_outcome", args=[process.slug])
    assert "Läs sammanställningen" not in client.get(url).content.decode()
    draft = _drafted(process)
    services.version_publish(version=draft, by=users["official"])
    html = client.get(url).content.decode()
    assert "Läs sammanställningen" in html
    point = draft.themes.get().key_points.first()
    assert point.text in html
    assert reverse("contributions:detail", args=[process.slug, point.contribution_id]) in html


# The registry's remove() is called here on its own; the gallring service records the change.
@pytest.mark.no_tripwire
def test_gallring_of_the_texts_empties_the_key_points_too(world):
    from contributions.retention import _count_texts, _remove_texts

    process, users, _theme, _c = world
    services.version_publish(version=_drafted(process), by=users["official"])
    assert _count_texts(process, False) > 0
    _remove_texts(process, False)
    assert _count_texts(process, False) == 0
    assert not KeyPoint.objects.exclude(text="").exists()
    assert all(not t.key_points for t in published_synthesis(process=process).themes)
