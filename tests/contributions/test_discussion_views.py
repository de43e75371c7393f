"""The discussion as a visitor meets it: the contribution page, commenting, "Håller med",
taking part with an e-mail address, the wall's orders and counts, the officials' queue."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from contributions.models import (
    Comment,
    CommentModeration,
    CommentState,
    ModerationState,
    Participant,
    Support,
)
from contributions.services import discussion as services
from contributions.views.discussion import PARTICIPANT_COOKIE
from tests.conftest import set_rate
from tests.contributions.discussion_factories import (
    CommentFactory,
    ParticipantFactory,
    SupportFactory,
)
from tests.contributions.factories import ContributionFactory, PublishedContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return ProcessFactory()


@pytest.fixture
def contribution(process):
    return PublishedContributionFactory(process=process, title="Cykelväg längs Lagan")


def url(name, contribution, **extra):
    return reverse(f"contributions:{name}", args=[contribution.process.slug, contribution.pk])


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory())
    return client


def test_signed_out_visitor_reads_comments_and_is_invited(client, contribution):
    CommentFactory(contribution=contribution, text="Ja, en cykelväg behövs!")
    html = client.get(url("detail", contribution)).content.decode()
    assert "Cykelväg längs Lagan" in html
    assert "Ja, en cykelväg behövs!" in html
    assert 'id="discussion-invite"' in html
    assert (
        reverse("contributions:participant", args=[contribution.process.slug, contribution.pk])
        in html
    )
    assert 'id="comment-form"' not in html


def test_pending_and_hidden_comments_are_not_shown(client, contribution):
    CommentFactory(contribution=contribution, text="Väntar på granskning", state="pending")
    CommentFactory(
        contribution=contribution, text="Dold kommentar", state="hidden", hidden_reason="Reklam"
    )
    html = client.get(url("detail", contribution)).content.decode()
    assert "Väntar på granskning" not in html and "Dold kommentar" not in html


@pytest.mark.parametrize("state", [ModerationState.NEW, ModerationState.HIDDEN])
def test_contribution_not_shown_is_404_for_page_comment_and_support(state, process):
    hidden = ContributionFactory(process=process, moderation_state=state)
    client = signed_in()
    assert client.get(url("detail", hidden)).status_code == 404
    assert client.post(url("comment", hidden), {"text": "Hej hej"}).status_code == 404
    assert client.post(url("support", hidden)).status_code == 404
    assert not Comment.objects.exists() and not Support.objects.exists()


def test_signed_in_citizen_comments_pre_moderated_and_is_told(contribution):
    client = signed_in()
    page = client.get(url("detail", contribution)).content.decode()
    assert 'id="moderation-note"' in page and "förhandsgranskning" in page
    response = client.post(
        url("comment", contribution), {"text": "Bra förslag", "display_name": "Elin"}, follow=True
    )
    html = response.content.decode()
    comment = Comment.objects.get()
    assert comment.state == CommentState.PENDING and comment.display_name == "Elin"
    assert "tjänsteperson" in html  # the receipt says it waits for an official


def test_html_and_script_are_shown_as_text(contribution):
    services.discussion_settings_set(
        process=contribution.process, comment_moderation=CommentModeration.POST
    )
    client = signed_in()
    client.post(url("comment", contribution), {"text": "<script>alert(1)</script><b>fet</b>"})
    html = client.get(url("detail", contribution)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;fet&lt;/b&gt;" in html


def test_links_are_clickable_only_once_approved(contribution):
    official = ProcessRoleFactory(process=contribution.process, role=Role.OFFICIAL).user
    CommentFactory(contribution=contribution, text="Läs mer på https://example.org/cykel")
    html = Client().get(url("detail", contribution)).content.decode()
    assert 'href="https://example.org/cykel"' not in html
    from contributions.services.comment_moderation import comments_approve

    comments_approve(
        process=contribution.process,
        comment_ids=list(Comment.objects.values_list("pk", flat=True)),
        by=official,
    )
    html = Client().get(url("detail", contribution)).content.decode()
    assert 'href="https://example.org/cykel"' in html and "nofollow" in html


def test_a_personnummer_brings_the_form_back_with_a_warning_and_a_box(contribution):
    client = signed_in()
    text = "Kontakta mig, 19811218-9876"
    response = client.post(url("comment", contribution), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in html and "personnummer" in html
    assert 'name="personal_data_ok"' in html
    assert "19811218-9876" in html, "the text is kept"
    assert not Comment.objects.exists()
    client.post(url("comment", contribution), {"text": text, "personal_data_ok": "on"})
    assert Comment.objects.get().personal_data_flagged


def test_an_oversize_comment_is_refused_in_swedish_and_kept(contribution):
    client = signed_in()
    response = client.post(url("comment", contribution), {"text": "å" * 2001})
    html = response.content.decode()
    assert response.status_code == 200 and "högst 2000 tecken (den har 2001)" in html
    assert 'id="form-errors"' in html and "å" * 2001 in html
    assert not Comment.objects.exists()


def test_a_reply_to_a_reply_is_refused_with_a_message(contribution):
    top = CommentFactory(contribution=contribution)
    reply = CommentFactory(contribution=contribution, parent=top)
    response = signed_in().post(
        url("comment", contribution), {"text": "Svar på svar", "parent": reply.pk}
    )
    assert response.status_code == 200
    assert "inte på ett svar" in response.content.decode()
    assert Comment.objects.count() == 2


def test_a_reply_to_a_comment_elsewhere_is_404(contribution, process):
    elsewhere = CommentFactory(contribution=PublishedContributionFactory(process=process))
    response = signed_in().post(
        url("comment", contribution), {"text": "Hej hej", "parent": elsewhere.pk}
    )
    assert response.status_code == 404


def test_official_answers_as_the_municipality(contribution):
    official = ProcessRoleFactory(process=contribution.process, role=Role.OFFICIAL).user
    client = signed_in(official)
    page = client.get(url("detail", contribution)).content.decode()
    assert 'name="official_answer"' in page
    client.post(
        url("comment", contribution), {"text": "Cykelvägen byggs 2027.", "official_answer": "on"}
    )
    html = Client().get(url("detail", contribution)).content.decode()
    assert "comment-official" in html and "Kommunens svar" in html
    # A citizen cannot: the box is not there and the field is ignored.
    citizen = signed_in()
    assert 'name="official_answer"' not in citizen.get(url("detail", contribution)).content.decode()
    citizen.post(url("comment", contribution), {"text": "Jag är kommunen", "official_answer": "on"})
    assert not Comment.objects.get(text="Jag är kommunen").is_official_answer


def test_support_in_place_with_htmx_and_once(contribution):
    client = signed_in()
    first = client.post(url("support", contribution), HTTP_HX_REQUEST="true")
    again = client.post(url("support", contribution), HTTP_HX_REQUEST="true")
    assert first.status_code == again.status_code == 200
    assert "Håller med (1)" in first.content.decode()
    assert "Håller med (1)" in again.content.decode()
    contribution.refresh_from_db()
    assert contribution.support_count == 1


def test_support_without_javascript_redirects_back(contribution):
    response = signed_in().post(url("support", contribution))
    assert response.status_code == 302 and response["Location"].endswith("#hall-med")


def test_signed_out_support_is_an_invitation_not_a_count(client, contribution):
    response = client.post(url("support", contribution))
    assert response.status_code == 302 and "#delta" in response["Location"]
    in_place = client.post(url("support", contribution), HTTP_HX_REQUEST="true")
    assert in_place.status_code == 200 and "Logga in" in in_place.content.decode()
    assert not Support.objects.exists()


def test_a_cleared_name_posts_anonymously(contribution):
    signed_in(UserFactory(first_name="Elin")).post(
        url("comment", contribution), {"text": "Utan namn", "display_name": ""}
    )
    assert Comment.objects.get().display_name == ""


def test_a_forged_token_or_cookie_gives_nothing(client, contribution):
    assert (
        client.get(reverse("contributions:participant_confirm", args=["forged"])).status_code == 404
    )
    client.cookies[PARTICIPANT_COOKIE] = "1:forged-signature"
    client.post(url("comment", contribution), {"text": "Hej hej"})
    client.post(url("support", contribution))
    assert not Comment.objects.exists() and not Support.objects.exists()


def test_csrf_is_required(contribution):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert strict.post(url("comment", contribution), {"text": "Hej hej"}).status_code == 403
    assert strict.post(url("support", contribution)).status_code == 403


def test_taking_part_with_a_confirmed_address(
    client, contribution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("participant", contribution),
            {"email": "granne@example.org", "display_name": "Granne"},
        )
    assert response.status_code == 200 and 'id="participant-sent"' in response.content.decode()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (a mail scanner may) confirms nothing.
    assert client.get("/" + path).status_code == 200
    assert Participant.objects.get().confirmed_at is None
    token = Participant.objects.get().confirm_token
    confirm = reverse("contributions:participant_confirm", args=[token])
    response = client.post(confirm, {"next": url("detail", contribution)})
    assert response.status_code == 302 and response["Location"].startswith(
        url("detail", contribution)
    )
    client.post(url("support", contribution))
    page = client.get(url("detail", contribution)).content.decode()
    assert 'value="Granne"' in page, "the name given when confirming is offered"
    client.post(
        url("comment", contribution),
        {"text": "Som granne håller jag med", "display_name": "Granne"},
    )
    comment = Comment.objects.get()
    assert comment.participant.subscriber.email == "granne@example.org"
    assert comment.display_name == "Granne"
    assert Support.objects.count() == 1
    html = client.get(url("detail", contribution)).content.decode()
    assert "granne@example.org" not in html, "the address is never shown"


def test_confirm_does_not_redirect_elsewhere(client):
    participant = ParticipantFactory(confirmed_at=None)
    confirm = reverse("contributions:participant_confirm", args=[participant.confirm_token])
    response = client.post(confirm, {"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_a_flood_of_comments_from_one_client_is_429_and_the_text_kept(contribution, settings):
    set_rate(settings, "contributions.comment", "2/h")
    client = signed_in()
    for n in range(2):
        client.post(url("comment", contribution), {"text": f"Kommentar {n}"})
    response = client.post(url("comment", contribution), {"text": "Den tredje kommentaren"})
    assert response.status_code == 429 and response["Retry-After"]
    assert "Den tredje kommentaren" in response.content.decode()
    assert Comment.objects.count() == 2


def test_a_flood_to_one_contribution_is_429(contribution, settings):
    set_rate(settings, "contributions.comment_target", "2/h")
    for n in range(2):
        signed_in().post(
            url("comment", contribution), {"text": f"Kommentar {n}"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
    response = signed_in().post(
        url("comment", contribution), {"text": "En till"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert Comment.objects.count() == 2


def test_a_flood_of_links_to_one_address_sends_no_more_mail(
    client, contribution, settings, django_capture_on_commit_callbacks
):
    set_rate(settings, "contributions.participant_email", "2/h")
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(
                url("participant", contribution),
                {"email": "offer@example.org"},
                REMOTE_ADDR=f"10.1.0.{n}",
            )
    assert len([m for m in mail.outbox if "offer@example.org" in m.to]) == 2


def test_honeypot_keeps_nothing(contribution):
    signed_in().post(url("comment", contribution), {"text": "Köp nu", "website": "spam.example"})
    assert not Comment.objects.exists()


def test_report_a_comment(contribution):
    comment = CommentFactory(contribution=contribution)
    report_url = reverse(
        "contributions:comment_report",
        args=[contribution.process.slug, contribution.pk, comment.pk],
    )
    response = signed_in().post(report_url, {"reason": "spam"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "tjänsteperson" in response.content.decode()
    assert comment.reports.get().reason == "spam"


# --- The wall ----------------------------------------------------------------------------------


def test_wall_shows_counts_and_sorts_by_support_and_discussion(client, process):
    quiet = PublishedContributionFactory(process=process, title="Tyst idé")
    loved = PublishedContributionFactory(process=process, title="Älskad idé")
    talked = PublishedContributionFactory(process=process, title="Omdiskuterad idé")
    SupportFactory.create_batch(3, contribution=loved)
    CommentFactory.create_batch(2, contribution=talked)
    wall = reverse("contributions:wall", args=[process.slug])

    def order(query):
        html = client.get(wall, query).content.decode()
        return re.findall(r'id="bidrag-\d+-title">([^<]+)<', html)

    assert order({}) == ["Omdiskuterad idé", "Älskad idé", "Tyst idé"]
    assert order({"ordning": "stod"})[0] == "Älskad idé"
    assert order({"ordning": "diskuterade"})[0] == "Omdiskuterad idé"
    html = client.get(wall).content.decode()
    assert "3 håller med" in html and "2 kommentarer" in html
    assert client.get(wall, {"ordning": "<script>"}).status_code == 200
    assert quiet.pk


# --- The officials' queue ----------------------------------------------------------------------


def test_official_approves_and_hides_in_bulk_with_a_reason(contribution):
    process = contribution.process
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    waiting = CommentFactory.create_batch(2, contribution=contribution, state="pending")
    spam = CommentFactory(contribution=contribution, text="Köp billiga klockor")
    from contributions.services.comment_moderation import comment_report

    comment_report(comment=spam, ip="10.0.0.1", user=UserFactory(), reason="spam")
    client = signed_in(official)
    queue = reverse("contributions:staff_moderation", args=[process.slug])
    html = client.get(queue).content.decode()
    assert all(f'id="queue-comment-{c.pk}"' in html for c in [*waiting, spam])
    assert "Reklam eller spam" in html or "Spam" in html
    response = client.post(queue, {"action": "hide", "comments": [spam.pk], "reason": ""})
    assert response.status_code == 400
    client.post(queue, {"action": "approve", "comments": [c.pk for c in waiting]})
    client.post(queue, {"action": "hide", "comments": [spam.pk], "reason": "Reklam"})
    states = dict(Comment.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in waiting] == ["published", "published"]
    spam.refresh_from_db()
    assert spam.state == "hidden" and spam.hidden_reason == "Reklam"
    contribution.refresh_from_db()
    assert contribution.comment_count == 2


def test_official_chooses_post_moderation_and_writers_are_told(contribution):
    process = contribution.process
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    queue = reverse("contributions:staff_moderation", args=[process.slug])
    signed_in(official).post(queue, {"comment_moderation": "post"})
    assert services.comment_moderation_of(process) == CommentModeration.POST
    client = signed_in()
    assert "direkt" in client.get(url("detail", contribution)).content.decode()
    response = client.post(url("comment", contribution), {"text": "Syns direkt"}, follow=True)
    assert Comment.objects.get().state == CommentState.PUBLISHED
    assert "publicerad" in response.content.decode()


def test_citizen_and_politician_cannot_moderate(contribution):
    process = contribution.process
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    queue = reverse("contributions:staff_moderation", args=[process.slug])
    assert signed_in().get(queue).status_code == 403
    assert signed_in(politician).post(queue, {"action": "approve"}).status_code == 403


# --- Query count -------------------------------------------------------------------------------


def _page_queries(client, contribution, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("detail", contribution)).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_with_500_comments_and_5000_supports(
    contribution, process, django_assert_max_num_queries
):
    """Rendered anew (the first reader after a change) and served from the page cache (the
    next ones), the page costs the same queries with 5 comments or 500."""
    from django.db.models import F

    from contributions.models import Contribution
    from visionsprocess.models import Subscriber

    small = PublishedContributionFactory(process=process)
    CommentFactory.create_batch(5, contribution=small)
    client = Client()
    _page_queries(client, small, django_assert_max_num_queries)  # warm: the site's own caches
    services.discussion_settings_set(process=process, comment_moderation="post")  # a change
    rendered = _page_queries(client, small, django_assert_max_num_queries)
    cached = _page_queries(client, small, django_assert_max_num_queries)
    assert cached < rendered
    participant = ParticipantFactory()
    tops = Comment.objects.bulk_create(
        Comment(
            contribution=contribution,
            participant=participant,
            display_name=f"Granne {n}",
            text=f"Kommentar {n}",
            state="published",
        )
        for n in range(250)
    )
    Comment.objects.bulk_create(
        Comment(
            contribution=contribution,
            parent=top,
            participant=participant,
            text=f"Svar på {top.text}",
            state="published",
        )
        for top in tops
    )
    Support.objects.bulk_create(
        Support(contribution=contribution, voter_key=f"{n:064d}") for n in range(5000)
    )
    Contribution.objects.filter(pk=contribution.pk).update(
        comment_count=F("comment_count") + 500, support_count=5000
    )
    assert Subscriber.objects.exists()
    assert _page_queries(client, contribution, django_assert_max_num_queries) == rendered
    assert _page_queries(client, contribution, django_assert_max_num_queries) == cached
    html = client.get(url("detail", contribution)).content.decode()
    assert "Håller med (5000)" in html and "Svar på Kommentar 24<" in html
    assert "Kommentar 25<" not in html and "?sida=2" in html, "a page at a time"
    last = client.get(url("detail", contribution) + "?sida=10").content.decode()
    assert "Svar på Kommentar 249" in last and "?sida=11" not in last
    signed = signed_in()
    small_rendered = _page_queries(signed, small, django_assert_max_num_queries)
    assert _page_queries(signed, contribution, django_assert_max_num_queries) == small_rendered
    assert _page_queries(signed, contribution, django_assert_max_num_queries) == _page_queries(
        signed, small, django_assert_max_num_queries
    )
