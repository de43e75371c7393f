"""Entering what was said at a meeting: one statement per line, taggable like any contribution."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from contributions.models import Contribution, ContributionKind, ModerationState
from contributions.services.handling import contribution_moderate
from dialog.models import MeetingKind
from tests.contributions.staff_factories import MeetingFactory

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse(
        "contributions:staff_meeting_statements",
        kwargs={"slug": meeting.process.slug, "meeting_id": meeting.pk},
    )


def test_each_non_empty_line_becomes_a_statement(client, role_users):
    process, users = role_users
    meeting = MeetingFactory(process=process, stage="engagement")
    client.force_login(users["official"])
    text = "Fler bänkar i parken\n\n   \nBättre belysning vid stationen\r\nEn simhall i Hok\n"
    response = client.post(url(meeting), {"text": text})
    assert response.status_code == 302
    statements = Contribution.objects.filter(meeting=meeting).order_by("pk")
    assert [s.text for s in statements] == [
        "Fler bänkar i parken",
        "Bättre belysning vid stationen",
        "En simhall i Hok",
    ]
    s = statements[0]
    assert s.kind == ContributionKind.STATEMENT and s.stage.key == "engagement"
    assert s.consent_to_publish is True and s.moderation_state == ModerationState.NEW
    assert len({x.tracking_token for x in statements}) == 3


def test_statements_of_an_internal_meeting_are_not_publishable(role_users):
    process, users = role_users
    from contributions.services.handling import meeting_statements_add

    meeting = MeetingFactory(process=process, kind=MeetingKind.INTERNAL)
    (statement,) = meeting_statements_add(meeting=meeting, text="Internt", by=None)
    assert statement.consent_to_publish is False


def test_empty_entry_keeps_the_form_with_an_error(client, role_users):
    process, users = role_users
    meeting = MeetingFactory(process=process)
    client.force_login(users["official"])
    response = client.post(url(meeting), {"text": " \n \n"})
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_meeting_of_another_process_is_not_found(client, role_users):
    process, users = role_users
    meeting = MeetingFactory()
    client.force_login(users["official"])
    response = client.get(
        reverse(
            "contributions:staff_meeting_statements",
            kwargs={"slug": process.slug, "meeting_id": meeting.pk},
        )
    )
    assert response.status_code == 404


def test_public_include_shows_only_published_statements_escaped(role_users):
    process, users = role_users
    from contributions.services.handling import meeting_statements_add

    meeting = MeetingFactory(process=process)
    published, hidden = meeting_statements_add(
        meeting=meeting, text="<b>Fler träd</b>\nInte publicerad", by=None
    )
    contribution_moderate(contribution=published, action="published", by=users["official"])
    html = render_to_string("contributions/includes/meeting_statements.html", {"meeting": meeting})
    assert "&lt;b&gt;Fler träd&lt;/b&gt;" in html
    assert "Inte publicerad" not in html
