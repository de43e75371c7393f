"""Writes of drafting and adoption. Keyword-only, atomic, validated, and written to the audit log.

The lock: a version that is superseded, on consultation, decided on or adopted never changes.
Every service that changes a version or its paragraphs calls ``_ensure_editable`` first.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import changes
from ..audit import audit_log
from ..decisions.services import decision_check, decision_recorded
from ..models import (
    APPROVING_OUTCOMES,
    MATTER_DRAFT_VERSION,
    AdoptionPath,
    AdoptionStep,
    Body,
    Comment,
    Consultation,
    ConsultationAnswer,
    Decision,
    DraftingRound,
    DraftVersion,
    Paragraph,
    ParagraphKind,
    VersionState,
    VisionProcess,
)
from ..notices import notice_emit
from ..notices.core import CONSULTATION_OPENED, VISION_ADOPTED
from ..registry import decision_matters
from ..services import absolute_url, process_update
from ..uploads import check_upload
from . import answers
from .signals import paragraphs_copied, version_made_public

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ANSWER_FILE_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}


class EditConflict(ValidationError):
    """Someone else saved the paragraph after the editor opened it. Nothing was saved."""

    def __init__(self, *, paragraph: Paragraph, their_text: str, your_text: str):
        super().__init__(
            _(
                "Someone else changed this paragraph while you were editing it. Nothing was "
                "saved. Compare the two texts below, then save again."
            ),
            code="edit_conflict",
        )
        self.paragraph = paragraph
        self.their_text = their_text
        self.your_text = your_text


# --- Audit ------------------------------------------------------------------------------------


# --- Versions ---------------------------------------------------------------------------------


def latest_version(process: VisionProcess) -> DraftVersion | None:
    return (
        DraftVersion.objects.for_process(process)
        .select_related("round__process")
        .order_by("-number")
        .first()
    )


def _ensure_editable(version: DraftVersion) -> None:
    if version.is_locked:
        raise ValidationError(
            _(
                "The version is locked (%(state)s) and can no longer be changed. Make a new "
                "version to change the text."
            )
            % {"state": version.get_state_display().lower()},
            code="locked",
        )


def _copy_paragraphs(*, source: DraftVersion, target: DraftVersion, actor) -> None:
    mapping = {}
    for paragraph in source.paragraphs.order_by("order", "pk"):
        mapping[paragraph.pk] = Paragraph.objects.create(
            version=target,
            order=paragraph.order,
            kind=paragraph.kind,
            short_title=paragraph.short_title,
            text=paragraph.text,
            lineage=paragraph.lineage,
            split_from=paragraph.split_from,
        )
    if mapping:
        paragraphs_copied.send(sender=Paragraph, mapping=mapping, actor=actor)


def _new_version(*, round: DraftingRound, based_on: DraftVersion | None, actor, change_note=""):
    process = round.process
    number = (
        DraftVersion.objects.for_process(process).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    version = DraftVersion(
        round=round, number=number, author=actor, based_on=based_on, change_note=change_note
    )
    version.full_clean()
    version.save()
    if based_on is not None:
        _copy_paragraphs(source=based_on, target=version, actor=actor)
        if based_on.state == VersionState.DRAFT:
            based_on.state = VersionState.SUPERSEDED
            based_on.save(update_fields=["state"])
    audit_log(
        process=process,
        actor=actor,
        action="version_created",
        obj=version,
        based_on=based_on.number if based_on else None,
    )
    return version


@transaction.atomic
def round_create(
    *,
    process: VisionProcess,
    name: str,
    actor,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    participants=(),
) -> DraftingRound:
    """Start a drafting round. Its first version is a copy of the process's latest text."""
    VisionProcess.objects.select_for_update().get(pk=process.pk)
    drafting_round = DraftingRound(process=process, name=name, starts_on=starts_on, ends_on=ends_on)
    drafting_round.full_clean()
    drafting_round.save()
    drafting_round.participants.set(participants)
    audit_log(process=process, actor=actor, action="round_created", obj=drafting_round)
    _new_version(round=drafting_round, based_on=latest_version(process), actor=actor)
    return drafting_round


@transaction.atomic
def version_create_next(*, version: DraftVersion, actor, change_note: str = "") -> DraftVersion:
    """A new version in the same round, starting as a copy of ``version`` (the latest)."""
    process = version.round.process
    VisionProcess.objects.select_for_update().get(pk=process.pk)
    # Work on the stored state, never on a stale copy held by the caller.
    version = DraftVersion.objects.select_related("round__process").get(pk=version.pk)
    latest = latest_version(process)
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("Only the latest version can be the basis of a new version."), code="not_latest"
        )
    if version.state == VersionState.ADOPTED:
        raise ValidationError(
            _("This text has been adopted. Start a new drafting round to change it."),
            code="adopted",
        )
    return _new_version(round=version.round, based_on=version, actor=actor, change_note=change_note)


@transaction.atomic
def version_set_change_note(*, version: DraftVersion, change_note: str, actor) -> DraftVersion:
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_editable(version)
    version.change_note = change_note
    version.full_clean()
    version.save(update_fields=["change_note"])
    audit_log(
        process=version.process,
        actor=actor,
        action="change_note_set",
        obj=version,
        change_note=change_note,
    )
    return version


# --- Paragraphs -------------------------------------------------------------------------------


def _locked_version(version_id: int) -> DraftVersion:
    version = DraftVersion.objects.select_for_update().select_related("round__process")
    version = version.get(pk=version_id)
    _ensure_editable(version)
    return version


def _renumber(version: DraftVersion) -> list[Paragraph]:
    paragraphs = list(version.paragraphs.order_by("order", "pk"))
    for index, paragraph in enumerate(paragraphs, start=1):
        if paragraph.order != index:
            paragraph.order = index
            Paragraph.objects.filter(pk=paragraph.pk).update(order=index)
    return paragraphs


@transaction.atomic
def paragraph_add(
    *,
    version: DraftVersion,
    text: str,
    actor,
    kind: str = ParagraphKind.BODY,
    short_title: str = "",
    after: Paragraph | None = None,
) -> Paragraph:
    version = _locked_version(version.pk)
    paragraphs = _renumber(version)
    if after is not None and after.version_id != version.pk:
        raise ValidationError(_("The paragraph belongs to another version."))
    position = (after.order if after is not None else len(paragraphs)) + 1
    version.paragraphs.filter(order__gte=position).update(order=F("order") + 1)
    paragraph = Paragraph(
        version=version, order=position, kind=kind, short_title=short_title, text=text.strip()
    )
    paragraph.full_clean()
    paragraph.save()
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_added",
        obj=paragraph,
        version=version.number,
        text=paragraph.text,
    )
    return paragraph


@transaction.atomic
def paragraph_edit(
    *,
    paragraph: Paragraph,
    text: str,
    base_revision: int,
    actor,
    kind: str | None = None,
    short_title: str | None = None,
) -> Paragraph:
    """Save an edit made on ``base_revision``; raise EditConflict if it changed meanwhile."""
    version = _locked_version(paragraph.version_id)
    current = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    text = text.strip()
    if current.revision != base_revision:
        raise EditConflict(paragraph=current, their_text=current.text, your_text=text)
    before = current.text
    current.text = text
    if kind is not None:
        current.kind = kind
    if short_title is not None:
        current.short_title = short_title
    current.full_clean()
    # The revision check is repeated in the UPDATE itself, so two requests at once cannot both win.
    updated = Paragraph.objects.filter(pk=current.pk, revision=base_revision).update(
        text=current.text,
        kind=current.kind,
        short_title=current.short_title,
        revision=F("revision") + 1,
    )
    if not updated:  # pragma: no cover - only without row locks (SQLite serialises writes)
        fresh = Paragraph.objects.get(pk=current.pk)
        raise EditConflict(paragraph=fresh, their_text=fresh.text, your_text=text)
    current.refresh_from_db()
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_edited",
        obj=current,
        version=version.number,
        before=before,
        after=current.text,
    )
    return current


@transaction.atomic
def paragraph_move(*, paragraph: Paragraph, direction: str, actor) -> Paragraph:
    version = _locked_version(paragraph.version_id)
    paragraphs = _renumber(version)
    index = next(i for i, p in enumerate(paragraphs) if p.pk == paragraph.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(paragraphs):
        raise ValidationError(_("The paragraph cannot be moved further."))
    current, other = paragraphs[index], paragraphs[other_index]
    Paragraph.objects.filter(pk=current.pk).update(order=other.order)
    Paragraph.objects.filter(pk=other.pk).update(order=current.order)
    current.refresh_from_db()
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_moved",
        obj=current,
        version=version.number,
        direction=direction,
    )
    return current


@transaction.atomic
def paragraph_delete(*, paragraph: Paragraph, actor) -> None:
    version = _locked_version(paragraph.version_id)
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_deleted",
        obj=paragraph,
        version=version.number,
        text=paragraph.text,
    )
    paragraph.delete()
    _renumber(version)


@transaction.atomic
def paragraph_split(
    *, paragraph: Paragraph, first_text: str, second_text: str, base_revision: int, actor
) -> tuple[Paragraph, Paragraph]:
    """Split a paragraph in two. The first part keeps the lineage; the second remembers it."""
    if not first_text.strip() or not second_text.strip():
        raise ValidationError(_("Both parts of a split paragraph need text."))
    first = paragraph_edit(
        paragraph=paragraph, text=first_text, base_revision=base_revision, actor=actor
    )
    second = paragraph_add(
        version=first.version, text=second_text, kind=first.kind, after=first, actor=actor
    )
    second.split_from = first.lineage
    second.save(update_fields=["split_from"])
    paragraphs_copied.send(sender=Paragraph, mapping={first.pk: second}, actor=actor)
    audit_log(
        process=first.version.process,
        actor=actor,
        action="paragraph_split",
        obj=first,
        version=first.version.number,
        new_paragraph=second.pk,
    )
    return first, second


# --- Comments ---------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, paragraph: Paragraph, author, text: str, parent: Comment | None = None):
    if parent is not None:
        if parent.paragraph_id != paragraph.pk:
            raise ValidationError(_("The reply must be on the same paragraph."))
        while parent.parent_id:  # threads are one level deep: replies go to the first comment
            parent = parent.parent
    comment = Comment(paragraph=paragraph, author=author, text=text.strip(), parent=parent)
    comment.full_clean()
    comment.save()
    audit_log(
        process=paragraph.process,
        actor=author,
        action="comment_replied" if parent else "comment_added",
        obj=comment,
        paragraph=paragraph.pk,
        text=comment.text,
    )
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, actor, resolved: bool = True) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.parent_id:
        raise ValidationError(_("Only a whole thread can be marked as resolved."))
    comment.resolved_by = actor if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment.save(update_fields=["resolved_by", "resolved_at"])
    audit_log(
        process=comment.process,
        actor=actor,
        action="comment_resolved" if resolved else "comment_reopened",
        obj=comment,
    )
    return comment


# --- Consultation -----------------------------------------------------------------------------


@transaction.atomic
def consultation_send(
    *,
    version: DraftVersion,
    deadline: dt.date,
    actor,
    bodies=(),
    organisations: str = "",
    introduction: str = "",
) -> Consultation:
    version = _locked_version(version.pk)
    latest = latest_version(version.process)
    if latest.pk != version.pk:
        raise ValidationError(_("Only the latest version can be sent on consultation."))
    if not version.paragraphs.exists():
        raise ValidationError(_("An empty version cannot be sent on consultation."))
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The last day to answer must be in the future.")})
    consultation = Consultation(
        version=version,
        deadline=deadline,
        organisations=organisations.strip(),
        introduction=introduction.strip(),
        created_by=actor,
    )
    consultation.full_clean()
    consultation.save()
    consultation.bodies.set(bodies)
    version.state = VersionState.CONSULTATION
    version.save(update_fields=["state"])
    audit_log(
        process=version.process,
        actor=actor,
        action="consultation_sent",
        obj=version,
        deadline=deadline.isoformat(),
        bodies=[body.short_name for body in bodies],
    )
    _advance_to_stage_opening(version.process, "consultation")
    _notice_made_public(version=version, consultation=consultation)
    return consultation


def _advance_to_stage_opening(process, key: str) -> None:
    """One truth for the process map: while a draft is out on consultation, the process stands
    in the stage that opens consultation. Sending a draft on consultation moves the process
    forward to that stage (never back: a process already further on stays where it is)."""
    process = type(process).objects.select_related("current_stage").get(pk=process.pk)
    current = process.current_stage
    stage = next(
        (
            stage
            for stage in process.stages.order_by("position")
            if stage.accepts(key) and (current is None or stage.position > current.position)
        ),
        None,
    )
    if stage is not None and not (current is not None and current.accepts(key)):
        process_update(process=process, data={"current_stage": stage})


def _notice_made_public(*, version: DraftVersion, consultation: Consultation | None = None):
    """Tell the process's followers, and let the apps tell the followers of what it cites."""
    from django.urls import reverse

    process = version.round.process
    if consultation is not None:
        notice_emit(
            kind=CONSULTATION_OPENED,
            process=process,
            key=f"{CONSULTATION_OPENED}:{consultation.pk}",
            context={
                "process": process.title,
                "deadline": consultation.deadline.isoformat(),
                "url": absolute_url(
                    reverse(
                        "drafting:consultation",
                        kwargs={"slug": process.slug, "pk": consultation.pk},
                    ),
                    municipality=process.municipality_id,
                ),
            },
            process_followers=True,
        )
    else:
        notice_emit(
            kind=VISION_ADOPTED,
            process=process,
            key=f"{VISION_ADOPTED}:{version.pk}",
            context={
                "process": process.title,
                "adopted_on": version.adopted_on.isoformat() if version.adopted_on else "",
                "url": absolute_url(
                    process.get_absolute_url(), municipality=process.municipality_id
                ),
            },
            process_followers=True,
        )
    version_made_public.send(
        sender=DraftVersion, version=version, state=version.state, consultation=consultation
    )


def consultation_is_open(consultation: Consultation) -> bool:
    return consultation.deadline >= timezone.localdate()


@transaction.atomic
def consultation_answer_submit(
    *,
    consultation: Consultation,
    respondent_name: str,
    text: str,
    organisation: str = "",
    paragraph: Paragraph | None = None,
    attachment=None,
    user=None,
    email: str = "",
) -> ConsultationAnswer:
    """Save an answer to a consultation; anyone may answer while it is open.

    Signed in, the answer counts as confirmed at once. Without an account the sender gives a
    name or an organisation and an e-mail address, and the answer counts once the link mailed
    there has been opened; an answer without a name is taken where the process allows anonymous
    input. Every answer gets a private link (``tracking_token``) to its receipt page.
    """
    if not consultation_is_open(consultation):
        raise ValidationError(_("The consultation has closed; answers can no longer be sent."))
    if paragraph is not None and paragraph.version_id != consultation.version_id:
        raise ValidationError({"paragraph": _("Choose a paragraph of the consultation text.")})
    signed_in = getattr(user, "is_authenticated", False)
    respondent_name, organisation = respondent_name.strip(), organisation.strip()
    email = (user.email if signed_in and not email else email).strip()
    errors = answers.check_respondent(
        consultation=consultation,
        respondent_name=respondent_name,
        organisation=organisation,
        email=email,
        signed_in=signed_in,
    )
    if attachment:
        try:
            attachment = check_upload(attachment, allowed=ANSWER_FILE_TYPES)
        except ValidationError as error:
            errors["attachment"] = error.messages
    answer = ConsultationAnswer(
        consultation=consultation,
        paragraph=paragraph,
        respondent_name=respondent_name,
        organisation=organisation,
        email=email,
        text=text.strip(),
        submitted_by=user if signed_in else None,
        confirmed_at=timezone.now() if signed_in else None,
        tracking_token=answers.new_token(),
    )
    try:
        answer.full_clean(exclude=["attachment"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    if attachment:
        answer.attachment = attachment
    answer.save()
    changes.record(process=consultation.process)
    answers.after_submit(answer=answer, user=user if signed_in else None)
    return answer


@transaction.atomic
def consultation_answer_mark(
    *, answer: ConsultationAnswer, taken_into_account: bool, note: str, actor
) -> ConsultationAnswer:
    answer.taken_into_account = taken_into_account
    answer.note = note.strip()
    answer.full_clean()
    answer.save(update_fields=["taken_into_account", "note"])
    audit_log(
        process=answer.process,
        actor=actor,
        action="consultation_answer_marked",
        obj=answer,
        taken_into_account=taken_into_account,
        note=answer.note,
    )
    return answer


# --- Adoption ---------------------------------------------------------------------------------


@transaction.atomic
def adoption_path_set(
    *, process: VisionProcess, bodies: list[Body | list[Body]], actor
) -> AdoptionPath:
    """Set the bodies that decide on the text, in order. An item that is a list of bodies is one
    step they take in parallel (the committees, before KSAU, KS and KF): each of them must
    decide before the next step."""
    groups = [list(item) if isinstance(item, list | tuple) else [item] for item in bodies]
    groups = [group for group in groups if group]
    flat = [body for group in groups for body in group]
    if not flat:
        raise ValidationError(_("Choose at least one body."))
    if len({body.pk for body in flat}) != len(flat):
        raise ValidationError(_("A body can only appear once in the adoption path."))
    if any(body.municipality_id != process.municipality_id for body in flat):
        raise ValidationError(_("Choose bodies of the process's own municipality."))
    if DraftVersion.objects.for_process(process).filter(state=VersionState.DECIDED).exists():
        raise ValidationError(
            _("The adoption path cannot change while a version is on its way through it.")
        )
    path, _created = AdoptionPath.objects.get_or_create(process=process)
    path.steps.all().delete()
    AdoptionStep.objects.bulk_create(
        AdoptionStep(path=path, body=body, order=index)
        for index, group in enumerate(groups, 1)
        for body in group
    )
    audit_log(
        process=process,
        actor=actor,
        action="adoption_path_set",
        obj=path,
        bodies=[" + ".join(body.short_name for body in group) for group in groups],
    )
    return path


def adoption_progress(version: DraftVersion) -> list[dict]:
    """The steps of the path with the decision of each step on ``version`` (or None).

    Bodies of one step (the same ``order``) decide in parallel: every body of the first step
    that is not yet done is next, and the step after waits until all of them are done."""
    path = AdoptionPath.objects.filter(process_id=version.round.process_id).first()
    steps = list(path.steps.select_related("body").order_by("order", "pk")) if path else []
    decisions = list(version.decisions.select_related("body").order_by("meeting_date", "pk"))
    by_body = {}
    for decision in decisions:
        by_body[decision.body_id] = decision  # the last decision of each body counts
    progress = []
    next_order = None
    for step in steps:
        decision = by_body.get(step.body_id)
        done = decision is not None and decision.outcome in APPROVING_OUTCOMES
        if not done and next_order is None:
            next_order = step.order
        is_next = not done and step.order == next_order
        progress.append(
            {
                "step": step,
                "decision": decision,
                "done": done,
                "is_next": is_next,
                "parallel": sum(1 for other in steps if other.order == step.order) > 1,
            }
        )
    return progress


@transaction.atomic
def decision_record(
    *,
    version: DraftVersion,
    body: Body,
    meeting_date: dt.date,
    paragraph_number: int,
    dnr: str,
    outcome: str,
    actor,
    minutes_url: str = "",
    minutes_file=None,
    matter: str = MATTER_DRAFT_VERSION,
    subject: str = "",
) -> Decision:
    process = version.round.process
    VisionProcess.objects.select_for_update().get(pk=process.pk)
    version = DraftVersion.objects.select_related("round__process").get(pk=version.pk)
    latest = latest_version(process)
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("Decisions can only be recorded on the latest version of the text."),
            code="not_latest",
        )
    if version.state == VersionState.ADOPTED:
        raise ValidationError(_("This version has already been adopted."), code="adopted")
    registered = decision_matters.get(matter)
    if registered is None or not registered.on_version:
        raise ValidationError({"matter": _("Choose what was decided.")}, code="matter")
    consultation = Consultation.objects.filter(version=version).first()
    if consultation is not None and consultation_is_open(consultation):
        raise ValidationError(
            _(
                "Version %(number)s is out for consultation until %(deadline)s. A decision on it "
                "can be recorded when the consultation has closed."
            )
            % {"number": version.number, "deadline": consultation.deadline.isoformat()},
            code="on_consultation",
        )
    progress = adoption_progress(version)
    if not progress:
        raise ValidationError(_("The process has no adoption path yet."), code="no_path")
    for item in progress:
        decision = item["decision"]
        if decision is not None and not item["done"]:
            raise ValidationError(
                _(
                    "%(body)s has %(outcome)s this version. Make a new version and start the "
                    "adoption path again."
                )
                % {
                    "body": decision.body.short_name,
                    "outcome": decision.get_outcome_display().lower(),
                },
                code="stopped",
            )
    waiting = [item for item in progress if item["is_next"]]
    if not waiting:
        raise ValidationError(_("This version has already been adopted."), code="adopted")
    next_item = next((item for item in waiting if item["step"].body_id == body.pk), None)
    if next_item is None:
        raise ValidationError(
            {
                "body": _(
                    "Out of order: the next body in the adoption path is %(expected)s, not "
                    "%(body)s."
                )
                % {
                    "expected": ", ".join(item["step"].body.short_name for item in waiting),
                    "body": body.short_name,
                }
            },
            code="out_of_order",
        )
    earlier = [
        item["decision"]
        for item in progress
        if item["done"] and item["step"].order < next_item["step"].order
    ]
    earlier.sort(key=lambda decision: decision.meeting_date)
    if earlier and meeting_date < earlier[-1].meeting_date:
        raise ValidationError(
            {
                "meeting_date": _("The meeting date is before the decision of %(body)s (%(date)s).")
                % {"body": earlier[-1].body.short_name, "date": earlier[-1].meeting_date}
            }
        )
    if not subject.strip() and registered.subject:
        subject = registered.subject(process, "")
    decision = Decision(
        process=process,
        matter=matter,
        subject=subject.strip()[:300],
        version=version,
        body=body,
        meeting_date=meeting_date,
        paragraph_number=paragraph_number,
        dnr=dnr.strip(),
        outcome=outcome,
        minutes_url=minutes_url,
        recorded_by=actor,
    )
    decision_check(decision, minutes_file=minutes_file)
    decision.save()
    # Final: every other step is done, so this decision completes the path.
    is_final = all(item["done"] for item in progress if item is not next_item)
    if outcome in APPROVING_OUTCOMES and is_final:
        version.state = VersionState.ADOPTED
        version.adopted_on = meeting_date
    else:
        version.state = VersionState.DECIDED
    version.save(update_fields=["state", "adopted_on"])
    if version.state == VersionState.ADOPTED:
        _notice_made_public(version=version)
    decision_recorded(decision=decision, actor=actor)
    audit_log(
        process=process,
        actor=actor,
        action="decision_recorded",
        obj=decision,
        version=version.number,
        outcome=outcome,
        dnr=decision.dnr,
        adopted=version.state == VersionState.ADOPTED,
    )
    return decision
