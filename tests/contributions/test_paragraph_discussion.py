"""The discussion of each paragraph of a draft on consultation: services (comments, replies,
"Håller med", reports, moderation, notices) and pages (the paragraph page, the counts on the
consultation page, tenancy, bad input)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

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
from contributions.views.discussion import PARTICIPANT_COOKIE, PARTICIPANT_SALT
from tests.contributions.discussion_factories import ParticipantFactory
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import HostName, Notice, ParagraphKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The services' messages in English (the pages answer in the request's language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    process = ProcessFactory(current_stage="drafting")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    consultation = drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=10), actor=official
    )
    services.discussion_settings_set(process=process, comment_moderation=CommentModeration.POST)
    paragraph = version.paragraphs.get(order=2)
    translation.activate("en")  # sending the consultation switched to the municipality's language
    return {
        "process": process,
        "official": official,
        "version": version,
        "consultation": consultation,
        "paragraph": paragraph,
        "heading": version.paragraphs.get(kind=ParagraphKind.HEADING),
    }


def citizen(email=None):
    return services.Voice(user=UserFactory(**({"email": email} if email else {})))


def page_url(world, name="paragraph", paragraph=None, *extra):
    paragraph = paragraph or world["paragraph"]
    return reverse(
        f"contributions:{name}",
        args=[world["process"].slug, world["consultation"].pk, paragraph.pk, *extra],
    )


def close(world):
    world["consultation"].deadline = timezone.localdate() - dt.timedelta(days=1)
    world["consultation"].save(update_fields=["deadline"])


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory())
    return client


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


# --- Pages ------------------------------------------------------------------------------------


def test_consultation_page_shows_each_paragraph_with_its_counts_and_link(client, world):
    services.paragraph_comment_post(paragraph=world["paragraph"], voice=citizen(), text="Bra")
    services.paragraph_support_add(paragraph=world["paragraph"], voice=citizen("x@example.org"))
    url = reverse("drafting:consultation", args=[world["process"].slug, world["consultation"].pk])
    html = client.get(url).content.decode()
    assert page_url(world) in html
    assert "1 kommentar" in html and "1 håller med" in html
    assert page_url(world, "paragraph", world["heading"]) not in html


def test_consultation_page_queries_do_not_grow_with_comments(client, world):
    url = reverse("drafting:consultation", args=[world["process"].slug, world["consultation"].pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for n in range(15):
        paragraph = world["version"].paragraphs.filter(kind=ParagraphKind.BODY)[n % 3]
        voice = citizen()
        services.paragraph_comment_post(paragraph=paragraph, voice=voice, text=f"Kommentar {n}")
        services.paragraph_support_add(paragraph=paragraph, voice=voice)
    assert count() == small


def test_paragraph_page_queries_do_not_grow_with_comments(client, world):
    url = page_url(world)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    top = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Första"
    )
    for n in range(12):
        services.paragraph_comment_post(
            paragraph=world["paragraph"],
            voice=citizen(f"q{n}@example.org"),
            text=f"Svar {n}",
            parent=top if n % 2 else None,
        )
    assert count() == small


def test_signed_out_visitor_reads_and_is_invited(client, world):
    services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Tänk på de äldre."
    )
    html = client.get(page_url(world)).content.decode()
    assert "Tänk på de äldre." in html and 'id="discussion-invite"' in html
    assert page_url(world, "paragraph_participant") in html
    assert 'id="comment-form"' not in html
    assert world["paragraph"].text in html


def test_signed_in_citizen_comments_replies_and_supports_through_the_pages(world):
    client = signed_in(UserFactory(first_name="Karin"))
    response = client.post(page_url(world, "paragraph_comment"), {"text": "Lägg till skolorna."})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#kommentar-{comment.pk}")
    assert comment.display_name == "" or comment.paragraph == world["paragraph"]
    other = signed_in()
    other.post(page_url(world, "paragraph_comment"), {"text": "Håller med!", "parent": comment.pk})
    assert Comment.objects.filter(parent=comment).count() == 1
    response = other.post(page_url(world, "paragraph_support"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    html = client.get(page_url(world)).content.decode()
    assert "Lägg till skolorna." in html and "Håller med!" in html


def test_script_in_a_comment_is_shown_as_text(world):
    client = signed_in()
    client.post(page_url(world, "paragraph_comment"), {"text": "<script>alert(1)</script> hej"})
    html = client.get(page_url(world)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_oversize_and_personal_data_come_back_with_the_text_kept(world):
    client = signed_in()
    response = client.post(page_url(world, "paragraph_comment"), {"text": "x" * 2500})
    assert response.status_code == 200 and 'id="form-errors"' in response.content.decode()
    response = client.post(page_url(world, "paragraph_comment"), {"text": "Ring 070-123 45 67"})
    html = response.content.decode()
    assert response.status_code == 200 and "Ring 070-123 45 67" in html
    assert "personal_data_ok" in html
    assert not Comment.objects.exists()


def test_a_citizen_cannot_answer_as_the_municipality(world):
    client = signed_in()
    client.post(
        page_url(world, "paragraph_comment"), {"text": "Jag är kommunen", "official_answer": "on"}
    )
    assert not Comment.objects.get().is_official_answer


def test_an_official_answers_through_the_page(world):
    top = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Varför inte skolorna?"
    )
    client = signed_in(world["official"])
    assert 'name="official_answer"' in client.get(page_url(world)).content.decode()
    client.post(
        page_url(world, "paragraph_comment"),
        {"text": "Skolorna kommer med.", "official_answer": "on", "parent": top.pk},
    )
    answer = Comment.objects.get(parent=top)
    assert answer.is_official_answer
    assert "Kommunens svar" in client.get(page_url(world)).content.decode()


def test_a_confirmed_participant_comments_with_the_cookie(world):
    participant = ParticipantFactory()
    client = Client()
    client.cookies[PARTICIPANT_COOKIE] = client_signed(participant)
    client.post(page_url(world, "paragraph_comment"), {"text": "Utan konto", "display_name": "K"})
    assert Comment.objects.get().participant == participant


def client_signed(participant):
    from django.core.signing import get_cookie_signer

    return get_cookie_signer(salt=PARTICIPANT_COOKIE + PARTICIPANT_SALT).sign(str(participant.pk))


def test_taking_part_with_an_address_sends_a_link_back_to_the_paragraph(
    client, world, django_capture_on_commit_callbacks
):
    from urllib.parse import unquote

    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_url(world, "paragraph_participant"), {"email": "ny@example.org"}
        )
    assert response.status_code == 200 and 'id="participant-sent"' in response.content.decode()
    assert page_url(world) in unquote(mail.outbox[-1].body)


def test_report_of_a_paragraph_comment_through_the_page(world):
    comment = services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Reklam"
    )
    client = signed_in()
    response = client.post(
        page_url(world, "paragraph_comment_report", None, comment.pk),
        {"reason": "spam"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and comment.reports.count() == 1


def test_closed_consultation_page_is_read_only(client, world):
    services.paragraph_comment_post(paragraph=world["paragraph"], voice=citizen(), text="Tidig")
    close(world)
    html = client.get(page_url(world)).content.decode()
    assert "Tidig" in html and 'id="discussion-invite"' not in html
    response = signed_in().post(page_url(world, "paragraph_comment"), {"text": "För sent"})
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_a_heading_or_a_paragraph_of_another_consultation_is_404(client, world):
    assert client.get(page_url(world, "paragraph", world["heading"])).status_code == 404
    other = ProcessFactory(current_stage="drafting")
    _r, version = draft_world(other)
    foreign = version.paragraphs.filter(kind=ParagraphKind.BODY).first()
    assert client.get(page_url(world, "paragraph", foreign)).status_code == 404


def test_paragraph_comments_of_one_municipality_are_never_seen_at_the_others_host(world):
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    HostName.objects.create(municipality=vansbro, host="dialog.vansbro.test", is_primary=True)
    services.paragraph_comment_post(
        paragraph=world["paragraph"], voice=citizen(), text="Bara i Vaggeryd"
    )
    at_vansbro = Client(HTTP_HOST="dialog.vansbro.test")
    assert at_vansbro.get(page_url(world)).status_code == 404
    comment = Comment.objects.get()
    response = at_vansbro.post(page_url(world, "paragraph_comment_report", None, comment.pk))
    assert response.status_code == 404
