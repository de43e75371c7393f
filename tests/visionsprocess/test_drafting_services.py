"""Drafting and adoption services: the lock, the conflict, consultation, the adoption path."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.media_files import pdf_bytes
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.drafting import services
from visionsprocess.models import AuditEntry, Role, VersionState

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


@pytest.fixture
def world():
    process = ProcessFactory(current_stage="drafting")
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    drafting_round, version = draft_world(process, actor=politician)
    return {
        "process": process,
        "politician": politician,
        "clerk": clerk,
        "official": official,
        "round": drafting_round,
        "version": version,
        "bodies": bodies_for(process),
    }


def test_new_version_copies_paragraphs_with_the_same_lineage(world):
    old = world["version"]
    new = services.version_create_next(version=old, actor=world["politician"], change_note="Ny")
    old.refresh_from_db()
    assert old.state == VersionState.SUPERSEDED
    assert new.number == old.number + 1 and new.based_on == old
    assert [p.lineage for p in new.paragraphs.all()] == [p.lineage for p in old.paragraphs.all()]
    assert [p.text for p in new.paragraphs.all()] == [p.text for p in old.paragraphs.all()]


@pytest.mark.parametrize("state", ["superseded", "consultation", "decided", "adopted"])
def test_locked_version_cannot_be_changed(world, state):
    version = world["version"]
    version.state = state
    version.adopted_on = dt.date(2019, 11, 25)
    version.save()
    paragraph = version.paragraphs.first()
    actor = world["politician"]
    attempts = [
        lambda: services.paragraph_edit(
            paragraph=paragraph, text="Ändrad", base_revision=paragraph.revision, actor=actor
        ),
        lambda: services.paragraph_add(version=version, text="Nytt", actor=actor),
        lambda: services.paragraph_move(paragraph=paragraph, direction="down", actor=actor),
        lambda: services.paragraph_delete(paragraph=paragraph, actor=actor),
        lambda: services.version_set_change_note(version=version, change_note="x", actor=actor),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "locked"
    paragraph.refresh_from_db()
    assert paragraph.text != "Ändrad"
    assert version.paragraphs.count() == 4


def test_edit_conflict_saves_nothing_and_returns_both_texts(world):
    paragraph = world["version"].paragraphs.get(order=2)
    base = paragraph.revision
    services.paragraph_edit(
        paragraph=paragraph, text="Först sparad text", base_revision=base, actor=world["official"]
    )
    with pytest.raises(services.EditConflict) as error:
        services.paragraph_edit(
            paragraph=paragraph, text="Min text", base_revision=base, actor=world["politician"]
        )
    assert error.value.their_text == "Först sparad text"
    assert error.value.your_text == "Min text"
    paragraph.refresh_from_db()
    assert paragraph.text == "Först sparad text" and paragraph.revision == base + 1


def test_move_and_delete_keep_order_contiguous(world):
    version = world["version"]
    last = version.paragraphs.get(order=4)
    services.paragraph_move(paragraph=last, direction="up", actor=world["politician"])
    assert version.paragraphs.get(pk=last.pk).order == 3
    with pytest.raises(ValidationError):
        services.paragraph_move(
            paragraph=version.paragraphs.get(order=1), direction="up", actor=world["politician"]
        )
    services.paragraph_delete(paragraph=version.paragraphs.get(order=1), actor=world["politician"])
    assert list(version.paragraphs.values_list("order", flat=True)) == [1, 2, 3]


def test_split_keeps_lineage_on_the_first_part(world):
    paragraph = world["version"].paragraphs.get(order=2)
    first, second = services.paragraph_split(
        paragraph=paragraph,
        first_text="Vi bygger framtiden tillsammans.",
        second_text="Med föreningar, företag och skolor.",
        base_revision=paragraph.revision,
        actor=world["politician"],
    )
    assert first.lineage == paragraph.lineage
    assert second.split_from == paragraph.lineage and second.order == 3


def test_comments_thread_reply_and_resolve(world):
    paragraph = world["version"].paragraphs.first()
    thread = services.comment_add(paragraph=paragraph, author=world["politician"], text="Bra!")
    reply = services.comment_add(
        paragraph=paragraph, author=world["official"], text="Håller med", parent=thread
    )
    nested = services.comment_add(
        paragraph=paragraph, author=world["politician"], text="Tack", parent=reply
    )
    assert nested.parent == thread
    with pytest.raises(ValidationError):
        services.comment_resolve(comment=reply, actor=world["official"])
    services.comment_resolve(comment=thread, actor=world["official"])
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == world["official"]


def test_comment_must_not_be_empty(world):
    with pytest.raises(ValidationError):
        services.comment_add(
            paragraph=world["version"].paragraphs.first(), author=world["politician"], text="  "
        )


def _send(world, days=14):
    return services.consultation_send(
        version=world["version"],
        deadline=timezone.localdate() + dt.timedelta(days=days),
        bodies=[world["bodies"]["KS"]],
        organisations="Kramfors idrottsförening\nFöretagarna",
        actor=world["official"],
    )


def test_consultation_locks_the_version_and_takes_answers_per_paragraph(world):
    consultation = _send(world)
    version = world["version"]
    version.refresh_from_db()
    assert version.state == VersionState.CONSULTATION
    paragraph = version.paragraphs.get(order=3)
    services.consultation_answer_submit(
        consultation=consultation,
        paragraph=paragraph,
        respondent_name="Anna",
        organisation="Företagarna",
        email="anna@example.org",
        text="Lägg till näringslivet.",
        attachment=SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf"),
    )
    services.consultation_answer_submit(
        consultation=consultation,
        respondent_name="Olle",
        email="olle@example.org",
        text="Bra helhet.",
    )
    from visionsprocess.drafting.selectors import consultation_answers_by_paragraph

    grouped = consultation_answers_by_paragraph(consultation=consultation)
    assert [a.respondent_name for a in grouped["whole"]] == ["Olle"]
    per_paragraph = dict(grouped["paragraphs"])
    assert [a.respondent_name for a in per_paragraph[paragraph]] == ["Anna"]
    answer = per_paragraph[paragraph][0]
    assert answer.attachment.name.endswith(".pdf")
    services.consultation_answer_mark(
        answer=answer, taken_into_account=True, note="Nytt stycke", actor=world["politician"]
    )
    answer.refresh_from_db()
    assert answer.taken_into_account and answer.note == "Nytt stycke"


def test_consultation_answer_rejects_a_disguised_file(world):
    consultation = _send(world)
    fake = SimpleUploadedFile(
        "svar.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        services.consultation_answer_submit(
            consultation=consultation, respondent_name="X", text="Y", attachment=fake
        )
    assert "attachment" in error.value.message_dict
    assert consultation.answers.count() == 0


def test_consultation_answer_after_deadline_is_refused(world):
    consultation = _send(world)
    consultation.deadline = timezone.localdate() - dt.timedelta(days=1)
    consultation.save()
    with pytest.raises(ValidationError):
        services.consultation_answer_submit(
            consultation=consultation, respondent_name="X", text="Y"
        )


def test_answer_on_paragraph_of_another_version_is_refused(world):
    consultation = _send(world)
    other = ProcessFactory()
    _round, other_version = draft_world(other)
    with pytest.raises(ValidationError):
        services.consultation_answer_submit(
            consultation=consultation,
            respondent_name="X",
            text="Y",
            paragraph=other_version.paragraphs.first(),
        )


def test_adoption_path_order_and_adoption(world):
    version, clerk, bodies = world["version"], world["clerk"], world["bodies"]
    services.adoption_path_set(
        process=world["process"], bodies=[bodies["KSAU"], bodies["KS"], bodies["KF"]], actor=clerk
    )
    common = {"version": version, "dnr": "KS 2019/160", "outcome": "approved", "actor": clerk}
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            body=bodies["KS"], meeting_date=dt.date(2019, 11, 6), paragraph_number=187, **common
        )
    assert "KSAU" in str(error.value)
    services.decision_record(
        body=bodies["KSAU"], meeting_date=dt.date(2019, 10, 23), paragraph_number=201, **common
    )
    version.refresh_from_db()
    assert version.state == VersionState.DECIDED
    with pytest.raises(ValidationError):
        services.paragraph_add(version=version, text="För sent", actor=world["politician"])
    services.decision_record(
        body=bodies["KS"], meeting_date=dt.date(2019, 11, 6), paragraph_number=187, **common
    )
    services.decision_record(
        body=bodies["KF"], meeting_date=dt.date(2019, 11, 25), paragraph_number=112, **common
    )
    version.refresh_from_db()
    assert version.state == VersionState.ADOPTED and version.adopted_on == dt.date(2019, 11, 25)
    with pytest.raises(ValidationError):
        services.version_create_next(version=version, actor=world["politician"])
    with pytest.raises(ValidationError):
        services.decision_record(
            body=bodies["KF"], meeting_date=dt.date(2019, 12, 1), paragraph_number=1, **common
        )


@pytest.mark.parametrize("dnr", ["KS2019/160", "2019/160", "KS 19/160", "ks 2019/160", "<b>"])
def test_malformed_dnr_is_refused(world, dnr):
    bodies = world["bodies"]
    services.adoption_path_set(
        process=world["process"], bodies=[bodies["KS"]], actor=world["clerk"]
    )
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            version=world["version"],
            body=bodies["KS"],
            meeting_date=dt.date(2019, 11, 6),
            paragraph_number=187,
            dnr=dnr,
            outcome="approved",
            actor=world["clerk"],
        )
    assert "dnr" in error.value.message_dict


def test_duplicate_paragraph_number_for_body_and_date_is_refused(world):
    bodies, clerk = world["bodies"], world["clerk"]
    services.adoption_path_set(process=world["process"], bodies=[bodies["KS"]], actor=clerk)
    other = ProcessFactory()  # same municipality, same bodies
    _r, other_version = draft_world(other)
    services.adoption_path_set(process=other, bodies=[bodies["KS"]], actor=clerk)
    services.decision_record(
        version=other_version,
        body=bodies["KS"],
        meeting_date=dt.date(2019, 11, 6),
        paragraph_number=187,
        dnr="KS 2019/161",
        outcome="approved",
        actor=clerk,
    )
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            version=world["version"],
            body=bodies["KS"],
            meeting_date=dt.date(2019, 11, 6),
            paragraph_number=187,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )
    assert "§" in str(error.value)


def test_decision_on_a_version_that_is_not_the_latest_is_refused(world):
    bodies, clerk = world["bodies"], world["clerk"]
    services.adoption_path_set(process=world["process"], bodies=[bodies["KS"]], actor=clerk)
    services.version_create_next(version=world["version"], actor=world["politician"])
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            version=world["version"],
            body=bodies["KS"],
            meeting_date=dt.date(2019, 11, 6),
            paragraph_number=187,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )
    assert error.value.code == "not_latest"


def test_sent_back_version_stops_until_a_new_version(world):
    bodies, clerk = world["bodies"], world["clerk"]
    services.adoption_path_set(
        process=world["process"], bodies=[bodies["KS"], bodies["KF"]], actor=clerk
    )
    services.decision_record(
        version=world["version"],
        body=bodies["KS"],
        meeting_date=dt.date(2019, 11, 6),
        paragraph_number=187,
        dnr="KS 2019/160",
        outcome="sent_back",
        actor=clerk,
    )
    with pytest.raises(ValidationError):
        services.decision_record(
            version=world["version"],
            body=bodies["KF"],
            meeting_date=dt.date(2019, 11, 25),
            paragraph_number=112,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )
    new = services.version_create_next(version=world["version"], actor=world["politician"])
    assert new.state == VersionState.DRAFT


def test_adoption_then_a_new_round_starts_from_the_adopted_text(world):
    adopt(world["version"], clerk=world["clerk"], bodies=world["bodies"])
    new_round = services.round_create(
        process=world["process"], name="Revidering 2023", actor=world["official"]
    )
    new_version = new_round.versions.get()
    adopted = world["version"]
    adopted.refresh_from_db()
    assert adopted.state == VersionState.ADOPTED
    assert new_version.based_on == adopted and new_version.paragraphs.count() == 4


def test_audit_log_records_every_change(world):
    paragraph = world["version"].paragraphs.first()
    services.paragraph_edit(
        paragraph=paragraph,
        text="Ny rubrik",
        base_revision=paragraph.revision,
        actor=world["politician"],
    )
    services.comment_add(paragraph=paragraph, author=world["official"], text="Kort och bra")
    adopt(world["version"], clerk=world["clerk"], bodies=world["bodies"])
    actions = list(
        AuditEntry.objects.filter(process=world["process"]).values_list("action", flat=True)
    )
    for action in (
        "round_created",
        "version_created",
        "paragraph_added",
        "paragraph_edited",
        "comment_added",
        "adoption_path_set",
        "decision_recorded",
    ):
        assert action in actions
    edit = AuditEntry.objects.get(action="paragraph_edited")
    assert edit.actor == world["politician"] and edit.details["after"] == "Ny rubrik"
    assert edit.details["before"] == "Här gör vi plats för att göra skillnad"


def test_new_version_after_consultation_keeps_the_consultation_state(world):
    version = world["version"]  # a stale copy: still says "draft" in memory
    _send(world)
    services.version_create_next(version=version, actor=world["politician"])
    version.refresh_from_db()
    assert version.state == VersionState.CONSULTATION
