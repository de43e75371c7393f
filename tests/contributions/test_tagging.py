"""Themes, bulk tagging via htmx and the record of who tagged, keyword suggestions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions.models import (
    ContributionTheme,
    ModerationAction,
    ModerationEvent,
    SuggestionDecision,
    Theme,
    ThemeSuggestion,
)
from contributions.selectors.staff import theme_suggestions
from contributions.services.handling import contributions_tag, theme_delete, theme_save
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_bulk_tagging_via_htmx_returns_updated_rows_and_records_who(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Grönområden")
    a, b, untouched = StaffContributionFactory.create_batch(3, process=process)
    client.force_login(users["official"])
    response = client.post(
        reverse("contributions:staff_bulk_tag", kwargs={"slug": process.slug}),
        {"ids": [a.pk, b.pk], "theme": theme.pk, "operation": "add"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="row-{a.pk}" hx-swap-oob="true"' in content
    assert f'id="row-{untouched.pk}"' not in content
    assert "Grönområden" in content
    assert "<html" not in content  # a partial, not a page
    taggings = ContributionTheme.objects.filter(theme=theme)
    assert {t.contribution_id for t in taggings} == {a.pk, b.pk}
    assert all(t.tagged_by == users["official"] and t.tagged_at for t in taggings)
    events = ModerationEvent.objects.filter(action=ModerationAction.THEME_ADDED)
    assert events.count() == 2 and all(e.by == users["official"] for e in events)


def test_bulk_removal_keeps_a_record(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process)
    contribution = StaffContributionFactory(process=process)
    contributions_tag(process=process, contribution_ids=[contribution.pk], theme=theme, by=None)
    client.force_login(users["official"])
    client.post(
        reverse("contributions:staff_bulk_tag", kwargs={"slug": process.slug}),
        {"ids": [contribution.pk], "theme": theme.pk, "operation": "remove"},
        HTTP_HX_REQUEST="true",
    )
    assert not ContributionTheme.objects.filter(contribution=contribution).exists()
    removed = ModerationEvent.objects.get(action=ModerationAction.THEME_REMOVED)
    assert removed.by == users["official"] and removed.theme_name == theme.name


def test_bulk_tagging_without_selection_answers_with_a_message(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process)
    client.force_login(users["official"])
    response = client.post(
        reverse("contributions:staff_bulk_tag", kwargs={"slug": process.slug}),
        {"theme": theme.pk, "operation": "add"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_bulk_tagging_ignores_contributions_of_other_processes(role_users):
    process, users = role_users
    theme = ThemeFactory(process=process)
    foreign = StaffContributionFactory()
    with pytest.raises(ValidationError):
        contributions_tag(process=process, contribution_ids=[foreign.pk], theme=theme, by=None)
    assert not ContributionTheme.objects.exists()


def test_tagging_twice_at_once_keeps_one_tagging(role_users):
    process, users = role_users
    theme = ThemeFactory(process=process)
    c = StaffContributionFactory(process=process)
    contributions_tag(process=process, contribution_ids=[c.pk], theme=theme, by=None)
    assert contributions_tag(process=process, contribution_ids=[c.pk], theme=theme, by=None) == 0
    assert ContributionTheme.objects.filter(contribution=c).count() == 1


def test_themes_have_two_levels_at_most(role_users):
    process, _users = role_users
    main = theme_save(process=process, name="Livsmiljö")
    sub = theme_save(process=process, name="Parker", parent=main)
    with pytest.raises(ValidationError):
        theme_save(process=process, name="Lekplatser", parent=sub)
    with pytest.raises(ValidationError):
        theme_save(process=process, theme=main, name="Livsmiljö", parent=sub)


def test_theme_keywords_are_normalised_one_per_line(role_users):
    process, _users = role_users
    theme = theme_save(process=process, name="Skola", keywords="skola, förskola\n\n elev ")
    assert theme.keywords == "skola\nförskola\nelev"


def test_theme_with_children_cannot_be_deleted(role_users):
    process, _users = role_users
    main = theme_save(process=process, name="Livsmiljö")
    theme_save(process=process, name="Parker", parent=main)
    with pytest.raises(ValidationError):
        theme_delete(theme=main)


def test_theme_create_form_keeps_input_on_error(client, role_users):
    process, users = role_users
    ThemeFactory(process=process, name="Trygghet")
    client.force_login(users["official"])
    response = client.post(
        reverse("contributions:staff_themes", kwargs={"slug": process.slug}),
        {"name": "Trygghet", "description": "<script>x</script>", "order": 0},
    )
    assert response.status_code == 400
    assert "&lt;script&gt;x&lt;/script&gt;" in response.content.decode()
    assert Theme.objects.filter(process=process).count() == 1


def test_keyword_suggestion_for_untagged_contributions_and_decisions(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Skola", keywords="skola")
    match = StaffContributionFactory(process=process, text="Skolan behöver fler lärare")
    StaffContributionFactory(process=process, text="Mer kollektivtrafik")
    suggested = theme_suggestions(process=process)
    assert [(c.pk, [t.pk for t in ts]) for c, ts in suggested] == [(match.pk, [theme.pk])]
    client.force_login(users["official"])
    url = reverse(
        "contributions:staff_suggestion_decide",
        kwargs={"slug": process.slug, "pk": match.pk, "theme_id": theme.pk},
    )
    client.post(url, {"decision": "reject"})
    assert ThemeSuggestion.objects.get().decision == SuggestionDecision.REJECTED
    assert theme_suggestions(process=process) == []
    client.post(url, {"decision": "accept"})
    assert ContributionTheme.objects.filter(contribution=match, theme=theme).exists()


def test_bulk_tagging_without_htmx_redirects_only_to_this_site(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process)
    c = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    response = client.post(
        reverse("contributions:staff_bulk_tag", kwargs={"slug": process.slug}),
        {"ids": [c.pk], "theme": theme.pk, "operation": "add", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contributions:staff_inbox", kwargs={"slug": process.slug}
    )
    assert ContributionTheme.objects.filter(contribution=c, theme=theme).exists()
