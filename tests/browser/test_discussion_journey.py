"""The discussion on a 360 px phone: a signed-in citizen agrees with an idea and comments, a
neighbour without an account confirms an e-mail address and replies, an official answers as the
municipality and hides a spam comment from the moderation queue. axe-core on every new page."""

import re

import pytest
from playwright.sync_api import expect

from contributions.models import Comment, CommentModeration, DiscussionSettings, Participant
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.contributions.discussion_factories import CommentFactory
from tests.contributions.factories import PublishedContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import Role, StageKind


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(
        slug="vision-2040", title="Vision 2040", current_stage=StageKind.DIALOGUE
    )
    DiscussionSettings.objects.create(process=process, comment_moderation=CommentModeration.POST)
    idea = PublishedContributionFactory(
        process=process,
        title="Cykelväg mellan Skillingaryd och Vaggeryd",
        text="En säker och belyst cykelväg längs väg 30.",
    )
    spam = CommentFactory(
        contribution=idea, text="Köp billiga klockor på klockor.example", display_name="Erbjudande"
    )
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    return {"process": process, "idea": idea, "spam": spam, "official": official}


def detail_path(world):
    return f"/process/{world['process'].slug}/bidrag/{world['idea'].pk}/"


def test_citizens_discuss_and_an_official_answers_and_hides_spam(mobile_page, world):
    page = mobile_page
    # Signed out: the discussion is readable, with an invitation to take part.
    page.goto(detail_path(world))
    expect(page.locator("#discussion-invite")).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    # A signed-in citizen agrees (in place) and comments.
    citizen = UserFactory(first_name="Elin")
    login(page, citizen)
    page.goto(detail_path(world))
    page.locator(".support-button").click()
    expect(page.locator(".support-button")).to_have_text(re.compile(r"Håller med \(1\)"))
    expect(page.locator("#moderation-note")).to_contain_text("direkt")
    page.locator("#id_text").fill("Ja! Då kan barnen cykla själva till träningen.")
    page.locator("#post-comment").click()
    expect(page.locator(".alert-success, .messages, [role=status]").first).to_be_visible()
    expect(page.locator(".comment-list")).to_contain_text("Då kan barnen cykla själva")
    assert_accessible(page)
    page.context.clear_cookies()

    # A neighbour without an account confirms an address by link and replies.
    page.goto(detail_path(world))
    page.locator("#discussion-email").click()
    expect(page).to_have_url(re.compile(r"/delta/$"))
    assert_accessible(page)
    page.locator("#id_email").fill("granne@example.org")
    page.locator("#id_display_name").fill("Granne i Hok")
    page.locator("#participant-form button[type=submit]").click()
    expect(page.locator("#participant-sent")).to_be_visible()
    assert_accessible(page)
    token = Participant.objects.get(subscriber__email="granne@example.org").confirm_token
    page.goto(f"/bidrag/delta/bekrafta/{token}/?next={detail_path(world)}")
    assert_accessible(page)
    page.locator("#participant-confirm").click()
    expect(page).to_have_url(re.compile(re.escape(detail_path(world))))
    first = Comment.objects.get(text__startswith="Ja! Då kan barnen")
    block = page.locator(f"#kommentar-{first.pk}")
    block.locator("summary").click()
    block.locator("textarea").fill("Och med belysning vågar fler cykla på vintern.")
    block.get_by_role("button", name="Skicka svar").click()
    expect(page.locator(f"#kommentar-{first.pk} .reply-list")).to_contain_text("belysning")
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    # The official answers as the municipality and hides the spam comment with a reason.
    login(page, world["official"])
    page.goto(detail_path(world))
    page.locator("#id_text").fill("Tack! Cykelvägen finns med i kommunens planering.")
    page.locator("#id_official_answer").check()
    page.locator("#post-comment").click()
    expect(page.locator(".comment-official")).to_contain_text("Kommunens svar")
    # A reader reported the spam comment: it is in the officials' queue with the reason.
    spam = world["spam"]
    from contributions.services.comment_moderation import comment_report

    comment_report(comment=spam, ip="10.0.0.1", user=UserFactory(), reason="spam")
    page.goto(f"/staff/processer/{world['process'].slug}/moderering/")
    expect(page.locator(f"#queue-comment-{spam.pk}")).to_contain_text("Reklam eller spam")
    assert_accessible(page)
    page.locator(f"#pick-comment-{spam.pk}").check()
    page.locator("#id_action").select_option("hide")
    page.locator("#id_reason").fill("Reklam")
    page.locator("#queue-submit").click()
    expect(page.locator(f"#queue-comment-{spam.pk}")).to_have_count(0)
    assert_no_sideways_scroll(page)
    spam.refresh_from_db()
    assert spam.state == "hidden" and spam.hidden_reason == "Reklam"
    page.goto(detail_path(world))
    expect(page.locator(".comment-list")).not_to_contain_text("billiga klockor")
