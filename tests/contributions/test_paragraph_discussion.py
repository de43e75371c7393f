"""The discussion of each paragraph of a draft on consultation: services (comments, replies,
"Håller med", reports, moderation, notices). The pages: ``test_paragraph_discussion_views.py``."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from contributions.models import (
    Comment,
    CommentModeration,
    CommentState,
    ModerationAction,
    ModerationEvent,
    Support,
)
from contributions.selectors import discussion as queue_selectors
from contributions.services import comment_moderation as moderation
from contributions.services import discussion as services
from tests.contributions.discussion_factories import ParticipantFactory
from tests.contributions.paragraph_world import (  # noqa: F401 (fixtures)
    citizen,
    close,
    english_messages_fixture,
    world_fixture,
)
from tests.factories import ProcessFactory, UserFactory
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Notice, ParagraphKind

pytestmark = pytest.mark.django_db


# --- Services ---------------------------------------------------------------------------------


def test_citizen_comments_on_a_paragraph_and_it_is_published_under_post_moderation(world):
    comment = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Skolorna borde nämnas här."
    )
    assert comment.state == CommentState.PUBLISHED
    assert comment.paragraph == world["paragraph"] and comment.contribution is None
    assert comment.process == world["process"]


def test_pre_moderation_keeps_the_paragraph_comment_waiting(world):
    services.discussion_settings_set(
        process=world["process"], comment_moderation=CommentModeration.PRE
    )
    comment = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Skolorna borde nämnas här."
    )
    assert comment.state == CommentState.PENDING
    assert queue_selectors.pending_comment_count(process=world["process"]) == 1


def test_official_answers_as_the_municipality_and_it_is_published_at_once(world):
    services.discussion_settings_set(
        process=world["process"], comment_moderation=CommentModeration.PRE
    )
    answer = services.paragraph_comment_post(
        paragraph=world["paragraph"],
        voice=services.Voice(user=world["official"]),
        text="Tack, vi lägger till skolorna i nästa version.",
        official_answer=True,
    )
    assert answer.is_official_answer and answer.state == CommentState.PUBLISHED
    assert answer.links_allowed


def test_one_level_of_replies_only(world):
    top = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Första kommentaren"
    )
    reply = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen("b@example.org"), text="Svar", parent=top
    )
    with pytest.raises(ValidationError, match="not to a reply"):
        services.paragraph_comment_post(
            paragraph=world["paragraph"], voice=citizen("c@example.org"), text="Nej", parent=reply
        )


def test_reply_to_a_comment_of_another_paragraph_is_refused(world):
    other = world["version"].paragraphs.get(order=3)
    top = services.paragraph_comment_post(paragraph=other, voice=citizen(), text="Om värdskap")
    with pytest.raises(ValidationError, match="not shown here"):
        services.paragraph_comment_post(
            paragraph=world["paragraph"], voice=citizen("b@example.org"), text="Svar", parent=top
        )


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Write your comment"),
        ("x" * 2001, "at most 2000"),
        ("a http://a.se b http://b.se c http://c.se", "at most 2 links"),
        ("Ring mig på 070-123 45 67", "personal identity number or a phone"),
        ("Mitt personnummer är 19811218-9876", "personal identity number or a phone"),
    ],
)
def test_the_text_rules_of_contributions_hold(world, text, message):
    with pytest.raises(ValidationError, match=message):
        services.paragraph_comment_post(paragraph=world["paragraph"], voice=citizen(), text=text)
    assert not Comment.objects.exists()


def test_personal_data_posted_anyway_is_flagged(world):
    comment = services.paragraph_comment_post(
        paragraph=world["paragraph"],
        voice=citizen(),
        text="Ring mig på 070-123 45 67",
        personal_data_ok=True,
    )
    assert comment.personal_data_flagged


def test_nobody_takes_part_without_an_account_or_confirmed_address(world):
    unconfirmed = ParticipantFactory(confirmed_at=None)
    for voice in (services.Voice(), services.Voice(participant=unconfirmed)):
        with pytest.raises(ValidationError, match="Log in"):
            services.paragraph_comment_post(paragraph=world["paragraph"], voice=voice, text="Hej")
        with pytest.raises(ValidationError, match="Log in"):
            services.paragraph_support_add(paragraph=world["paragraph"], voice=voice)


def test_support_once_per_person_across_account_and_confirmed_address(world):
    voice = citizen("anna@example.org")
    _s, new = services.paragraph_support_add(paragraph=world["paragraph"], voice=voice)
    _s, again = services.paragraph_support_add(paragraph=world["paragraph"], voice=voice)
    participant = ParticipantFactory(subscriber__email="anna@example.org")
    _s, as_address = services.paragraph_support_add(
        paragraph=world["paragraph"], voice=services.Voice(participant=participant)
    )
    assert (new, again, as_address) == (True, False, False)
    assert Support.objects.filter(paragraph=world["paragraph"]).count() == 1
    assert services.paragraph_has_supported(paragraph=world["paragraph"], voice=voice)


def test_a_closed_consultation_takes_no_comment_or_support(world):
    close(world)
    with pytest.raises(ValidationError, match="consultation has closed"):
        services.paragraph_comment_post(paragraph=world["paragraph"], voice=citizen(), text="Sent")
    with pytest.raises(ValidationError, match="consultation has closed"):
        services.paragraph_support_add(paragraph=world["paragraph"], voice=citizen())


def test_a_paragraph_of_a_version_not_on_consultation_takes_nothing(world):
    new_version = drafting.version_create_next(version=world["version"], actor=world["official"])
    paragraph = new_version.paragraphs.filter(kind=ParagraphKind.BODY).first()
    with pytest.raises(ValidationError, match="not out on consultation"):
        services.paragraph_comment_post(paragraph=paragraph, voice=citizen(), text="Hej")


def test_three_people_hide_a_paragraph_comment_and_two_accounts_plus_a_signed_out_do_not(world):
    comment = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Köp billiga klockor"
    )
    old = timezone.now() - dt.timedelta(days=30)
    reporters = [UserFactory(date_joined=old) for _ in range(3)]  # verified addresses
    for n, user in enumerate(reporters[:2]):
        moderation.comment_report(comment=comment, ip=f"10.0.0.{n}", user=user)
    moderation.comment_report(comment=comment, ip="10.0.0.9", user=None)
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
    moderation.comment_report(comment=comment, ip="10.0.0.3", user=reporters[2])
    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN and comment.hidden_reason
    event = ModerationEvent.objects.get(comment=comment)
    assert event.contribution_id is None and event.action == ModerationAction.COMMENT_HIDDEN


def test_moderation_queue_lists_paragraph_comments_and_acts_in_bulk_with_audit(world):
    services.discussion_settings_set(
        process=world["process"], comment_moderation=CommentModeration.PRE
    )
    waiting = [
        services.paragraph_comment_post(
            paragraph=world["paragraph"], voice=citizen(f"p{n}@example.org"), text=f"Text {n}"
        )
        for n in range(3)
    ]
    queue = queue_selectors.moderation_queue(process=world["process"])
    assert {c.pk for c in queue.comments} == {c.pk for c in waiting}
    ids = [c.pk for c in waiting]
    assert (
        moderation.comments_approve(
            process=world["process"], comment_ids=ids[:2], by=world["official"]
        )
        == 2
    )
    assert (
        moderation.comments_hide(
            process=world["process"], comment_ids=ids[2:], by=world["official"], reason="Reklam"
        )
        == 1
    )
    states = dict(Comment.objects.values_list("pk", "state"))
    assert [states[i] for i in ids] == ["published", "published", "hidden"]
    events = ModerationEvent.objects.filter(comment_id__in=ids)
    assert events.count() == 3 and all(e.by == world["official"] for e in events)
    assert events.get(comment_id=ids[2]).reason == "Reklam"


def test_another_process_cannot_moderate_the_paragraph_comments(world):
    comment = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Skolorna"
    )
    other = ProcessFactory()
    n = moderation.comments_hide(
        process=other, comment_ids=[comment.pk], by=world["official"], reason="x"
    )
    assert n == 0
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED


def test_writers_and_followers_hear_of_it_in_one_digest_notice(world):
    top = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Första"
    )
    for n in range(3):
        services.paragraph_comment_post(
            paragraph=world["paragraph"],
            voice=citizen(f"r{n}@example.org"),
            text=f"Svar {n}",
            parent=top,
        )
    services.paragraph_support_add(paragraph=world["paragraph"], voice=citizen("s@example.org"))
    assert Notice.objects.filter(kind="contributions.replies").count() == 1
    assert Notice.objects.filter(kind="contributions.paragraph_discussion").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_supporting_at_once_are_both_counted_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent connections: PostgreSQL")
    voices = [citizen(f"samtidigt{n}@example.org") for n in range(2)] * 2
    errors = []

    def go(voice):
        try:
            services.paragraph_support_add(paragraph=world["paragraph"], voice=voice)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(v,)) for v in voices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Support.objects.filter(paragraph=world["paragraph"]).count() == 2


def test_the_same_person_supporting_twice_at_once_keeps_one(world):
    """The unique constraint, not a read-then-write, keeps one (as for contributions)."""
    voice = citizen()
    key = services.voter_key(voice)
    Support.objects.create(paragraph=world["paragraph"], voter_key=key, user=voice.user)
    _s, new = services.paragraph_support_add(paragraph=world["paragraph"], voice=voice)
    assert new is False and Support.objects.count() == 1
