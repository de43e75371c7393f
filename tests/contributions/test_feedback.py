"""Public feedback per contribution and per theme, and the e-mails to those who left an address
(the sender follows the contribution; the notice reaches them in the next daily digest)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from contributions.models import Contribution, Feedback, FeedbackState
from contributions.services.handling import (
    contributions_tag,
    feedback_give,
    feedback_notify_theme,
)
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from visionsprocess.notices.digest import digests_send
from visionsprocess.notices.services import follow_implicit


def sender(process, email):
    """A contribution whose sender left an address (and so follows it, as on submission)."""
    contribution = StaffContributionFactory(process=process, email=email)
    follow_implicit(target=contribution, email=email)
    return contribution


def send_digests():
    from django.utils import timezone

    digests_send(now=timezone.now() + dt.timedelta(days=1))


pytestmark = pytest.mark.django_db(transaction=True)


def test_feedback_on_a_contribution_emails_the_sender(client, role_users):
    process, users = role_users
    c = sender(process, "karin@example.org")
    client.force_login(users["official"])
    response = client.post(
        reverse(
            "contributions:staff_contribution_feedback", kwargs={"slug": process.slug, "pk": c.pk}
        ),
        {"text": "Tack! Cykelvägen finns med i handlingsplanen."},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.feedback_state == FeedbackState.GIVEN
    assert Feedback.objects.get().contribution == c
    assert mail.outbox == [], "gathered into the day's digest, not sent at once"
    send_digests()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karin@example.org"]
    assert "Cykelvägen finns med" in mail.outbox[0].body


def test_feedback_without_email_sends_nothing(role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process, email="")
    feedback_give(contribution=c, text="Tack", by=users["official"])
    send_digests()
    assert mail.outbox == []


def test_empty_feedback_keeps_the_form_with_an_error(client, role_users):
    process, users = role_users
    c = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    response = client.post(
        reverse(
            "contributions:staff_contribution_feedback", kwargs={"slug": process.slug, "pk": c.pk}
        ),
        {"text": "   "},
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_feedback_on_a_theme_fans_out_once_to_distinct_addresses(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Kollektivtrafik")
    tagged = [
        sender(process, "a@example.org"),
        sender(process, "A@example.org"),
        sender(process, "b@example.org"),
        StaffContributionFactory(process=process, email=""),
    ]
    untagged = sender(process, "c@example.org")
    contributions_tag(
        process=process, contribution_ids=[c.pk for c in tagged], theme=theme, by=None
    )
    client.force_login(users["official"])
    client.post(
        reverse(
            "contributions:staff_theme_feedback", kwargs={"slug": process.slug, "pk": theme.pk}
        ),
        {"text": "Nya busslinjer från 2027."},
    )
    feedback = Feedback.objects.get()
    assert feedback.theme == theme and feedback.notified_at is not None
    send_digests()
    assert sorted(m.to[0].lower() for m in mail.outbox) == ["a@example.org", "b@example.org"]
    states = dict(Contribution.objects.values_list("pk", "feedback_state"))
    assert all(states[c.pk] == FeedbackState.GIVEN for c in tagged)
    assert states[untagged.pk] == FeedbackState.NONE
    # The task is idempotent: running it again sends nothing more.
    assert feedback_notify_theme(feedback_id=feedback.pk) == 0
    send_digests()
    assert len(mail.outbox) == 2
