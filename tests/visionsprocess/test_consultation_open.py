"""Consultation open to all (answers without an account, receipt, confirmation by link, Mina
sidor) and the remissammanställning (editor after closing, publish, public pages, notices, PDF
kind, archive status)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import set_rate
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import answers, services
from visionsprocess.drafting import summary as summaries
from visionsprocess.models import (
    ConsultationAnswer,
    ConsultationSummary,
    Document,
    Follow,
    Notice,
    OutgoingEmail,
    Position,
    SummaryState,
)
from visionsprocess.registry import documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(current_stage="drafting")
    users = {
        role: ProcessRoleFactory(process=process, role=role).user
        for role in ("politician", "official", "clerk")
    }
    _round, version = draft_world(process, actor=users["politician"])
    consultation = services.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=10),
        actor=users["official"],
    )
    url = reverse("drafting:consultation", args=[process.slug, consultation.pk])
    return {
        "process": process,
        "users": users,
        "version": version,
        "consultation": consultation,
        "url": url,
        "paragraph": version.paragraphs.get(order=2),
    }


def _close(consultation):
    consultation.deadline = timezone.localdate() - dt.timedelta(days=1)
    consultation.save(update_fields=["deadline"])


def _answer(world, **kwargs):
    defaults = {
        "consultation": world["consultation"],
        "respondent_name": "Kerstin",
        "organisation": "Vaggeryds Företagarförening",
        "email": "kerstin@example.org",
        "text": "Lyft fram näringslivet.",
        "paragraph": world["paragraph"],
    }
    return services.consultation_answer_submit(**(defaults | kwargs))


# --- Answering --------------------------------------------------------------------------------


def test_anonymous_answer_where_allowed_is_saved_and_gets_a_receipt_with_a_private_link(
    client, world
):
    response = client.post(world["url"], {"text": "Bra text, men tänk på de äldre."})
    answer = ConsultationAnswer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("drafting:answer_track", args=[answer.tracking_token])
    assert answer.respondent_name == "" and answer.submitted_by is None
    receipt = client.get(response["Location"])
    body = receipt.content.decode()
    assert receipt.status_code == 200 and 'id="receipt"' in body
    assert answer.tracking_token in body and "Mottaget (anonymt)" in body
    assert receipt["X-Robots-Tag"] == "noindex, nofollow"
    assert not OutgoingEmail.objects.exists()


def test_named_answer_without_account_is_confirmed_by_the_mailed_link(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            world["url"],
            {"respondent_name": "Kerstin", "email": "kerstin@example.org", "text": "Hej"},
        )
    answer = ConsultationAnswer.objects.get()
    assert not answer.is_confirmed
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kerstin@example.org"]
    found = re.search(r"https?://[^/\s]+(/remissvar/bekrafta/\S+/)", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    path = found.group(1)
    page = client.get(path)  # a link checker opening it confirms nothing
    assert page.status_code == 200 and 'id="confirm-answer"' in page.content.decode()
    answer.refresh_from_db()
    assert not answer.is_confirmed
    response = client.post(path)
    answer.refresh_from_db()
    assert response.status_code == 302 and answer.is_confirmed
    assert Follow.objects.filter(target_id=world["consultation"].pk).exists()


def test_forged_confirmation_link_is_404_and_confirms_nothing(client, world):
    answer = _answer(world)
    value = answers.confirm_link(answer).rstrip("/").rsplit("/", 1)[-1]
    forged = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    response = client.post(reverse("drafting:answer_confirm", args=[forged]))
    answer.refresh_from_db()
    assert response.status_code == 404 and not answer.is_confirmed


def test_confirmation_link_of_another_address_does_not_confirm(client, world):
    answer = _answer(world)
    value = answers.confirm_link(answer).rstrip("/").rsplit("/", 1)[-1]
    ConsultationAnswer.objects.filter(pk=answer.pk).update(email="annan@example.org")
    response = client.post(reverse("drafting:answer_confirm", args=[value]))
    assert response.status_code == 404
    assert not ConsultationAnswer.objects.get(pk=answer.pk).is_confirmed


def test_unknown_private_link_is_404(client, world):
    assert client.get(reverse("drafting:answer_track", args=["x" * 43])).status_code == 404


def test_signed_in_citizen_finds_the_name_filled_in_and_the_answer_on_my_pages(client, world):
    user = UserFactory(display_name="Sven Svensson")
    client.force_login(user)
    page = client.get(world["url"]).content.decode()
    assert 'value="Sven Svensson"' in page and 'name="email"' not in page
    client.post(world["url"], {"respondent_name": "Sven Svensson", "text": "Bra."})
    answer = ConsultationAnswer.objects.get()
    assert answer.is_confirmed and answer.submitted_by == user
    my_pages = client.get(reverse("my_pages")).content.decode()
    assert 'id="my-consultation-answers"' in my_pages
    assert reverse("drafting:answer_track", args=[answer.tracking_token]) in my_pages


def test_named_answer_without_address_keeps_the_input_and_shows_an_error_summary(client, world):
    response = client.post(
        world["url"], {"respondent_name": "Kerstin", "text": "Viktigt <script>alert(1)</script>"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not ConsultationAnswer.objects.exists()
    assert 'id="form-errors"' in body and "data-error-summary" in body
    assert "Ange din e-postadress" in body
    assert "Viktigt &lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body


def test_oversize_and_empty_answers_are_refused_with_a_message(client, world):
    empty = client.post(world["url"], {"text": "   "})
    huge = client.post(world["url"], {"text": "x" * 20001})
    assert empty.status_code == 200 and huge.status_code == 200
    assert "Ditt svar har inte skickats än" in huge.content.decode()
    assert not ConsultationAnswer.objects.exists()


def test_script_in_an_answer_is_escaped_on_the_receipt_page(client, world):
    answer = _answer(world, text="<script>alert('x')</script>")
    body = client.get(reverse("drafting:answer_track", args=[answer.tracking_token])).content
    assert b"<script>alert" not in body and b"&lt;script&gt;" in body


def test_answer_after_the_consultation_closed_is_refused_with_a_message(client, world):
    _close(world["consultation"])
    response = client.post(world["url"], {"text": "För sent"})
    assert response.status_code == 200
    assert "Remisstiden har gått ut; svar kan inte längre skickas." in response.content.decode()
    assert not ConsultationAnswer.objects.exists()
    with pytest.raises(ValidationError):
        _answer(world)


def test_a_bot_filling_the_hidden_field_is_answered_as_if_all_went_well(client, world):
    response = client.post(world["url"], {"text": "Köp billigt", "website": "http://spam"})
    assert response.status_code == 302 and not ConsultationAnswer.objects.exists()


def test_a_flood_from_one_client_is_answered_429(client, world, settings):
    set_rate(settings, "drafting.consultation_answer", "2/h")
    codes = [client.post(world["url"], {"text": f"Svar {n}"}).status_code for n in range(4)]
    assert codes == [302, 302, 429, 429]
    assert ConsultationAnswer.objects.count() == 2


def test_mail_to_one_address_stops_at_the_daily_limit_but_the_answers_are_kept(
    world, settings, django_capture_on_commit_callbacks
):
    settings.UNSOLICITED_MAILS_PER_ADDRESS_PER_DAY = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            _answer(world, text=f"Svar {n}", email="offer@example.org")
    assert ConsultationAnswer.objects.count() == 4
    assert OutgoingEmail.objects.filter(to="offer@example.org").count() == 2


# --- The remissammanställning -----------------------------------------------------------------


def _items(world, position=Position.PARTLY, reason="Vi förtydligar stycket."):
    key = str(world["paragraph"].pk)
    return {key: {"grouped": "Fler vill se näringslivet.", "position": position, "reason": reason}}


def test_summary_editor_before_closing_says_when_it_can_be_written(client, world):
    client.force_login(world["users"]["official"])
    url = reverse("drafting:summary_edit", args=[world["process"].slug, world["consultation"].pk])
    response = client.post(url, {"introduction": "x"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="summary-not-yet"' in body
    assert "kan skrivas när remisstiden har gått ut" in body
    assert not ConsultationSummary.objects.exists()


def test_official_writes_a_summary_in_revisions_and_publishes_it(
    client, world, django_capture_on_commit_callbacks
):
    _answer(world)
    _answer(world, organisation="", respondent_name="", email="", paragraph=None, text="Bra!")
    _close(world["consultation"])
    official = world["users"]["official"]
    client.force_login(official)
    url = reverse("drafting:summary_edit", args=[world["process"].slug, world["consultation"].pk])
    page = client.get(url).content.decode()
    assert "Vaggeryds Företagarförening" in page and 'id="summary-form"' in page
    key = str(world["paragraph"].pk)
    data = {
        "introduction": "Remissen skickades till föreningar och nämnder.",
        f"{key}-grouped": "Näringslivet vill synas.",
        f"{key}-position": "partly",
        f"{key}-reason": "Vi lägger till en mening om företagen.",
        "whole-grouped": "Positivt överlag.",
        "whole-position": "taken",
        "whole-reason": "Texten behålls.",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data | {"introduction": "Ny inledning"}).status_code == 302
    summary = ConsultationSummary.objects.get()
    assert summary.revision == 2 and summary.state == SummaryState.DRAFT
    public = client.get(world["url"]).content.decode()
    assert 'id="summary"' not in public  # a draft is not public
    publish = reverse(
        "drafting:summary_publish", args=[world["process"].slug, world["consultation"].pk]
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(publish).status_code == 302
    summary.refresh_from_db()
    assert summary.is_published and summary.published_by == official
    notice = Notice.objects.get(kind=summaries.SUMMARY_PUBLISHED)
    assert notice.targets["visionsprocess.consultation"] == [world["consultation"].pk]
    assert Document.objects.filter(kind=summaries.DOCUMENT_KIND).exists()
    client.logout()
    public = client.get(world["url"]).content.decode()
    assert 'id="summary"' in public and "Beaktas delvis" in public
    assert "Vi lägger till en mening om företagen." in public
    assert "kerstin@example.org" not in public and "En privatperson" in public
    process_page = client.get(world["process"].get_absolute_url()).content.decode()
    assert 'id="remissammanstallning"' in process_page


def test_publishing_needs_a_position_and_a_reason_for_every_paragraph(world):
    _answer(world)
    _close(world["consultation"])
    summary = summaries.summary_save(
        consultation=world["consultation"],
        introduction="",
        items=_items(world, reason=""),
        actor=world["users"]["official"],
    )
    with pytest.raises(ValidationError, match="motivering|reason"):
        summaries.summary_publish(summary=summary, actor=world["users"]["official"])
    summary.refresh_from_db()
    assert summary.state == SummaryState.DRAFT


def test_a_published_summary_never_changes(client, world):
    _answer(world)
    _close(world["consultation"])
    official = world["users"]["official"]
    summary = summaries.summary_save(
        consultation=world["consultation"], introduction="", items=_items(world), actor=official
    )
    summaries.summary_publish(summary=summary, actor=official)
    with pytest.raises(ValidationError, match="publicerad|published"):
        summaries.summary_save(
            consultation=world["consultation"],
            introduction="Ändrad",
            items=_items(world),
            actor=official,
        )
    client.force_login(official)
    url = reverse("drafting:summary_edit", args=[world["process"].slug, world["consultation"].pk])
    client.post(url, {"introduction": "Ändrad"})
    assert ConsultationSummary.objects.get().introduction == ""


def test_summary_of_a_paragraph_of_another_text_is_refused(world):
    _close(world["consultation"])
    with pytest.raises(ValidationError, match="stycken|paragraphs"):
        summaries.summary_save(
            consultation=world["consultation"],
            introduction="",
            items={"999999": {"grouped": "", "position": "taken", "reason": "x"}},
            actor=world["users"]["official"],
        )


def test_unknown_position_is_refused_and_nothing_is_lost(client, world):
    _answer(world)
    _close(world["consultation"])
    client.force_login(world["users"]["official"])
    url = reverse("drafting:summary_edit", args=[world["process"].slug, world["consultation"].pk])
    key = str(world["paragraph"].pk)
    response = client.post(
        url, {f"{key}-grouped": "Det jag skrev", f"{key}-position": "maybe", f"{key}-reason": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="form-errors"' in body and "Det jag skrev" in body
    assert not ConsultationSummary.objects.exists()


def test_receipt_shows_the_position_on_its_paragraph_once_published(client, world):
    answer = _answer(world)
    _close(world["consultation"])
    official = world["users"]["official"]
    summary = summaries.summary_save(
        consultation=world["consultation"], introduction="", items=_items(world), actor=official
    )
    summaries.summary_publish(summary=summary, actor=official)
    body = client.get(reverse("drafting:answer_track", args=[answer.tracking_token])).content
    assert "Beaktas delvis" in body.decode() and b'id="summary-link"' in body


def test_summary_document_kind_is_public_once_published_and_builds_its_context(world):
    _answer(world)
    _close(world["consultation"])
    official = world["users"]["official"]
    summary = summaries.summary_save(
        consultation=world["consultation"], introduction="", items=_items(world), actor=official
    )
    kind = documents.get(summaries.DOCUMENT_KIND)
    assert not kind.public(summary)
    summaries.summary_publish(summary=summary, actor=official)
    summary.refresh_from_db()
    assert kind.public(summary) and kind.source_for(world["process"]) == summary
    context = kind.build_context(summary)
    assert context["organisations"] == ["Vaggeryds Företagarförening"]
    assert kind.title(summary).startswith("Remissammanställning – ")


def test_public_summary_section_query_count(client, world, django_assert_max_num_queries):
    _answer(world)
    _close(world["consultation"])
    official = world["users"]["official"]
    summary = summaries.summary_save(
        consultation=world["consultation"], introduction="", items=_items(world), actor=official
    )
    summaries.summary_publish(summary=summary, actor=official)
    with django_assert_max_num_queries(6):
        rows = summaries.rows(
            consultation=world["consultation"], summary=summaries.summary_of(world["consultation"])
        )
        assert [row.item.position for row in rows] == ["partly"]


def test_publishing_renders_the_pdf_which_goes_into_the_archive_and_the_library(
    client, world, django_capture_on_commit_callbacks
):
    import io
    import os

    from pypdf import PdfReader

    from visionsprocess.documents.archive import archive_rows
    from visionsprocess.models import DocumentStatus

    _answer(world)
    _answer(world, organisation="PRO Skillingaryd", respondent_name="Gun", email="gun@example.org")
    _close(world["consultation"])
    official = world["users"]["official"]
    summary = summaries.summary_save(
        consultation=world["consultation"],
        introduction="Remissen gick till föreningar och nämnder.",
        items=_items(world),
        actor=official,
    )
    with django_capture_on_commit_callbacks(execute=True):
        summaries.summary_publish(summary=summary, actor=official)
    document = Document.objects.get(kind=summaries.DOCUMENT_KIND)
    assert document.status == DocumentStatus.DONE, document.error
    with document.file.open("rb") as handle:
        data = handle.read()
    if os.environ.get("VP_KEEP_PDF"):  # look at it: pdftoppm -png $VP_KEEP_PDF out
        with open(os.environ["VP_KEEP_PDF"], "wb") as out:
            out.write(data)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Remissammanställning" in text and "Beaktas delvis" in text
    assert "PRO Skillingaryd" in text and "kerstin@example.org" not in text
    rows = archive_rows(process=world["process"])
    assert [row["document_type"] for row in rows] == ["Remissammanställning"]
    assert rows[0]["status"] == "published"
    library = client.get(reverse("documents:library", args=[world["process"].slug]))
    assert document.title in library.content.decode()
