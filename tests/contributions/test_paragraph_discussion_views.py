"""The discussion of a paragraph of a draft on consultation as a visitor meets it: the counts on
the consultation page, the paragraph page, commenting, replying, agreeing, reporting, taking part
with an address, bad input, read-only after closing and tenancy."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions.models import Comment
from contributions.services import discussion as services
from contributions.views.discussion import PARTICIPANT_COOKIE, PARTICIPANT_SALT
from tests.contributions.discussion_factories import ParticipantFactory
from tests.contributions.paragraph_world import (  # noqa: F401 (fixtures)
    citizen,
    close,
    english_messages_fixture,
    page_url,
    signed_in,
    world_fixture,
)
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess import changes
from visionsprocess.models import HostName, ParagraphKind, Role

pytestmark = pytest.mark.django_db


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

    changes.record(process=world["paragraph"].version.round.process_id)  # rendered anew
    small = count()
    small_cached = count()  # the shared parts from the page cache
    assert small_cached < small
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
    assert count() == small_cached


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


def test_an_official_of_another_process_cannot_answer_as_the_municipality(world):
    stranger = ProcessRoleFactory(process=ProcessFactory(), role=Role.OFFICIAL).user
    client = signed_in(stranger)
    assert 'name="official_answer"' not in client.get(page_url(world)).content.decode()
    client.post(page_url(world, "paragraph_comment"), {"text": "Svar", "official_answer": "on"})
    assert not Comment.objects.get().is_official_answer
