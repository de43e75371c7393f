"""Moderation: publish (only with consent), keep internal, withdraw; recorded, never deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions.models import Contribution, ModerationAction, ModerationEvent, ModerationState
from contributions.services.handling import contribution_moderate
from tests.contributions.staff_factories import StaffContributionFactory

pytestmark = pytest.mark.django_db


def moderate_url(c):
    return reverse(
        "contributions:staff_contribution_moderate", kwargs={"slug": c.process.slug, "pk": c.pk}
    )


def test_publish_records_who_and_when(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    response = client.post(moderate_url(c), {"action": "published"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.moderation_state == ModerationState.PUBLISHED
    event = ModerationEvent.objects.get(contribution=c)
    assert event.by == users["official"] and event.at
    assert (event.from_state, event.to_state) == ("new", "published")


def test_publish_without_consent_is_refused_with_a_message(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process, consent_to_publish=False)
    client.force_login(users["official"])
    response = client.post(moderate_url(c), {"action": "published"})
    assert response.status_code == 400
    assert "inte samtyckt" in response.content.decode()
    c.refresh_from_db()
    assert c.moderation_state == ModerationState.NEW
    assert not ModerationEvent.objects.exists()


def test_withdraw_needs_a_reason_and_never_deletes(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    contribution_moderate(contribution=c, action=ModerationAction.PUBLISHED, by=users["official"])
    with pytest.raises(ValidationError):
        contribution_moderate(contribution=c, action=ModerationAction.HIDDEN, by=None, reason=" ")
    contribution_moderate(
        contribution=c, action=ModerationAction.HIDDEN, by=users["admin"], reason="Kränkande"
    )
    assert Contribution.objects.filter(pk=c.pk, moderation_state="hidden").exists()
    actions = list(
        ModerationEvent.objects.filter(contribution=c)
        .order_by("at")
        .values_list("action", flat=True)
    )
    assert actions == ["published", "hidden"]
    assert ModerationEvent.objects.get(action="hidden").reason == "Kränkande"


def test_keep_internal(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process, consent_to_publish=False)
    client.force_login(users["admin"])
    client.post(moderate_url(c), {"action": "kept_internal"})
    c.refresh_from_db()
    assert c.moderation_state == ModerationState.INTERNAL


def test_unknown_action_is_refused(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    assert client.post(moderate_url(c), {"action": "delete"}).status_code == 400
    assert Contribution.objects.filter(pk=c.pk).exists()


def test_politician_cannot_moderate(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    client.force_login(users["politician"])
    assert client.post(moderate_url(c), {"action": "published"}).status_code == 403


def test_moderation_page_escapes_script_and_shows_history(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process, text="<script>alert('x')</script>")
    contribution_moderate(
        contribution=c, action=ModerationAction.HIDDEN, by=users["official"], reason="<i>r</i>"
    )
    client.force_login(users["official"])
    content = client.get(
        reverse("contributions:staff_contribution", kwargs={"slug": process.slug, "pk": c.pk})
    ).content.decode()
    assert "<script>alert" not in content
    assert "&lt;i&gt;r&lt;/i&gt;" in content
