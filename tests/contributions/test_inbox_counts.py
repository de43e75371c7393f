"""The inbox's result count is cached per filter until a contribution of the process changes:
every change an official (or a citizen) makes shows in the very next count."""

import pytest
from django.urls import reverse

from contributions import counting
from contributions.models import ModerationAction, ModerationState
from contributions.services import handling
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _count(client, process, **params):
    url = reverse("contributions:staff_inbox", kwargs={"slug": process.slug})
    return client.get(url, params).context["page_obj"].paginator.count


@pytest.fixture
def inbox(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    return process, users


def test_a_repeated_page_reuses_its_count_with_one_query_less(
    client, inbox, django_assert_num_queries
):
    process, _users = inbox
    StaffContributionFactory.create_batch(3, process=process)
    url = reverse("contributions:staff_inbox", kwargs={"slug": process.slug})
    with django_assert_num_queries(10):
        first = client.get(url, {"kind": "idea", "page": 1})
    # One query less again: the municipality of the layout comes from the cache the second time.
    with django_assert_num_queries(8):
        again = client.get(url, {"kind": "idea", "sort": "created"})
    assert first.context["page_obj"].paginator.count == again.context["page_obj"].paginator.count


def test_bulk_tagging_shows_in_the_next_count(client, inbox, django_capture_on_commit_callbacks):
    process, users = inbox
    contributions = StaffContributionFactory.create_batch(3, process=process)
    theme = ThemeFactory(process=process)
    assert _count(client, process, theme="none") == 3
    assert _count(client, process, theme=str(theme.pk)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("contributions:staff_bulk_tag", kwargs={"slug": process.slug}),
            {"ids": [c.pk for c in contributions[:2]], "theme": theme.pk, "operation": "add"},
            HTTP_HX_REQUEST="true",
        )
    assert _count(client, process, theme="none") == 1
    assert _count(client, process, theme=str(theme.pk)) == 2


def test_moderation_feedback_and_new_contributions_show_in_the_next_count(
    client, inbox, django_capture_on_commit_callbacks
):
    process, users = inbox
    contribution = StaffContributionFactory(process=process, consent_to_publish=True)
    assert _count(client, process, moderation_state=ModerationState.PUBLISHED) == 0
    assert _count(client, process, feedback_state="given") == 0
    assert _count(client, process) == 1
    with django_capture_on_commit_callbacks(execute=True):
        handling.contribution_moderate(
            contribution=contribution, action=ModerationAction.PUBLISHED, by=users["official"]
        )
        handling.feedback_give(by=users["official"], text="Tack!", contribution=contribution)
        StaffContributionFactory(process=process)
    assert _count(client, process, moderation_state=ModerationState.PUBLISHED) == 1
    assert _count(client, process, feedback_state="given") == 1
    assert _count(client, process) == 2


def test_counts_of_two_processes_never_mix(client, inbox):
    process, users = inbox
    StaffContributionFactory.create_batch(2, process=process)
    other = StaffContributionFactory().process
    assert _count(client, process) == 2
    assert counting.cached_count(other.contributions.all(), process=other, params=[]) == 1
