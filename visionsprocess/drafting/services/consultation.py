"""Writes of drafting: comments on paragraphs, and the consultation (sending, answers, marking)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import changes
from ...audit import audit_log
from ...models import (
    Comment,
    Consultation,
    ConsultationAnswer,
    DraftVersion,
    Paragraph,
    VersionState,
)
from ...notices import notice_emit
from ...notices.core import CONSULTATION_OPENED, VISION_ADOPTED
from ...services import absolute_url, process_update
from ...uploads import check_upload
from .. import answers
from ..signals import version_made_public
from .versions import (
    ANSWER_FILE_TYPES,
    _locked_version,
    latest_version,
)

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
