"""Every promise of "Följ processen" is kept: whoever follows the process hears of each kind of
event the follow page names, in the next daily digest.

The page promises "feedback from the municipality, a draft out for consultation, the adopted
vision, new meetings and minutes, the action plan". Each promise below is one event, made
through the service an official uses, and the follower of the process (who follows nothing
else) must find it in the digest.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, ContributionKind, ModerationState
from contributions.services.handling import contributions_tag, feedback_give
from dialog import services as dialog_services
from goals import services as goals_services
from tests.contributions.factories import ThemeFactory
from tests.dialog.factories import MeetingFactory, in_days
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import NoticeDelivery, Role, StageKind
from visionsprocess.notices.digest import digests_send
from visionsprocess.notices.services import follow_confirm, follow_implicit, follow_request

pytestmark = pytest.mark.django_db(transaction=True)

FOLLOWER = "ola.foljer@example.org"


def _follower(target, email=FOLLOWER):
    follow, _sent = follow_request(target=target, email=email)
    return follow_confirm(follow=follow)


def _contribution(process, *, published=True, email="", title="Cykelväg till Skillingaryd"):
    item = Contribution.objects.create(
        process=process,
        kind=ContributionKind.IDEA,
        stage=process.stage_by_key(StageKind.DIALOGUE),
        title=title,
        text="En säker cykelväg längs väg 152.",
        email=email,
        moderation_state=ModerationState.PUBLISHED if published else ModerationState.NEW,
        consent_to_publish=published,
    )
    if email:
        follow_implicit(target=item, email=email)
    return item


def _digest_to(address):
    digests_send(now=timezone.now() + dt.timedelta(days=1))
    bodies = [
        m.body for m in mail.outbox if m.to == [address] and "List-Unsubscribe" in m.extra_headers
    ]
    assert len(bodies) == 1, f"one digest to {address}, got {len(bodies)}"
    return bodies[0]


def feedback_on_a_contribution(process, official):
    item = _contribution(process)
    feedback_give(contribution=item, text="Cykelvägen byggs 2027.", by=official)
    return ["Återkoppling på bidraget ”Cykelväg till Skillingaryd”", "Cykelvägen byggs 2027."]


def feedback_on_a_theme(process, official):
    theme = ThemeFactory(process=process, name="Trygghet")
    item = _contribution(process)
    contributions_tag(process=process, contribution_ids=[item.pk], theme=theme, by=official)
    feedback_give(theme=theme, text="Belysningen i Hok byts 2027.", by=official)
    return ["Återkoppling om temat Trygghet", "Belysningen i Hok byts 2027."]


def a_draft_out_for_consultation(process, official):
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=20), actor=politician
    )
    return ["remiss"]


def the_adopted_vision(process, official):
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process, actor=politician)
    adopt(version, clerk=clerk, bodies=bodies_for(process))
    return ["antagits"]


def a_new_meeting(process, official):
    dialog_services.meeting_create(
        process=process,
        data={
            "kind": "broad",
            "format": "physical",
            "title": "Dialogmöte i Hok",
            "starts_at": in_days(20),
            "ends_at": in_days(20) + dt.timedelta(hours=2),
        },
    )
    return ["Dialogmöte i Hok"]


def minutes_of_a_meeting(process, official):
    meeting = MeetingFactory(process=process, title="Framtidskväll i Vaggeryd")
    NoticeDelivery.objects.all().delete()  # the meeting's own announcement is another promise
    dialog_services.meeting_record(
        meeting=meeting, minutes="Vi pratade om cykelvägar.", main_points="", participant_count=40
    )
    return ["Framtidskväll i Vaggeryd"]


def the_action_plan(process, official):
    version = ActionPlanVersionFactory(plan__process=process, year=2027, published=False)
    ActionPlanItemFactory(version=version, activity="Trygghetsvandring i Skillingaryd")
    goals_services.action_plan_version_publish(version=version)
    return ["2027"]


PROMISES = {
    "feedback from the municipality (on a contribution)": feedback_on_a_contribution,
    "feedback from the municipality (on a theme)": feedback_on_a_theme,
    "a draft out for consultation": a_draft_out_for_consultation,
    "the adopted vision": the_adopted_vision,
    "new meetings": a_new_meeting,
    "minutes": minutes_of_a_meeting,
    "the action plan": the_action_plan,
}


def test_the_follow_page_promises_exactly_what_is_walked_here(client):
    """If the page promises something new, it must be walked here too."""
    process = ProcessFactory()
    url = reverse("notices:follow", args=["process", process.slug])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    lead = page.split('<p class="lead">', 1)[1].split("</p>", 1)[0]
    promised = lead.split(": ", 1)[1].rstrip(".").replace(" and ", ", ").split(", ")
    assert promised == [
        "feedback from the municipality",
        "a draft out for consultation",
        "the adopted vision",
        "new meetings",
        "minutes",
        "the action plan",
    ]
    for promise in promised:
        assert any(key.startswith(promise) for key in PROMISES), promise
    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "återkoppling från kommunen" in swedish


@pytest.mark.parametrize("promise", list(PROMISES), ids=list(PROMISES))
def test_a_process_follower_hears_of(promise):
    process = ProcessFactory(title="Vision 2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _follower(process)
    mail.outbox.clear()
    expected = PROMISES[promise](process, official)
    body = _digest_to(FOLLOWER)
    for text in expected:
        assert text in body


def test_feedback_on_an_unpublished_contribution_reaches_only_its_sender():
    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _follower(process)
    item = _contribution(process, published=False, email="karin@example.org")
    feedback_give(contribution=item, text="Tack, vi läser det.", by=official)
    digests_send(now=timezone.now() + dt.timedelta(days=1))
    assert [m.to for m in mail.outbox if "List-Unsubscribe" in m.extra_headers] == [
        ["karin@example.org"]
    ]


def test_the_sender_who_also_follows_the_process_hears_once_with_the_private_link():
    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _follower(process, "karin@example.org")
    item = _contribution(process, email="karin@example.org")
    feedback_give(contribution=item, text="Cykelvägen byggs 2027.", by=official)
    body = _digest_to("karin@example.org")
    assert body.count("Cykelvägen byggs 2027.") == 1
    assert "ditt bidrag" in body and item.tracking_token in body


def test_a_process_follower_gets_the_wall_link_not_the_private_one():
    process = ProcessFactory()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _follower(process)
    item = _contribution(process, email="karin@example.org")
    feedback_give(contribution=item, text="<script>alert(1)</script>", by=official)
    body = _digest_to(FOLLOWER)
    assert item.tracking_token not in body
    assert f"#bidrag-{item.pk}" in body


def test_send_digests_now_sends_every_waiting_notice_whatever_the_hour(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.NOTICE_DIGEST_HOUR = (timezone.localtime().hour + 1) % 24  # the hour is still ahead
    process = ProcessFactory(title="Vision 2040")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _follower(process)
    mail.outbox.clear()
    feedback_on_a_theme(process, official)
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "0 digest" in out.getvalue()
    call_command("send_digests", "--now", stdout=out)
    assert "1 digest" in out.getvalue()
    assert [m.to for m in mail.outbox if "List-Unsubscribe" in m.extra_headers] == [[FOLLOWER]]
