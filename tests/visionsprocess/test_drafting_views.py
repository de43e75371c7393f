"""Drafting pages: public state, conflict page, compare, consultation answers, decisions."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, ModerationState, ParagraphCitation, Theme
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services
from visionsprocess.models import Decision, Role, VersionState

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(current_stage="drafting")
    users = {
        role: ProcessRoleFactory(process=process, role=role).user
        for role in ("politician", "official", "clerk", "admin")
    }
    drafting_round, version = draft_world(process, actor=users["politician"])
    return {"process": process, "users": users, "version": version, "bodies": bodies_for(process)}


def _contribution(process, **kwargs):
    defaults = {
        "kind": "idea",
        "stage": process.stage_by_key("dialogue"),
        "title": "Mer samverkan med föreningarna",
        "text": "Låt föreningarna vara med och bygga framtiden.",
        "consent_to_publish": True,
        "moderation_state": ModerationState.PUBLISHED,
    }
    return Contribution.objects.create(process=process, **(defaults | kwargs))


def test_internal_draft_and_comments_never_reach_the_public_page(client, world):
    paragraph = world["version"].paragraphs.get(order=2)
    services.comment_add(
        paragraph=paragraph, author=world["users"]["politician"], text="Hemlig kommentar"
    )
    response = client.get(world["process"].get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vi bygger framtiden" not in body and "Hemlig kommentar" not in body


def test_consultation_draft_shows_on_the_public_page_without_comments(client, world):
    paragraph = world["version"].paragraphs.get(order=2)
    services.comment_add(paragraph=paragraph, author=world["users"]["politician"], text="Intern")
    consultation = services.consultation_send(
        version=world["version"],
        deadline=timezone.localdate() + dt.timedelta(days=10),
        actor=world["users"]["official"],
    )
    body = client.get(world["process"].get_absolute_url()).content.decode()
    assert "Vi bygger framtiden" in body and "Intern" not in body
    assert reverse("drafting:consultation", args=[world["process"].slug, consultation.pk]) in body


def test_adopted_vision_public_page_shows_decision_and_sources(client, world):
    process, version = world["process"], world["version"]
    paragraph = version.paragraphs.get(order=2)
    theme = Theme.objects.create(process=process, name="Samverkan och föreningsliv")
    published = _contribution(process)
    hidden = _contribution(
        process, title="Opublicerat bidrag", moderation_state=ModerationState.NEW
    )
    for source in ({"theme": theme}, {"contribution": published}, {"contribution": hidden}):
        ParagraphCitation.objects.create(paragraph=paragraph, **source)
    adopt(version, clerk=world["users"]["clerk"], bodies=world["bodies"])
    body = client.get(process.get_absolute_url()).content.decode()
    assert "Antagen av kommunfullmäktige 25 november 2019, § 112, Dnr KS 2019/160" in body
    assert "Detta bygger på" in body
    assert "Samverkan och föreningsliv" in body and "Mer samverkan med föreningarna" in body
    assert "Opublicerat bidrag" not in body
    sources = reverse("contributions:paragraph_sources", args=[process.slug, paragraph.pk])
    assert sources in body
    page = client.get(sources).content.decode()
    assert "Låt föreningarna vara med" in page and "Opublicerat" not in page


def test_public_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    process, version = world["process"], world["version"]
    theme = Theme.objects.create(process=process, name="Samverkan")
    for paragraph in version.paragraphs.all():
        ParagraphCitation.objects.create(paragraph=paragraph, theme=theme)
        ParagraphCitation.objects.create(paragraph=paragraph, contribution=_contribution(process))
    adopt(version, clerk=world["users"]["clerk"], bodies=world["bodies"])
    # 21: the sections of e-förslag and of the remissammanställning came in (one query each)
    with django_assert_max_num_queries(21):
        assert client.get(process.get_absolute_url()).status_code == 200


def test_edit_conflict_page_shows_both_texts_and_saves_nothing(client, world):
    paragraph = world["version"].paragraphs.get(order=3)
    url = reverse("drafting:paragraph_edit", args=[world["process"].slug, paragraph.pk])
    client.force_login(world["users"]["politician"])
    old_revision = paragraph.revision
    services.paragraph_edit(
        paragraph=paragraph,
        text="Kollegans version av stycket.",
        base_revision=old_revision,
        actor=world["users"]["official"],
    )
    response = client.post(
        url,
        {
            "kind": "body",
            "short_title": "Inflytande",
            "text": "Min version.",
            "revision": old_revision,
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Kollegans version av stycket." in body and "Min version." in body
    paragraph.refresh_from_db()
    assert paragraph.text == "Kollegans version av stycket."
    # Saving again (based on the text now stored) succeeds and keeps what was typed.
    response = client.post(
        url,
        {"kind": "body", "short_title": "", "text": "Min version.", "revision": paragraph.revision},
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == "Min version."


def test_editing_a_locked_version_via_the_page_gives_a_clear_error(client, world):
    version = world["version"]
    version.state = VersionState.SUPERSEDED
    version.save()
    paragraph = version.paragraphs.first()
    client.force_login(world["users"]["politician"])
    response = client.post(
        reverse("drafting:paragraph_edit", args=[world["process"].slug, paragraph.pk]),
        {"kind": "body", "text": "Nytt", "revision": paragraph.revision},
    )
    assert response.status_code == 200
    assert "Versionen är låst" in response.content.decode()


def test_compare_page_shows_changes_with_text_labels(client, world):
    new = services.version_create_next(version=world["version"], actor=None)
    paragraph = new.paragraphs.get(order=2)
    services.paragraph_edit(
        paragraph=paragraph, text="Vi bygger framtiden ihop.", base_revision=1, actor=None
    )
    client.force_login(world["users"]["politician"])
    response = client.get(
        reverse("drafting:compare", args=[world["process"].slug]), {"a": 1, "b": new.number}
    )
    body = response.content.decode()
    assert "Ändrat" in body and "<ins>" in body and "tillagt:" in body and "borttaget:" in body


def test_compare_same_version_twice_is_an_error(client, world):
    client.force_login(world["users"]["politician"])
    response = client.get(
        reverse("drafting:compare", args=[world["process"].slug]), {"a": 1, "b": 1}
    )
    assert response.status_code == 200 and "två olika versioner" in response.content.decode()


def test_citizen_answers_a_paragraph_on_the_public_consultation_page(client, world):
    consultation = services.consultation_send(
        version=world["version"],
        deadline=timezone.localdate() + dt.timedelta(days=10),
        actor=world["users"]["official"],
    )
    paragraph = world["version"].paragraphs.get(order=3)
    url = reverse("drafting:consultation", args=[world["process"].slug, consultation.pk])
    bad = client.post(
        url,
        {
            "paragraph": paragraph.pk,
            "respondent_name": "Kerstin",
            "text": "Viktigt stycke <script>",
            "attachment": SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf"),
        },
    )
    assert bad.status_code == 200 and consultation.answers.count() == 0
    assert "Viktigt stycke &lt;script&gt;" in bad.content.decode()  # kept what was typed
    response = client.post(
        url,
        {
            "paragraph": paragraph.pk,
            "respondent_name": "Kerstin",
            "email": "kerstin@example.org",
            "text": "Viktigt stycke",
        },
    )
    assert response.status_code == 302
    answer = consultation.answers.get()
    assert answer.paragraph == paragraph and answer.submitted_by is None
    assert response["Location"] == reverse("drafting:answer_track", args=[answer.tracking_token])
    client.force_login(world["users"]["politician"])
    page = client.get(
        reverse("drafting:consultation_answers", args=[world["process"].slug, consultation.pk])
    ).content.decode()
    assert "Kerstin" in page


def test_without_anonymous_input_a_signed_out_answer_needs_a_name_and_an_address(client, world):
    process = world["process"]
    process.allow_anonymous_contributions = False
    process.save()
    consultation = services.consultation_send(
        version=world["version"],
        deadline=timezone.localdate() + dt.timedelta(days=10),
        actor=world["users"]["official"],
    )
    url = reverse("drafting:consultation", args=[process.slug, consultation.pk])
    response = client.post(url, {"text": "Hej"})
    assert response.status_code == 200 and "Skriv ditt namn" in response.content.decode()
    client.post(url, {"respondent_name": "Utan adress", "text": "Hej"})
    assert consultation.answers.count() == 0
    client.force_login(UserFactory())
    client.post(url, {"respondent_name": "Inloggad", "text": "Hej"})
    answer = consultation.answers.get()
    assert answer.respondent_name == "Inloggad" and answer.is_confirmed


def test_clerk_records_decisions_and_errors_keep_the_input(client, world):
    process, bodies = world["process"], world["bodies"]
    services.adoption_path_set(
        process=process, bodies=[bodies["KS"], bodies["KF"]], actor=world["users"]["clerk"]
    )
    client.force_login(world["users"]["clerk"])
    url = reverse("drafting:decision_record", args=[process.slug])
    data = {
        "version": "1",
        "body": bodies["KF"].pk,
        "meeting_date": "2019-11-25",
        "paragraph_number": "112",
        "dnr": "KS 2019/160",
        "outcome": "approved",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "KS" in response.content.decode()
    assert "Fel ordning" in response.content.decode()
    response = client.post(url, data | {"body": bodies["KS"].pk, "dnr": "KS-2019-160"})
    assert "KS-2019-160" in response.content.decode() and not Decision.objects.exists()
    response = client.post(url, data | {"body": bodies["KS"].pk, "meeting_date": "2019-11-06"})
    assert response.status_code == 302
    response = client.post(url, data)
    assert response.status_code == 302
    world["version"].refresh_from_db()
    assert world["version"].state == VersionState.ADOPTED


def test_decision_form_preselects_the_next_body_of_the_path_and_the_dnr(client, world):
    process, bodies = world["process"], world["bodies"]
    clerk = world["users"]["clerk"]
    services.adoption_path_set(process=process, bodies=[bodies["KS"], bodies["KF"]], actor=clerk)
    client.force_login(clerk)
    url = reverse("drafting:decision_record", args=[process.slug])
    form = client.get(url).context["form"]
    assert form["body"].value() == bodies["KS"].pk and not form["dnr"].value()
    services.decision_record(
        version=world["version"],
        body=bodies["KS"],
        meeting_date=dt.date(2019, 11, 6),
        paragraph_number=201,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
    )
    page = client.get(url)
    form = page.context["form"]
    assert form["body"].value() == bodies["KF"].pk and form["dnr"].value() == "KS 2019/160"
    assert f'<option value="{bodies["KF"].pk}" selected>' in page.content.decode()


def test_audit_log_is_readable_by_officials(client, world):
    client.force_login(world["users"]["official"])
    response = client.get(reverse("drafting:audit_log", args=[world["process"].slug]))
    assert response.status_code == 200 and "paragraph_added" in response.content.decode()


def test_official_of_another_process_cannot_see_drafts(client, world):
    other = ProcessFactory()
    client.force_login(ProcessRoleFactory(process=other, role=Role.OFFICIAL).user)
    response = client.get(reverse("drafting:version", args=[world["process"].slug, 1]))
    assert response.status_code == 403


def test_politician_splits_a_paragraph_through_the_page(client, world):
    paragraph = world["version"].paragraphs.get(order=2)
    client.force_login(world["users"]["politician"])
    url = reverse("drafting:paragraph_split", args=[world["process"].slug, paragraph.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"first_text": "Vi bygger.", "second_text": "", "revision": 1})
    assert response.status_code == 200 and world["version"].paragraphs.count() == 4
    response = client.post(
        url, {"first_text": "Vi bygger.", "second_text": "Tillsammans.", "revision": 1}
    )
    assert response.status_code == 302
    texts = list(world["version"].paragraphs.values_list("text", flat=True))
    assert texts[1:3] == ["Vi bygger.", "Tillsammans."]
