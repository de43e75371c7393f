"""The inbox's result count is cached per filter until a contribution of the process changes:
every change an official (or a citizen) makes shows in the very next count."""

import pytest
from django.urls import reverse

from contributions import counting
from contributions.filters import COUNTED_FIELDS, KIND, THEME, InboxFilter
from contributions.models import ModerationAction, ModerationState
from contributions.services import handling
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from visionsprocess import changes

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
        new = StaffContributionFactory(process=process)
        changes.record(process=process, contributions=[new.pk])  # as contribution_submit does
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


def _counted_by(process, queryset, params):
    """The count of ``queryset`` under the filter ``params``, and the SQL it took."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        n = counting.cached_count(queryset, process=process, params=params)
    return n, [q["sql"] for q in queries.captured_queries]


def _counted(process):
    return _counted_by(process, _ideas(process), [("kind", ["idea"])])


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
        changes.record(process=process, contributions=[made[3].pk])  # as a service does
    n, sql = _counted(process)
    assert n == 7
    assert len(sql) == 1 and f'"id" >= {made[3].pk >> 1 << 1}' in sql[0].replace("`", '"')


def test_new_and_deleted_contributions_show_in_the_next_count(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    process, _users = inbox
    made = StaffContributionFactory.create_batch(5, process=process)
    assert _counted(process)[0] == 5
    gone = made[0].pk
    with django_capture_on_commit_callbacks(execute=True):
        new = StaffContributionFactory.create_batch(3, process=process)
        made[0].delete()
        changes.record(process=process, contributions=[c.pk for c in new] + [gone])
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
        changes.record(process=process, contributions=changes.ALL)
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
            changes.record(process=process, contributions=[contribution.pk], fields=[KIND])
        expected -= i % 2
        if i % 3 == 0:
            assert _counted(process)[0] == expected
    assert _counted(process)[0] == expected == 6


# --- Changes that say which filter fields they alter ----------------------------------------


def test_bulk_publishing_keeps_a_search_count_and_counts_a_moderation_filter_where_it_acted(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    from contributions.models import Contribution
    from contributions.services import bulk

    process, users = inbox
    made = StaffContributionFactory.create_batch(
        8, process=process, consent_to_publish=True, text="Fler skolor i Hok"
    )
    everything = Contribution.objects.filter(process=process)
    published = everything.filter(moderation_state=ModerationState.PUBLISHED)
    searched = [("q", ["skolor"])]
    moderated = [("moderation_state", [ModerationState.PUBLISHED])]
    assert _counted_by(process, everything, searched)[0] == 8
    assert _counted_by(process, published, moderated)[0] == 0
    acted_on = made[-2:]  # the two newest: one part of two ids at most two parts
    with django_capture_on_commit_callbacks(execute=True):
        result = bulk.contributions_moderate_bulk(
            process=process,
            targets=everything.filter(pk__in=[c.pk for c in acted_on]),
            action=ModerationAction.PUBLISHED,
            by=users["official"],
        )
    assert result.changed == 2
    # The search cannot match differently after a moderation: its count is not made again.
    assert _counted_by(process, everything, searched) == (8, [])
    # The moderation filter counts again only the parts the two fall in.
    n, sql = _counted_by(process, published, moderated)
    parts = {c.pk >> 1 for c in acted_on}
    assert n == 2 and len(sql) == 1
    assert sql[0].count('"id" >=') == len(parts)


def test_bulk_tagging_and_a_deleted_theme_count_theme_filters_again_exactly(
    client, inbox, small_parts, django_capture_on_commit_callbacks
):
    from contributions.models import Contribution
    from contributions.services import bulk

    process, users = inbox
    made = StaffContributionFactory.create_batch(6, process=process)
    theme = ThemeFactory(process=process)
    assert _count(client, process, theme="none") == 6
    assert _count(client, process, kind="idea") == 6
    with django_capture_on_commit_callbacks(execute=True):
        bulk.contributions_tag_bulk(
            process=process,
            targets=Contribution.objects.filter(pk__in=[c.pk for c in made[:4]]),
            theme=theme,
            by=users["official"],
        )
    assert _count(client, process, theme="none") == 2
    assert _count(client, process, theme=str(theme.pk)) == 4
    ideas = Contribution.objects.filter(process=process, kind="idea")
    assert _counted_by(process, ideas, [("kind", ["idea"])]) == (6, [])
    with django_capture_on_commit_callbacks(execute=True):
        handling.theme_delete(theme=theme)
    assert _count(client, process, theme="none") == 6
    assert _counted_by(process, ideas, [("kind", ["idea"])]) == (6, [])


def test_a_note_written_before_notes_named_fields_still_counts_again(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from contributions.models import Contribution

    process, _users = inbox
    made = StaffContributionFactory.create_batch(4, process=process)
    assert _counted(process)[0] == 4
    Contribution.objects.filter(pk=made[0].pk).update(kind="letter")
    counting.changed(process.pk, [made[0].pk])
    seq = cache.get(counting._sequence_key(process.pk))
    cache.set(counting._note_key(process.pk, seq), [made[0].pk >> 1])  # the old form of a note
    assert _counted(process)[0] == 3


def test_parts_of_finds_the_parts_of_any_number_of_contributions(inbox, small_parts):
    from contributions.models import Contribution

    process, _users = inbox
    made = StaffContributionFactory.create_batch(5, process=process)
    ids = Contribution.objects.filter(pk__in=[made[0].pk, made[4].pk]).values("pk")
    assert sorted(counting.parts_of(ids, "pk")) == sorted({made[0].pk >> 1, made[4].pk >> 1})
    assert counting.parts_of(ids.none(), "pk") == []


# --- The filter fields a change names ------------------------------------------------------------


def test_every_field_a_change_can_name_is_a_filter_of_the_inbox():
    """A renamed filter must rename its constant too, or this fails."""
    assert set(InboxFilter.base_filters) >= COUNTED_FIELDS


def test_a_change_naming_an_unknown_field_counts_every_filter_again(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    """A field name that is no filter (a typo, a filter renamed since) cannot leave a count
    wrong: the change is taken to alter any filter."""
    from contributions.models import Contribution

    process, _users = inbox
    made = StaffContributionFactory.create_batch(4, process=process)
    assert _counted(process)[0] == 4
    with django_capture_on_commit_callbacks(execute=True):
        Contribution.objects.filter(pk=made[0].pk).update(kind="letter")
        changes.record(process=process, contributions=[made[0].pk], fields=["sort_of_kind"])
    n, sql = _counted(process)
    assert n == 3 and len(sql) == 1


def test_a_change_naming_another_field_keeps_the_count(
    inbox, small_parts, django_capture_on_commit_callbacks
):
    process, _users = inbox
    made = StaffContributionFactory.create_batch(4, process=process)
    assert _counted(process)[0] == 4
    with django_capture_on_commit_callbacks(execute=True):
        changes.record(process=process, contributions=[made[0].pk], fields=[THEME])
    assert _counted(process) == (4, [])  # a kind filter: not counted again
    with django_capture_on_commit_callbacks(execute=True):
        changes.record(process=process, contributions=[made[0].pk], fields=[KIND])
    n, sql = _counted(process)
    assert n == 4 and len(sql) == 1  # its part counted again
