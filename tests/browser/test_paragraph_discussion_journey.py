"""The discussion of a draft on consultation on a 360 px phone: a citizen reads the draft with
each paragraph's counts, comments on a paragraph and agrees with it, an official answers as the
municipality and finds a paragraph comment in the moderation queue. axe-core on every new
page."""

import datetime as dt
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contributions.models import Comment, CommentModeration, DiscussionSettings
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import ParagraphKind, Role

SHOTS = os.environ.get("VP_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(
        slug="framtidsbygget", title="Framtidsbygget", current_stage="drafting"
    )
    DiscussionSettings.objects.create(process=process, comment_moderation=CommentModeration.POST)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    consultation = drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=14), actor=official
    )
    paragraph = version.paragraphs.filter(kind=ParagraphKind.BODY).order_by("order").first()
    return {
        "process": process,
        "official": official,
        "consultation": consultation,
        "paragraph": paragraph,
    }


def test_citizen_comments_and_agrees_on_a_paragraph_and_an_official_answers(mobile_page, world):
    page = mobile_page
    consultation_path = f"/process/framtidsbygget/remiss/{world['consultation'].pk}/"
    paragraph_path = f"{consultation_path}stycke/{world['paragraph'].pk}/"

    # Signed out: the draft shows each paragraph's discussion; the paragraph page invites.
    page.goto(consultation_path)
    expect(page.locator(".paragraph-discussion").first).to_contain_text("0 kommentarer")
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    page.locator(".paragraph-discussion-link").first.click()
    expect(page).to_have_url(re.compile(re.escape(paragraph_path)))
    expect(page.locator("#discussion-invite")).to_be_visible()
    assert_accessible(page)
    shot(page, "paragraph_signed_out")

    # A signed-in citizen agrees (in place) and comments.
    login(page, UserFactory(first_name="Elin"))
    page.goto(paragraph_path)
    page.locator(".support-button").click()
    expect(page.locator(".support-button")).to_have_text(re.compile(r"Håller med \(1\)"))
    page.locator("#id_text").fill("Nämn gärna skolorna här, de är viktiga samarbetspartner.")
    page.locator("#post-comment").click()
    expect(page.locator(".comment-list")).to_contain_text("Nämn gärna skolorna")
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    shot(page, "paragraph_commented")
    page.context.clear_cookies()

    # The official answers the comment as the municipality.
    login(page, world["official"])
    page.goto(paragraph_path)
    first = Comment.objects.get(paragraph=world["paragraph"])
    block = page.locator(f"#kommentar-{first.pk}")
    block.locator("summary").click()
    block.locator("textarea").fill("Tack! Skolorna kommer med i nästa version.")
    block.locator("input[name=official_answer]").check()
    block.get_by_role("button", name="Skicka svar").click()
    expect(page.locator(".comment-official")).to_contain_text("Kommunens svar")
    assert_accessible(page)
    shot(page, "paragraph_answered")

    # The counts on the consultation page, and the comment in the moderation queue.
    page.goto(consultation_path)
    expect(page.locator(".paragraph-discussion").first).to_contain_text("2 kommentarer")
    expect(page.locator(".paragraph-discussion").first).to_contain_text("1 håller med")
    shot(page, "consultation_counts")
    from contributions.services.comment_moderation import comment_report

    comment_report(comment=first, ip="10.0.0.1", user=UserFactory(), reason="spam")
    page.goto("/staff/processer/framtidsbygget/moderering/")
    expect(page.locator(f"#queue-comment-{first.pk}")).to_contain_text("Öppna stycket")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    shot(page, "moderation_queue")
