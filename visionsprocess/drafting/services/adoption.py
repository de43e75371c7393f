"""Writes of adoption: the adoption path, its progress and the decisions recorded on it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...audit import audit_log
from ...decisions.services import decision_check, decision_recorded
from ...models import (
    APPROVING_OUTCOMES,
    MATTER_DRAFT_VERSION,
    AdoptionPath,
    AdoptionStep,
    Body,
    Consultation,
    Decision,
    DraftVersion,
    VersionState,
    VisionProcess,
)
from ...registry import decision_matters
from .consultation import (
    _notice_made_public,
    consultation_is_open,
)
from .versions import (
    latest_version,
)

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
