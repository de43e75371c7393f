"""Themes no one has named yet: the search on labelled material, the worker's run with its
progress, adopting (members suggested, nothing tagged) and putting aside, and bad input."""

import collections
import csv
from pathlib import Path

import pytest
from django.urls import reverse

from contributions.analysis import found_themes
from contributions.analysis.discovery import discover
from contributions.analysis.suggestions import stored_q_for_theme
from contributions.models import (
    Contribution,
    ContributionTheme,
    FoundTheme,
    FoundThemeState,
    SuggestedTheme,
    Theme,
    ThemeDiscovery,
)
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from visionsprocess.models import OutboxTask

DATA = Path(__file__).parent / "data"

#: Measured 0.45 on the Säffle set (13 groups; random groups of the same sizes score about
#: 0.2): the share of a group's contributions that carry the group's commonest theme.
PURITY_FLOOR = 0.40


def _rows(name="saffle"):
    with (DATA / f"themes_{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_groups_found_in_labelled_material_hold_mostly_one_theme():
    rows = _rows()
    texts = [r["text"] for r in rows]
    labels = [set(r["themes"].split("|")) for r in rows]
    found = discover(texts)
    assert 6 <= len(found) <= 20
    shares, sizes = [], []
    for group in found:
        counts = collections.Counter(t for i in group.members for t in labels[i])
        top, _n = counts.most_common(1)[0]
        shares.append(sum(top in labels[i] for i in group.members) / len(group.members))
        sizes.append(len(group.members))
        assert len(group.quotes) == 3 and set(group.quotes) <= set(group.members)
        assert 3 <= len(group.words) <= 6
    purity = sum(s * n for s, n in zip(shares, sizes, strict=True)) / sum(sizes)
    assert purity >= PURITY_FLOOR, purity
    words = {w for g in found for w in g.words}
    assert {"buss", "hemtjänsten", "förskolan"} <= words  # what is said, not how
    assert not words & {"int", "hej", "och", "att"}


def test_too_little_material_finds_nothing_without_error():
    assert discover([]) == []
    assert discover(["", "ok", "Buss", "<script>alert(1)</script>"] * 3) == []


@pytest.mark.django_db
def test_the_worker_run_tells_its_progress_and_replaces_only_open_groups(role_users, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    process, users = role_users
    tagged_theme = ThemeFactory(process=process, name="Redan taggat")
    for row in _rows("ljusdal")[:120]:
        StaffContributionFactory(process=process, text=row["text"])
    tagged = StaffContributionFactory(process=process, text="Bussen går för sällan till Järvsö.")
    ContributionTheme.objects.create(contribution=tagged, theme=tagged_theme)
    assert found_themes.schedule(process_id=process.pk)
    assert not found_themes.schedule(process_id=process.pk)
    assert OutboxTask.objects.filter(task=found_themes.TASK).count() == 1
    assert ThemeDiscovery.objects.get(process=process).running
    seen = []
    original = found_themes._progress
    found_themes._progress = lambda pk, percent: (seen.append(percent), original(pk, percent))
    try:
        n = found_themes.run(process_id=process.pk)
    finally:
        found_themes._progress = original
    assert n >= 3 and seen == sorted(seen) and seen[-1] >= 80
    state = ThemeDiscovery.objects.get(process=process)
    assert state.progress == 100 and not state.running and state.contributions == 120
    assert not any(tagged.pk in g.members for g in FoundTheme.objects.all())
    first = FoundTheme.objects.order_by("position").first()
    found_themes.discard(process=process, group_id=first.pk, by=users["official"])
    found_themes.run(process_id=process.pk)
    assert FoundTheme.objects.filter(state=FoundThemeState.DISCARDED).count() == 1
    assert FoundTheme.objects.filter(state=FoundThemeState.OPEN).count() == n


@pytest.mark.django_db
def test_adopting_makes_a_theme_whose_members_are_suggested_not_tagged(role_users):
    process, users = role_users
    members = StaffContributionFactory.create_batch(4, process=process, text="Mer buss till Kila")
    group = FoundTheme.objects.create(
        process=process,
        words=["buss", "kila"],
        members=[c.pk for c in members],
        quotes=[members[0].pk],
    )
    theme = found_themes.adopt(
        process=process, group_id=group.pk, name="Bussar på landsbygden", by=users["official"]
    )
    assert theme.examples == "Mer buss till Kila" and "buss, kila" in theme.description
    assert not ContributionTheme.objects.exists()
    listed = Contribution.objects.filter(stored_q_for_theme(theme.pk))
    assert set(listed) == set(members)
    group.refresh_from_db()
    assert group.state == FoundThemeState.ADOPTED and group.theme == theme
    # A new training keeps what the adoption suggested.
    from contributions.analysis import store

    store.retrain(process_id=process.pk)
    assert SuggestedTheme.objects.filter(theme=theme, source="found").count() == 4


@pytest.mark.django_db
def test_adopting_twice_or_with_a_taken_name_is_refused(role_users):
    from django.core.exceptions import ValidationError

    process, users = role_users
    ThemeFactory(process=process, name="Trafik")
    c = StaffContributionFactory(process=process)
    group = FoundTheme.objects.create(process=process, words=["x"], members=[c.pk], quotes=[])
    with pytest.raises(ValidationError):
        found_themes.adopt(process=process, group_id=group.pk, name="Trafik", by=None)
    assert Theme.objects.filter(process=process).count() == 1
    found_themes.adopt(process=process, group_id=group.pk, name="Trafik 2", by=None)
    with pytest.raises(ValidationError, match="redan"):
        found_themes.discard(process=process, group_id=group.pk, by=None)


@pytest.mark.django_db
def test_page_runs_the_search_and_an_official_adopts_and_discards(
    client, role_users, django_capture_on_commit_callbacks
):
    process, users = role_users
    for row in _rows()[:80]:
        StaffContributionFactory(process=process, text=row["text"])
    client.force_login(users["official"])
    page = reverse("contributions:staff_found_themes", args=[process.slug])
    assert "Ingen sökning har gjorts" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox hands it to the worker
        client.post(reverse("contributions:staff_found_themes_search", args=[process.slug]))
    html = client.get(page).content.decode()
    assert "Senaste sökningen" in html and "Sagt bäst av" in html
    groups = list(FoundTheme.objects.filter(process=process).order_by("position"))
    assert groups and groups[0].words[0] in html
    decide = reverse("contributions:staff_found_theme_decide", args=[process.slug, groups[0].pk])
    response = client.post(decide, {"decision": "adopt", "name": "Kollektivtrafik"}, follow=True)
    assert "”Kollektivtrafik” är ett tema nu" in response.content.decode()
    decide = reverse("contributions:staff_found_theme_decide", args=[process.slug, groups[1].pk])
    response = client.post(decide, {"decision": "discard"}, follow=True)
    assert "Gruppen lades åt sidan." in response.content.decode()


@pytest.mark.django_db
def test_bad_input_gets_a_message_or_404_never_a_500(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    group = FoundTheme.objects.create(process=process, words=["x"], members=[c.pk], quotes=[])
    other = FoundTheme.objects.create(process=StaffContributionFactory().process, words=["y"])
    client.force_login(users["official"])
    url = reverse("contributions:staff_found_theme_decide", args=[process.slug, group.pk])
    for name in ("", "   ", "x" * 121):
        response = client.post(url, {"decision": "adopt", "name": name}, follow=True)
        assert "Ge temat ett namn på högst 120 tecken." in response.content.decode()
    response = client.post(url, {"decision": "adopt", "name": "<script>alert(1)</script>"})
    theme = Theme.objects.get(process=process)
    html = client.get(reverse("contributions:staff_found_themes", args=[process.slug])).content
    assert b"<script>alert(1)</script>" not in html and theme.name.startswith("<script>")
    foreign = reverse("contributions:staff_found_theme_decide", args=[process.slug, other.pk])
    assert client.post(foreign, {"decision": "discard"}).status_code == 404
    assert client.get(url).status_code == 405
    client.force_login(users["politician"])
    assert client.post(url, {"decision": "discard"}).status_code == 403
