"""Following with double opt-in, notices from every app, the daily digest, unsubscribe, bounces."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, ContributionKind, ModerationState
from contributions.services.handling import contributions_tag, feedback_give
from dialog import services as dialog_services
from goals import services as goals_services
from goals.focus_areas import services as focus_areas
from goals.models import FocusAreaStatus
from tests.contributions.factories import ThemeFactory
from tests.dialog.factories import MeetingFactory, in_days
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
from tests.goals.focus_area_factories import FocusAreaFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess import outbox
from visionsprocess.drafting import services as drafting
from visionsprocess.models import (
    DeliveryState,
    Follow,
    Notice,
    NoticeDelivery,
    OutgoingEmail,
    Role,
    StageKind,
    Subscriber,
)
from visionsprocess.notices import notice_emit
from visionsprocess.notices.digest import digest_cutoff, digests_send
from visionsprocess.notices.services import (
    follow_by_token,
    follow_confirm,
    follow_implicit,
    follow_request,
    subscriber_for,
)
from visionsprocess.services import process_update

pytestmark = pytest.mark.django_db(transaction=True)


def tomorrow():
    return timezone.now() + dt.timedelta(days=1)


def digest_mails():
    return [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]


def confirmed_follower(target, email):
    follow, _sent = follow_request(target=target, email=email)
    return follow_confirm(follow=follow)


def contribution(process, email="", **fields):
    item = Contribution.objects.create(
        process=process,
        kind=fields.pop("kind", ContributionKind.IDEA),
        stage=process.stage_by_key(StageKind.DIALOGUE),
        title=fields.pop("title", "Cykelväg till Skillingaryd"),
        text="En säker cykelväg längs väg 152.",
        email=email,
        **fields,
    )
    if email:
        follow_implicit(target=item, email=email)
    return item


# --- Following --------------------------------------------------------------------------------


def test_following_by_email_waits_for_the_confirmation_link():
    process = ProcessFactory(title="Vision 2040")
    follow, sent = follow_request(target=process, email="karin@example.org")
    assert sent and follow.confirmed_at is None
    assert len(mail.outbox) == 1 and follow.confirm_token in mail.outbox[0].body
    notice_emit(
        kind="process.stage_changed",
        process=process,
        key="early",
        context={"process": "Vision 2040", "stage": "drafting", "url": "x"},
        process_followers=True,
    )
    assert not NoticeDelivery.objects.exists(), "nothing reaches an unconfirmed address"
    follow_confirm(follow=follow)
    follow_confirm(follow=follow)  # twice is harmless
    assert Follow.objects.active().count() == 1


def test_the_follow_answer_is_the_same_for_a_known_address_and_reveals_nothing(client):
    process = ProcessFactory()
    confirmed_follower(process, "karin@example.org")
    mail.outbox.clear()
    url = reverse("notices:follow", kwargs={"kind": "process", "reference": process.slug})
    first = client.post(url, {"email": "karin@example.org"}).content.decode()
    second = client.post(url, {"email": "okand@example.org"}).content.decode()
    assert 'id="follow-sent"' in first and 'id="follow-sent"' in second
    assert "karin@example.org" not in first
    assert Follow.objects.filter(subscriber__email="karin@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["karin@example.org"], ["okand@example.org"]]


def test_a_signed_in_person_follows_at_once_and_finds_it_on_my_pages(client):
    process = ProcessFactory(title="Vision 2040")
    user = UserFactory(email="ali@example.org")
    client.force_login(user)
    url = reverse("notices:follow", kwargs={"kind": "process", "reference": process.slug})
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("my_pages")
    assert Follow.objects.active().get().subscriber.user == user
    page = client.get(reverse("my_pages")).content.decode()
    assert "processen Vision 2040" in page


def test_an_expired_confirmation_link_is_gone():
    follow, _sent = follow_request(target=ProcessFactory(), email="sen@example.org")
    Follow.objects.filter(pk=follow.pk).update(created=timezone.now() - dt.timedelta(days=8))
    assert follow_by_token(follow.confirm_token) is None
    assert follow_by_token("forged") is None


def test_the_follow_form_flooded_from_one_address_is_rate_limited(client, settings):
    settings.FOLLOW_RATE_LIMIT = "3/h"
    from django.core.cache import cache

    cache.clear()
    process = ProcessFactory()
    url = reverse("notices:follow", kwargs={"kind": "process", "reference": process.slug})
    codes = [client.post(url, {"email": f"bot{n}@example.org"}).status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Subscriber.objects.count() == 3


def test_bad_input_in_the_follow_form_is_a_readable_error(client):
    process = ProcessFactory()
    url = reverse("notices:follow", kwargs={"kind": "process", "reference": process.slug})
    response = client.post(url, {"email": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Subscriber.objects.exists()


# --- Notices and the digest -----------------------------------------------------------------


def test_a_days_notices_are_gathered_into_one_digest_with_one_click_unsubscribe(client):
    process = ProcessFactory(title="Vision 2040")
    user = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    confirmed_follower(process, "karin@example.org")
    mine = contribution(process, email="karin@example.org")
    theme = ThemeFactory(process=process, name="Trygghet")
    contributions_tag(process=process, contribution_ids=[mine.pk], theme=theme, by=user)
    mail.outbox.clear()
    feedback_give(contribution=mine, text="Cykelvägen finns med i planen.", by=user)
    feedback_give(theme=theme, text="Belysningen byts 2026.", by=user)
    process_update(
        process=process, data={"current_stage": process.stage_by_key(StageKind.DRAFTING)}
    )
    assert mail.outbox == [], "nothing goes out before the digest hour"

    assert digests_send(now=tomorrow()) == 1
    assert digests_send(now=tomorrow()) == 0, "each notice is claimed once"
    [message] = mail.outbox
    assert message.to == ["karin@example.org"]
    assert "3" in message.subject and "Vision 2040" in message.subject
    for text in ("Cykelvägen finns med", "Belysningen byts 2026", "Skapande och formulering"):
        assert text in message.body
    subscriber = Subscriber.objects.get()
    unsubscribe = reverse("notices:unsubscribe", kwargs={"token": subscriber.token})
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    assert reverse("notices:manage", kwargs={"token": subscriber.token}) in message.body
    assert not message.alternatives, "plain text only: no HTML, no tracking pixel"
    assert "karin@example.org" not in message.body

    # RFC 8058: the mail program POSTs without a CSRF token; twice is harmless.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    body = {"List-Unsubscribe": "One-Click"}
    assert csrf_client.post(unsubscribe, body).status_code == 200
    assert csrf_client.post(unsubscribe, body).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.stopped_at is not None
    feedback_give(contribution=mine, text="Mer nytt.", by=user)
    assert digests_send(now=tomorrow() + dt.timedelta(days=1)) == 0


def test_an_address_following_a_process_and_its_contribution_gets_each_notice_once():
    process = ProcessFactory()
    theme = ThemeFactory(process=process)
    mine = contribution(process, email="karin@example.org")
    confirmed_follower(process, "karin@example.org")
    confirmed_follower(theme, "KARIN@example.org")
    contributions_tag(process=process, contribution_ids=[mine.pk], theme=theme, by=None)
    feedback_give(theme=theme, text="Vi bygger.", by=None)
    assert NoticeDelivery.objects.count() == 1


def test_the_same_event_emitted_twice_is_one_notice():
    process = ProcessFactory()
    for _ in range(2):
        notice_emit(
            kind="process.stage_changed",
            process=process,
            key="same-event",
            context={"process": "p", "stage": "drafting", "url": "x"},
            process_followers=True,
        )
    assert Notice.objects.count() == 1


def test_the_digest_goes_out_at_the_digest_hour(settings):
    settings.NOTICE_DIGEST_HOUR = 17
    stockholm = timezone.get_current_timezone()
    morning = dt.datetime(2026, 3, 10, 9, 0, tzinfo=stockholm)
    evening = dt.datetime(2026, 3, 10, 18, 0, tzinfo=stockholm)
    assert digest_cutoff(morning) == dt.datetime(2026, 3, 9, 17, 0, tzinfo=stockholm)
    assert digest_cutoff(evening) == dt.datetime(2026, 3, 10, 17, 0, tzinfo=stockholm)


def test_a_bouncing_address_is_recorded_and_not_mailed_again_until_it_confirms():
    process = ProcessFactory()
    follow = confirmed_follower(process, "studsar@example.org")
    bounced = OutgoingEmail.objects.create(to="studsar@example.org", subject="s", body="b")
    outbox.email_bounced.send(sender=OutgoingEmail, email=bounced)
    subscriber = Subscriber.objects.get()
    assert subscriber.bounced_at is not None
    process_update(
        process=process, data={"current_stage": process.stage_by_key(StageKind.DRAFTING)}
    )
    assert not NoticeDelivery.objects.exists()
    follow_confirm(follow=follow)
    subscriber.refresh_from_db()
    assert subscriber.bounced_at is None


def test_no_log_line_holds_an_address(caplog):
    caplog.set_level(logging.DEBUG)
    process = ProcessFactory()
    confirmed_follower(process, "hemlig.adress@example.org")
    process_update(
        process=process, data={"current_stage": process.stage_by_key(StageKind.DRAFTING)}
    )
    digests_send(now=tomorrow())
    assert "hemlig.adress" not in caplog.text


def test_the_manage_page_shows_only_a_masked_address_and_stops_one_follow(client):
    process = ProcessFactory(title="Vision 2040")
    follow = confirmed_follower(process, "karin@example.org")
    subscriber = follow.subscriber
    url = reverse("notices:manage", kwargs={"token": subscriber.token})
    page = client.get(url).content.decode()
    assert "karin@example.org" not in page and "k…@example.org" in page
    end = reverse("notices:follow_end", kwargs={"token": subscriber.token, "pk": follow.pk})
    assert client.post(end).status_code == 302
    assert client.post(end).status_code == 302  # twice is harmless
    assert not Follow.objects.active().exists()


# --- What each app pushes ---------------------------------------------------------------------


def test_a_theme_cited_in_a_consultation_draft_and_the_adopted_vision_reaches_its_senders():
    from contributions import citations

    process = ProcessFactory(title="Vision 2040")
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process, actor=politician)
    theme = ThemeFactory(process=process, name="Värdskap")
    mine = contribution(process, email="karin@example.org")
    contributions_tag(process=process, contribution_ids=[mine.pk], theme=theme, by=None)
    confirmed_follower(process, "ola@example.org")
    citations.citation_add(paragraph=version.paragraphs.get(order=4), theme=theme, actor=politician)
    drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=20), actor=politician
    )
    final = drafting.version_create_next(version=version, actor=politician)
    adopt(final, clerk=clerk, bodies=bodies_for(process))
    digests_send(now=tomorrow())
    by_address = {m.to[0]: m.body for m in digest_mails()}
    karin, ola = by_address["karin@example.org"], by_address["ola@example.org"]
    assert "remiss" in karin and "Värdskap" in karin and "Stycke 4" in karin
    assert "antagna visionen bygger på temat Värdskap" in karin
    assert "Vi tar emot besökare" in karin
    assert "remiss" in ola and "antagits" in ola and "Värdskap" not in ola


def test_an_action_plan_version_tells_those_whose_contribution_or_theme_it_rests_on():
    process = ProcessFactory(title="Vision 2040")
    theme = ThemeFactory(process=process, name="Trygghet")
    mine = contribution(process, email="karin@example.org")
    contributions_tag(process=process, contribution_ids=[mine.pk], theme=theme, by=None)
    version = ActionPlanVersionFactory(plan__process=process, year=2026, published=False)
    item = ActionPlanItemFactory(version=version, activity="Trygghetsvandring i Skillingaryd")
    item.themes.set([theme])
    ActionPlanItemFactory(version=version, activity="Något annat")
    goals_services.action_plan_version_publish(version=version)
    digests_send(now=tomorrow())
    [message] = digest_mails()
    assert "Trygghetsvandring i Skillingaryd" in message.body
    assert "Något annat" not in message.body


def test_a_focus_area_status_update_tells_those_whose_theme_it_grew_from():
    process = ProcessFactory(title="Vision 2040")
    theme = ThemeFactory(process=process, name="Skola och arbetsliv")
    mine = contribution(process, email="karin@example.org")
    contributions_tag(process=process, contribution_ids=[mine.pk], theme=theme, by=None)
    contribution(process, email="ola@example.org", title="Något annat")
    hidden = FocusAreaFactory(process=process, title="Ett utkast", is_published=False)
    area = FocusAreaFactory(process=process, title="Samverkan skola–lokalsamhälle")
    area.themes.set([theme])
    focus_areas.focus_area_update_add(
        focus_area=hidden, status=FocusAreaStatus.ONGOING, text="Ännu inte offentligt."
    )
    focus_areas.focus_area_update_add(
        focus_area=area,
        status=FocusAreaStatus.DONE,
        text="Arbetsplanen <b>tillämpas</b> i alla kommunala grundskolor.",
    )
    digests_send(now=tomorrow())
    [message] = digest_mails()
    assert message.to == ["karin@example.org"]
    assert "Samverkan skola–lokalsamhälle" in message.body and "Klar" in message.body
    assert "Arbetsplanen <b>tillämpas</b>" in message.body  # plain text, as written
    assert f"/fokusomraden/{area.pk}/" in message.body
    assert "Ännu inte offentligt" not in message.body


def test_minutes_reach_everyone_registered_and_a_new_meeting_the_process_followers():
    process = ProcessFactory(title="Vision 2040")
    confirmed_follower(process, "ola@example.org")
    meeting = MeetingFactory(process=process, title="Framtidskväll i Vaggeryd")
    dialog_services.registration_create(meeting=meeting, name="Karin", email="karin@example.org")
    dialog_services.meeting_record(
        meeting=meeting, minutes="Vi pratade om cykelvägar.", main_points="", participant_count=40
    )
    dialog_services.meeting_record(
        meeting=meeting, minutes="Rättat protokoll.", main_points="", participant_count=40
    )
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
    mail.outbox.clear()
    digests_send(now=tomorrow())
    by_address = {m.to[0]: m.body for m in digest_mails()}
    assert by_address["karin@example.org"].count("Framtidskväll i Vaggeryd") == 1
    assert "Dialogmöte i Hok" not in by_address["karin@example.org"]
    assert "Framtidskväll i Vaggeryd" in by_address["ola@example.org"]
    assert "Dialogmöte i Hok" in by_address["ola@example.org"]


def test_waiting_deliveries_of_an_unsubscribed_address_are_skipped():
    process = ProcessFactory()
    follow = confirmed_follower(process, "karin@example.org")
    process_update(
        process=process, data={"current_stage": process.stage_by_key(StageKind.DRAFTING)}
    )
    from visionsprocess.notices.services import subscriber_stop

    subscriber_stop(subscriber=follow.subscriber)
    assert NoticeDelivery.objects.get().state == DeliveryState.SKIPPED
    assert digests_send(now=tomorrow()) == 0


# --- Mina sidor and login ---------------------------------------------------------------------


def test_a_citizen_logs_in_to_my_pages_and_never_to_a_403(client):
    from tests.factories import PASSWORD

    citizen = UserFactory(email="medborgare@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=citizen, email=citizen.email, defaults={"verified": True, "primary": True}
    )
    login = reverse("account_login")
    response = client.post(login, {"login": citizen.email, "password": PASSWORD})
    assert response["Location"] == reverse("my_pages")
    client.logout()
    response = client.post(f"{login}?next=/staff/", {"login": citizen.email, "password": PASSWORD})
    response = client.get(response["Location"])
    assert response.status_code == 302, "the staff area sends a citizen on, never a 403"
    assert response["Location"] == reverse("my_pages")
    client.logout()
    process = ProcessFactory()
    response = client.post(
        f"{login}?next={process.get_absolute_url()}", {"login": citizen.email, "password": PASSWORD}
    )
    assert response["Location"] == process.get_absolute_url(), "back where they came from"


def test_an_official_logs_in_to_the_staff_area(client):
    from allauth.account.models import EmailAddress

    from tests.factories import PASSWORD

    official = ProcessRoleFactory(role=Role.OFFICIAL).user
    EmailAddress.objects.update_or_create(
        user=official, email=official.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"), {"login": official.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("staff:home")


def test_my_pages_list_contributions_registrations_and_follows(client):
    process = ProcessFactory(title="Vision 2040")
    user = UserFactory(email="karin@example.org")
    mine = contribution(process, email="karin@example.org", author=user)
    meeting = MeetingFactory(process=process, title="Framtidskväll")
    registration = dialog_services.registration_create(
        meeting=meeting, name="Karin", email="karin@example.org", user=user
    )
    client.force_login(user)
    page = client.get(reverse("my_pages")).content.decode()
    assert mine.title in page
    assert reverse("contributions:track", args=[mine.tracking_token]) in page
    assert "Framtidskväll" in page
    assert reverse("dialog:registration_cancel", args=[registration.token]) in page
    assert reverse("dialog:registration_ics", args=[registration.token]) in page
    assert "ditt bidrag" in page.lower()


def test_a_contribution_sent_without_an_account_is_claimed_from_its_tracking_link(client):
    process = ProcessFactory()
    sent = contribution(process, email="karin@example.org")
    user = UserFactory()
    client.force_login(user)
    track = client.get(reverse("contributions:track", args=[sent.tracking_token])).content
    assert b'id="claim-contribution"' in track and b"Cykelv\xc3\xa4g till Skillingaryd" in track
    response = client.post(reverse("contributions:claim", args=[sent.tracking_token]))
    assert response["Location"] == reverse("my_pages")
    sent.refresh_from_db()
    assert sent.author == user
    other = UserFactory()
    client.force_login(other)
    client.post(reverse("contributions:claim", args=[sent.tracking_token]))
    sent.refresh_from_db()
    assert sent.author == user, "a claimed contribution stays with its account"


def test_public_feedback_shows_on_the_wall_under_the_contribution(client):
    process = ProcessFactory()
    published = contribution(
        process, consent_to_publish=True, moderation_state=ModerationState.PUBLISHED
    )
    feedback_give(contribution=published, text="Tack, <b>vi</b> tar med det.", by=None)
    page = client.get(reverse("contributions:wall", args=[process.slug])).content.decode()
    assert "Tack, &lt;b&gt;vi&lt;/b&gt; tar med det." in page


def test_subscriber_for_is_case_insensitive():
    assert subscriber_for(email="A@example.org") == subscriber_for(email="a@EXAMPLE.org")
