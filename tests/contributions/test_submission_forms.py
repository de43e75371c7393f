"""Sending in contributions through the forms: happy paths and bad input."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions.models import Attachment, Contribution, ContributionKind, MediaKind
from tests.conftest import set_rate
from tests.contributions.factories import (
    MP4_BYTES,
    PDF_BYTES,
    KitFactory,
    image_bytes,
    upload,
)
from tests.factories import ProcessFactory, UserFactory
from visionsprocess.models import AgeBand, District, StageKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return ProcessFactory(current_stage=StageKind.DIALOGUE)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    set_rate(settings, "contributions.submit", "1000/h")


def url(process, kind_slug):
    return reverse("contributions:submit", args=[process.slug, kind_slug])


def idea(**extra):
    return {"title": "Fler cykelvägar", "text": "Bygg en cykelväg till Hok.", **extra} | {
        "consent_to_publish": "on"
    }


def test_idea_is_saved_and_receipt_shows_tracking_link(client, process):
    response = client.post(url(process, "ide"), idea(pseudonym="Elin"))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.IDEA
    assert contribution.title == "Fler cykelvägar"
    assert contribution.stage.key == StageKind.DIALOGUE
    assert contribution.consent_to_publish
    receipt = client.get(response["Location"])
    assert contribution.tracking_token in receipt.content.decode()


def test_letter_form_defaults_to_the_horizon_year(client, process):
    response = client.get(url(process, "brev"))
    assert response.context["form"]["letter_year"].value() == process.horizon_year


def test_letter_is_saved_with_year_and_greeting(client, process):
    data = {
        "letter_year": 2040,
        "greeting": "Hej från Vaggeryd 2040!",
        "text": "Nu går pendeltåget var tjugonde minut.",
        "consent_to_publish": "on",
    }
    assert client.post(url(process, "brev"), data).status_code == 302
    letter = Contribution.objects.get()
    assert (letter.kind, letter.letter_year, letter.greeting) == (
        ContributionKind.LETTER,
        2040,
        "Hej från Vaggeryd 2040!",
    )


def test_letter_from_the_past_is_refused(client, process):
    data = {"letter_year": 1999, "text": "Förr i tiden", "consent_to_publish": "on"}
    response = client.post(url(process, "brev"), data)
    assert response.status_code == 200
    assert "letter_year" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_group_report_is_saved_with_kit_and_age_bands(client, process):
    kit = KitFactory(process=process, slug="framtidssamtal")
    response = client.get(url(process, "grupprapport") + "?kit=framtidssamtal")
    assert response.context["form"]["kit"].value() == kit.pk
    data = {
        "group_kind": "preschool",
        "group_name": "Förskolan Solrosen",
        "group_size": 14,
        "group_age_bands": [AgeBand.UNDER_13, AgeBand.AGE_35_49],
        "kit": kit.pk,
        "text": "Barnen vill ha en större lekplats.",
        "consent_to_publish": "on",
    }
    assert client.post(url(process, "grupprapport"), data).status_code == 302
    report = Contribution.objects.get()
    assert report.kit == kit
    assert report.group_size == 14
    assert report.group_age_bands == ["0-12", "35-49"]


def test_group_report_with_kit_of_another_process_is_refused(client, process):
    foreign = KitFactory()
    unpublished = KitFactory(process=process, is_published=False)
    for kit in (foreign, unpublished):
        data = {
            "group_kind": "sports_club",
            "group_name": "IFK",
            "group_size": 10,
            "kit": kit.pk,
            "text": "Text",
            "consent_to_publish": "on",
        }
        response = client.post(url(process, "grupprapport"), data)
        assert "kit" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_group_report_without_participants_is_refused_and_keeps_text(client, process):
    data = {"group_kind": "company", "group_name": "Snickeriet", "text": "Vi vill ha fiber."}
    response = client.post(url(process, "grupprapport"), data)
    form = response.context["form"]
    assert "group_size" in form.errors
    assert "consent_to_publish" not in form.errors, "publishing is optional"
    assert "Vi vill ha fiber." in response.content.decode()


def test_optional_facts_district_and_age_band_are_kept(client, process):
    district = District.objects.create(municipality=process.municipality, name="Skillingaryd")
    other = District.objects.create(
        municipality=ProcessFactory(municipality__code="0192").municipality, name="Sorunda"
    )
    response = client.post(url(process, "ide"), idea(district=other.pk))
    assert "district" in response.context["form"].errors
    client.post(url(process, "ide"), idea(district=district.pk, age_band="35-49"))
    contribution = Contribution.objects.get()
    assert contribution.district == district
    assert contribution.age_band == "35-49"


def test_form_never_asks_for_a_personal_identity_number(client, process):
    import re

    for kind in ("ide", "brev", "grupprapport"):
        response = client.get(url(process, kind))
        names = set(re.findall(r'name="([^"]+)"', response.content.decode()))
        assert not {n for n in names if "person" in n or "ssn" in n}
        for field in response.context["form"].fields.values():
            assert "personnummer" not in str(field.label).lower()
            assert "identity number" not in str(field.label).lower()


def test_script_in_text_is_stored_as_text_and_shown_escaped(client, process):
    script = '<script>alert("hej")</script> <a href="https://evil.example">länk</a>'
    client.post(url(process, "ide"), idea(text=script))
    contribution = Contribution.objects.get()
    assert contribution.text == script
    contribution.moderation_state = "published"
    contribution.save()
    html = client.get(reverse("contributions:wall", args=[process.slug])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;hej&quot;)&lt;/script&gt;" in html
    assert '<a href="https://evil.example"' not in html


def test_without_consent_the_contribution_is_received_counted_and_never_published(
    client, process, role_users
):
    """Sending without consenting to publication: received and handled like any other, never
    shown; the receipt says so and that it is still a public record."""
    data = {"title": "Badplats", "text": "En ny badplats vid Vaggerydssjön.", "pseudonym": "Ola"}
    response = client.post(url(process, "ide"), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.consent_to_publish is False
    receipt = client.get(response["Location"]).content.decode()
    assert 'id="not-for-publication"' in receipt and "allmän handling" in receipt
    from contributions.services.handling import contribution_moderate

    _process, users = role_users
    with pytest.raises(ValidationError):
        contribution_moderate(contribution=contribution, action="published", by=users["official"])
    wall = client.get(reverse("contributions:wall", args=[process.slug])).content.decode()
    assert "Vaggerydssjön" not in wall


def test_the_form_explains_publication_and_public_records_in_plain_words(client, process):
    html = client.get(url(process, "ide")).content.decode()
    assert "allmän handling" in html
    assert (
        'name="consent_to_publish"' in html
        and "required" not in html.split('name="consent_to_publish"')[1].split(">")[0]
    )


def test_the_form_fills_in_the_signed_in_persons_email(client, process):
    client.force_login(UserFactory(email="karin.berg@example.org"))
    html = client.get(url(process, "ide")).content.decode()
    assert 'value="karin.berg@example.org"' in html


def test_empty_text_is_refused(client, process):
    response = client.post(url(process, "ide"), idea(text=""))
    assert "text" in response.context["form"].errors


def test_photo_drawing_pdf_and_film_are_accepted(client, process):
    files = [
        upload("teckning.png", image_bytes("PNG"), "image/png"),
        upload("foto.jpg", image_bytes("JPEG"), "image/jpeg"),
        upload("foto.webp", image_bytes("WEBP"), "image/webp"),
        upload("rapport.pdf", PDF_BYTES, "application/pdf"),
        upload("film.mp4", MP4_BYTES, "video/mp4"),
    ]
    response = client.post(url(process, "ide"), idea(files=files, media_description="En teckning"))
    assert response.status_code == 302
    kinds = list(Attachment.objects.order_by("order").values_list("media_kind", "content_type"))
    assert kinds == [
        (MediaKind.IMAGE, "image/png"),
        (MediaKind.IMAGE, "image/jpeg"),
        (MediaKind.IMAGE, "image/webp"),
        (MediaKind.PDF, "application/pdf"),
        (MediaKind.VIDEO, "video/mp4"),
    ]
    for attachment in Attachment.objects.all():
        name = attachment.file.name.rsplit("/", 1)[-1]
        assert "teckning" not in name and "foto" not in name and "film" not in name
        assert len(name.split(".")[0]) == 32  # a uuid


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("teckning.jpg", PDF_BYTES, "image/jpeg"),  # a PDF renamed .jpg is not a picture...
        ("bild.png", b"just some text, not a picture at all" * 10, "image/png"),
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 200, "image/png"),
        ("sida.html", b"<html><script>alert(1)</script></html>", "image/png"),
    ],
)
def test_spoofed_or_unknown_file_is_refused(client, process, name, content, claimed):
    response = client.post(url(process, "ide"), idea(files=[upload(name, content, claimed)]))
    if content == PDF_BYTES:
        # ...it is stored as the PDF it really is, never served as an image.
        assert response.status_code == 302
        assert Attachment.objects.get().media_kind == MediaKind.PDF
        return
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_png_header_with_broken_body_is_refused(client, process):
    broken = image_bytes("PNG")[:40]
    response = client.post(
        url(process, "ide"), idea(files=[upload("bild.png", broken, "image/png")])
    )
    assert response.status_code == 200
    assert not Contribution.objects.exists()
    assert not Attachment.objects.exists()


def test_files_must_be_chosen_again_after_an_error_and_the_page_says_so(client, process):
    data = {"title": "T", "text": "", "files": [upload("a.png", image_bytes(), "image/png")]}
    response = client.post(url(process, "ide"), data)
    assert response.context["files_lost"] is True
    assert 'id="form-errors"' in response.content.decode()


def test_oversize_file_is_refused(client, process, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 1000
    big = upload("stor.pdf", PDF_BYTES + b"%" * 2000, "application/pdf")
    response = client.post(url(process, "ide"), idea(files=[big]))
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_too_many_files_are_refused(client, process):
    files = [upload(f"{n}.pdf", PDF_BYTES, "application/pdf") for n in range(11)]
    response = client.post(url(process, "ide"), idea(files=files))
    assert "files" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_files_too_large_together_are_refused(client, process, settings):
    settings.UPLOAD_MAX_TOTAL_BYTES = len(PDF_BYTES) + 10
    files = [upload(f"{n}.pdf", PDF_BYTES, "application/pdf") for n in range(2)]
    response = client.post(url(process, "ide"), idea(files=files))
    assert "files" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_picture_of_children_needs_guardian_consent(client, process):
    files = [upload("barn.jpg", image_bytes("JPEG"), "image/jpeg")]
    response = client.post(url(process, "ide"), idea(files=files, shows_children="on"))
    assert "guardian_consent" in response.context["form"].errors
    assert not Contribution.objects.exists()
    files = [upload("barn.jpg", image_bytes("JPEG"), "image/jpeg")]
    response = client.post(
        url(process, "ide"), idea(files=files, shows_children="on", guardian_consent="on")
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.shows_children and attachment.guardian_consent


def test_email_gets_receipt_with_tracking_link(client, process, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(process, "ide"), idea(email="elin@example.org"))
    contribution = Contribution.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["elin@example.org"]
    assert f"/bidrag/folj/{contribution.tracking_token}/" in message.body


def test_no_email_no_message(client, process, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(process, "ide"), idea())
    assert mail.outbox == []


def test_filled_honeypot_is_silently_discarded(client, process):
    response = client.post(url(process, "ide"), idea(website="http://spam.example"))
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert 'id="tracking-link"' not in receipt.content.decode()


def test_honeypot_is_hidden_from_people_and_screen_readers(client, process):
    html = client.get(url(process, "ide")).content.decode()
    assert 'class="vp-hp"  aria-hidden="true"' in html or 'aria-hidden="true"' in html
    assert 'name="website" tabindex="-1"' in html


def test_stage_not_taking_input_shows_a_friendly_explanation(client):
    process = ProcessFactory(current_stage=StageKind.DRAFTING)
    for target in (
        reverse("contributions:submit_start", args=[process.slug]),
        url(process, "ide"),
    ):
        response = client.get(target)
        assert response.status_code == 200
        assert "contributions/public/submit_closed.html" in [t.name for t in response.templates]
    response = client.post(url(process, "ide"), idea())
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_engagement_stage_takes_input(client):
    process = ProcessFactory(current_stage=StageKind.ENGAGEMENT)
    assert client.post(url(process, "ide"), idea()).status_code == 302
    assert Contribution.objects.get().stage.key == StageKind.ENGAGEMENT


def test_signed_out_visitor_is_sent_to_login_when_anonymous_input_is_off(client):
    process = ProcessFactory(allow_anonymous_contributions=False)
    response = client.get(url(process, "ide"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    response = client.post(url(process, "ide"), idea())
    assert "/konto/login/" in response["Location"]
    assert not Contribution.objects.exists()
    user = UserFactory()
    client.force_login(user)
    assert client.post(url(process, "ide"), idea()).status_code == 302
    assert Contribution.objects.get().author == user


def test_unknown_kind_is_404(client, process):
    assert client.get(url(process, "statement")).status_code == 404


def test_rate_limit_answers_429_with_a_friendly_message(client, process, settings):
    set_rate(settings, "contributions.submit", "2/h")
    assert client.post(url(process, "ide"), idea()).status_code == 302
    assert client.post(url(process, "ide"), idea()).status_code == 302
    response = client.post(url(process, "ide"), idea())
    assert response.status_code == 429
    assert 'id="rate-limited"' in response.content.decode()
    assert Contribution.objects.count() == 2
    # Another address is not affected.
    other = client.post(url(process, "ide"), idea(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_a_closed_stage_is_closed_to_a_superuser_too(client):
    """The stage's state is asked of the rule itself: a superuser, who holds every permission,
    still sees that the stage takes no contributions (and the wall offers no button)."""
    process = ProcessFactory(current_stage=StageKind.DRAFTING)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("contributions:submit_start", args=[process.slug]))
    assert response.status_code == 200
    assert "contributions/public/submit_closed.html" in [t.name for t in response.templates]
    wall = client.get(reverse("contributions:wall", args=[process.slug]))
    assert wall.status_code == 200 and wall.context["can_submit"] is False
