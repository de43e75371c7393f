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
