"""Writes of meetings: create, change, cancel, copy, record and attendance."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.model_update import model_assign
from visionsprocess.models import (
    AgeBand,
    VisionProcess,
)
from visionsprocess.services import email_send_template

from .. import notices
from ..models import (
    Meeting,
    MeetingAgeCount,
    MeetingStatus,
)
from ..openings import MEETINGS
from .registrations import _promote_waiting

MEETING_FIELDS = (
    "kind",
    "format",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "address",
    "online_link",
    "capacity",
    "registration_deadline",
    "accessibility",
    "stage",
)


# --- Meetings -----------------------------------------------------------------------------------


def _validate_meeting_times(meeting: Meeting, *, require_future: bool) -> None:
    errors = {}
    now = timezone.now()
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if require_future and meeting.starts_at and meeting.starts_at <= now:
        errors["starts_at"] = _("A new meeting cannot start in the past.")
    if require_future and meeting.registration_deadline and meeting.registration_deadline <= now:
        errors["registration_deadline"] = _("The registration deadline cannot be in the past.")
    if (
        meeting.registration_deadline
        and meeting.starts_at
        and meeting.registration_deadline > meeting.starts_at
    ):
        errors["registration_deadline"] = _(
            "The registration deadline must be before the meeting starts."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *, process: VisionProcess, data: dict, target_groups=(), responsible=()
) -> Meeting:
    meeting = Meeting(process=process, **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    if meeting.stage_id is None:
        meeting.stage = process.stage_for(MEETINGS)
    _validate_meeting_times(meeting, require_future=True)
    meeting.full_clean()
    meeting.save()
    meeting.target_groups.set(target_groups)
    meeting.responsible.set(responsible)
    notices.meeting_created(meeting=meeting)
    changes.record(process=process)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, data: dict, target_groups=None, responsible=None
) -> Meeting:
    """Change a meeting. Registrations are never touched; capacity may not fall below them."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    old_start = meeting.starts_at
    # Left empty, the stage is not changed: the meeting stays in its stage.
    data = {name: value for name, value in data.items() if name != "stage" or value is not None}
    model_assign(instance=meeting, fields=MEETING_FIELDS, data=data)
    _validate_meeting_times(meeting, require_future=meeting.starts_at != old_start)
    confirmed = meeting.registrations.confirmed().count()
    if meeting.capacity is not None and meeting.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d people already have a confirmed seat; the capacity cannot be "
                    "lower than that."
                )
                % {"count": confirmed}
            }
        )
    meeting.full_clean()
    meeting.save()
    if target_groups is not None:
        meeting.target_groups.set(target_groups)
    if responsible is not None:
        meeting.responsible.set(responsible)
    if meeting.capacity is None or meeting.capacity > confirmed:
        _promote_waiting(meeting)
    changes.record(process=meeting.process_id)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> int:
    """Cancel a meeting and tell everyone registered. Returns how many were told."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is already cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "modified"])
    registrations = list(meeting.registrations.active())
    for registration in registrations:
        email_send_template(
            to=[registration.email],
            template="dialog/email/meeting_cancelled",
            context={"meeting": meeting, "registration": registration},
        )
    changes.record(process=meeting.process_id)
    return len(registrations)


@transaction.atomic
def meeting_copy(*, meeting: Meeting) -> Meeting:
    """A planned copy of a meeting, a week later (or later, so it lies in the future)."""
    shift = dt.timedelta(days=7)
    now = timezone.now()
    while meeting.starts_at + shift <= now:
        shift += dt.timedelta(days=7)
    copy = Meeting(
        process=meeting.process,
        **{name: getattr(meeting, name) for name in MEETING_FIELDS},
    )
    copy.title = _("Copy of %(title)s") % {"title": meeting.title}
    copy.title = copy.title[:200]
    copy.starts_at = meeting.starts_at + shift
    copy.ends_at = meeting.ends_at + shift
    if meeting.registration_deadline:
        copy.registration_deadline = meeting.registration_deadline + shift
    copy.status = MeetingStatus.PLANNED
    copy.full_clean()
    copy.save()
    copy.target_groups.set(meeting.target_groups.all())
    copy.responsible.set(meeting.responsible.all())
    changes.record(process=copy.process_id)
    return copy


@transaction.atomic
def meeting_record(
    *, meeting: Meeting, minutes: str, main_points: str, participant_count: int | None
) -> Meeting:
    meeting.minutes = minutes
    meeting.main_points = main_points
    meeting.participant_count = participant_count
    if meeting.status == MeetingStatus.PLANNED and meeting.is_past:
        meeting.status = MeetingStatus.HELD
    meeting.full_clean()
    meeting.save()
    notices.minutes_published(meeting=meeting)
    changes.record(process=meeting.process_id)
    return meeting


@transaction.atomic
def meeting_age_counts_save(*, meeting: Meeting, counts: dict[str, int | None]) -> int:
    """Store participants by age band; returns the total, which also becomes the head count."""
    total = 0
    for band, count in counts.items():
        if band not in AgeBand.values:
            raise ValidationError(_("Unknown age band."))
        if count is None or count == 0:
            MeetingAgeCount.objects.filter(meeting=meeting, age_band=band).delete()
            continue
        if count < 0:
            raise ValidationError(_("A number of participants cannot be negative."))
        MeetingAgeCount.objects.update_or_create(
            meeting=meeting, age_band=band, defaults={"count": count}
        )
        total += count
    if total:
        meeting.participant_count = total
        meeting.save(update_fields=["participant_count", "modified"])
    changes.record(process=meeting.process_id)
    return total


@transaction.atomic
def attendance_mark(*, meeting: Meeting, attended_ids) -> int:
    ids = {int(pk) for pk in attended_ids}
    active = meeting.registrations.active()
    active.filter(pk__in=ids).update(attended=True)
    active.exclude(pk__in=ids).update(attended=False)
    changes.record(process=meeting.process_id)
    return active.filter(attended=True).count()
