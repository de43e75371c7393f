"""Writes of decisions. The drafting app records decisions along a version's adoption path
(``drafting.services.decision_record``); this records a decision on any other matter (the
council goals, the programme, the vision's validity, a version of the action plan)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..audit import audit_log
from ..models import MATTER_DRAFT_VERSION, Body, Decision, VisionProcess
from ..registry import decision_matters
from ..uploads import check_upload
from .distribution import decision_dispatch
from .planning import plan_fill


def decision_check(decision: Decision, *, minutes_file=None) -> None:
    """Validate ``decision`` and its minutes together, so that every error is reported at once,
    and attach the minutes as they are to be stored: a PDF checked by its content and cleaned
    (``check_upload``), never the file as it was sent."""
    errors = {}
    cleaned = None
    if minutes_file:
        try:
            cleaned = check_upload(minutes_file, allowed={"application/pdf": "pdf"})
        except ValidationError as error:
            errors["minutes_file"] = error.messages
    try:
        decision.full_clean(exclude=["minutes_file"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if cleaned is not None:
        decision.minutes_file = cleaned


@transaction.atomic
def decision_create(
    *,
    process: VisionProcess,
    matter: str,
    body: Body,
    meeting_date: dt.date,
    paragraph_number: int | None,
    dnr: str,
    outcome: str,
    actor,
    subject: str = "",
    target: str = "",
    minutes_url: str = "",
    minutes_file=None,
) -> Decision:
    """Record a decision of ``body`` on ``matter`` and link it to ``target`` (a key the matter's
    ``targets`` offered). Refuses a date in the future, a body of another municipality and an
    unknown matter or target, with the reason."""
    registered = decision_matters.get(matter)
    if registered is None:
        raise ValidationError({"matter": _("Choose what was decided.")})
    if registered.key == MATTER_DRAFT_VERSION:
        raise ValidationError(
            {"matter": _("Decisions on the text are recorded along its adoption path.")}
        )
    if registered.targets is not None:
        targets = dict(registered.targets(process))
        if not targets:
            raise ValidationError(
                {"matter": _("There is nothing of this kind in the process to decide on yet.")}
            )
        if target not in targets:
            raise ValidationError({"target": _("Choose what the decision is about.")})
    VisionProcess.objects.select_for_update().filter(pk=process.pk).first()
    if (
        paragraph_number is None
        and Decision.objects.filter(
            process=process, matter=matter, body=body, meeting_date=meeting_date, outcome=outcome
        ).exists()
    ):
        # Without a § the database cannot tell a retried request from a new decision.
        raise ValidationError(_("This decision has already been recorded."))
    if not subject.strip() and registered.subject:
        subject = registered.subject(process, target)
    decision = Decision(
        process=process,
        matter=matter,
        subject=subject.strip()[:300],
        body=body,
        meeting_date=meeting_date,
        paragraph_number=paragraph_number,
        dnr=(dnr or "").strip(),
        outcome=outcome,
        minutes_url=minutes_url,
        recorded_by=actor,
    )
    decision_check(decision, minutes_file=minutes_file)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:
        raise ValidationError(
            {"paragraph_number": _("This body already has a decision with that § on that date.")}
        ) from error
    if registered.attach:
        registered.attach(decision, target)
    decision_recorded(decision=decision, actor=actor, target=target)
    audit_log(
        process=process,
        actor=actor,
        action="decision_recorded",
        obj=decision,
        matter=matter,
        target=target,
        outcome=outcome,
        dnr=decision.dnr,
    )
    return decision


def decision_recorded(*, decision: Decision, actor, target: str = "") -> None:
    """What follows the recording of any decision, in its transaction: it fills its step of the
    planned path and is sent to its matter's distribution list (once)."""
    plan_fill(decision, target=target)
    decision_dispatch(decision=decision, actor=actor, target=target)
