"""The citizens' demo contributions load, and loading them twice changes nothing."""

import pytest

from contributions import demo_public
from contributions.models import Attachment, Contribution, ContributionTheme
from visionsprocess import demo

# The demo's loaders are run by ``load_demo``, which replaces every version at the end
# (``changes.reset_all``); called one by one here they record nothing themselves.
pytestmark = pytest.mark.no_tripwire


def _counts():
    return (
        Contribution.objects.count(),
        Contribution.objects.published().count(),
        ContributionTheme.objects.count(),
        Attachment.objects.count(),
    )


@pytest.mark.django_db
def test_demo_contributions_are_idempotent():
    demo_public.load(demo.load())
    first = _counts()
    assert first[0] == len(demo_public.CONTRIBUTIONS) == 30
    assert first[1] >= 25
    demo_public.load(demo.load())
    assert _counts() == first


@pytest.mark.django_db
def test_demo_discussion_is_idempotent_and_shows_an_answer():
    from django.test import Client
    from django.urls import reverse

    from contributions import demo_discussion
    from contributions.models import Comment, Support

    def discussion():
        return (
            Comment.objects.count(),
            Support.objects.count(),
            list(Contribution.objects.order_by("pk").values_list("support_count", "comment_count")),
        )

    core = demo.load()
    demo_public.load(core)
    demo_discussion.load(core)
    first = discussion()
    assert Comment.objects.filter(is_official_answer=True).exists()
    assert Comment.objects.filter(state="pending").exists()
    demo_discussion.load(core)
    assert discussion() == first
    train = Contribution.objects.get(tracking_token="demo-vision-2040-01")
    assert train.support_count == 14 and train.comment_count == 3
    html = Client().get(reverse("contributions:detail", args=[train.process.slug, train.pk]))
    assert "Kommunens svar" in html.content.decode()


@pytest.mark.django_db
def test_demo_paragraph_discussion_is_idempotent_and_its_people_take_part_in_framtidsbygget_only():
    """The draft on consultation has a discussion with the municipality's answer; its people are
    no neighbours of Vision 2040's discussion (the gallring demo scans Vision 2040's own)."""
    from django.test import Client
    from django.urls import reverse

    from contributions import demo_discussion, demo_paragraph_discussion
    from contributions.models import Comment, Participant, Support
    from visionsprocess import demo_drafting

    core = demo.load()
    demo_drafting.load(core)
    demo_public.load(core)
    demo_discussion.load(core)
    demo_paragraph_discussion.load(core)

    def discussion():
        return (
            Comment.objects.filter(paragraph__isnull=False).count(),
            Support.objects.filter(paragraph__isnull=False).count(),
        )

    first = discussion()
    assert first == (6, 19)
    demo_paragraph_discussion.load(core)
    assert discussion() == first
    answer = Comment.objects.get(paragraph__isnull=False, is_official_answer=True)
    assert answer.display_name == "Vaggeryds kommun" and answer.parent is not None
    assert Comment.objects.filter(paragraph__isnull=False, state="pending").count() == 1
    people = Participant.objects.filter(comments__paragraph__isnull=False).distinct()
    assert people.count() == 3
    assert not people.filter(comments__contribution__isnull=False).exists()
    assert not Comment.objects.filter(
        contribution__isnull=False,
        display_name__in=[name for _email, name in demo_paragraph_discussion.PEOPLE.values()],
    ).exists()
    paragraph = answer.paragraph
    consultation = paragraph.version.consultation
    html = (
        Client()
        .get(
            reverse(
                "contributions:paragraph",
                args=[core.framtidsbygget.slug, consultation.pk, paragraph.pk],
            )
        )
        .content.decode()
    )
    assert "Kommunens svar" in html and "Jonas från Hok" in html
