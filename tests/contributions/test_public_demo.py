"""The citizens' demo contributions load, and loading them twice changes nothing."""

import pytest

from contributions import demo_public
from contributions.models import Attachment, Contribution, ContributionTheme
from visionsprocess import demo


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
