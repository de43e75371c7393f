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


# --- Counting again only where a change was --------------------------------------------------


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of two ids each, so that a handful of contributions spans several parts."""
    monkeypatch.setattr(counting, "PART_BITS", 1)


def _ideas(process):
    from contributions.models import Contribution

    return Contribution.objects.filter(process=process, kind="idea")


def _counted(process, django_assert_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        n = counting.cached_count(_ideas(process), process=process, params=[("kind", ["idea"])])
    return n, [q["sql"] for q in queries.captured_queries]


def test_a_change_to_one_contribution_counts_only_its_part_again(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    process, _users = inbox
    made = StaffContributionFactory.create_batch(8, process=process)
    assert _counted(process)[0] == 8
    assert _counted(process)[1] == []  # cached
    with django_capture_on_commit_callbacks(execute=True):
        made[3].kind = "letter"
        made[3].save()
    n, sql = _counted(process)
    assert n == 7
    assert len(sql) == 1 and f'"id" >= {made[3].pk >> 1 << 1}' in sql[0].replace("`", '"')


def test_new_and_deleted_contributions_show_in_the_next_count(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    process, _users = inbox
    made = StaffContributionFactory.create_batch(5, process=process)
    assert _counted(process)[0] == 5
    with django_capture_on_commit_callbacks(execute=True):
        StaffContributionFactory.create_batch(3, process=process)
        made[0].delete()
    assert _counted(process)[0] == 7
    assert _counted(process)[1] == []


def test_a_change_that_names_no_contribution_counts_everything_again(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    from contributions.models import Contribution

    process, _users = inbox
    StaffContributionFactory.create_batch(4, process=process)
    assert _counted(process)[0] == 4
    Contribution.objects.filter(process=process).update(kind="letter")  # no signal
    with django_capture_on_commit_callbacks(execute=True):
        counting.changed_on_commit(process.pk)
    n, sql = _counted(process)
    assert n == 0 and len(sql) == 1 and '"id" >=' not in sql[0]


def test_a_lost_note_counts_everything_again(inbox, small_parts):
    from django.core.cache import cache

    from contributions.models import Contribution

    process, _users = inbox
    made = StaffContributionFactory.create_batch(4, process=process)
    assert _counted(process)[0] == 4
    Contribution.objects.filter(pk__in=[c.pk for c in made[:2]]).update(kind="letter")
    counting.changed(process.pk, [made[0].pk])  # names only the first of the two
    seq = cache.get(counting._sequence_key(process.pk))
    cache.delete(counting._note_key(process.pk, seq))  # ... and the note is lost
    assert _counted(process)[0] == 2


def test_many_changes_in_a_row_stay_exact(inbox, small_parts, django_capture_on_commit_callbacks):
    process, _users = inbox
    made = StaffContributionFactory.create_batch(12, process=process)
    expected = 12
    for i, contribution in enumerate(made):
        with django_capture_on_commit_callbacks(execute=True):
            contribution.kind = "letter" if i % 2 else "idea"
            contribution.save()
        expected -= i % 2
        if i % 3 == 0:
            assert _counted(process)[0] == expected
    assert _counted(process)[0] == expected == 6
