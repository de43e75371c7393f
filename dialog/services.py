"""Writes of the dialog app: meetings, registrations, the association register, invitations, kits.

Keyword-only, atomic, validated with ``full_clean()``; errors are ``ValidationError`` with a
message a person can read. E-mail goes out through the core's ``email_send_template`` (after
commit); Celery fan-out is written to the core outbox (``visionsprocess.outbox.enqueue``).
"""

import csv
import datetime as dt
import hashlib
import hmac
import io
from dataclasses import dataclass, field
from urllib.parse import urlencode

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes, uploads
from visionsprocess.drafting.services import audit_log, consultation_is_open
from visionsprocess.model_update import model_assign
from visionsprocess.models import (
    AgeBand,
    Consultation,
    District,
    Municipality,
    VisionProcess,
)
from visionsprocess.notices.services import follow_implicit
from visionsprocess.outbox import enqueue
from visionsprocess.services import absolute_url, email_send_template

from . import notices, selectors
from .models import (
    ConsultationInvitation,
    ConversationKit,
    Invitation,
    Meeting,
    MeetingAgeCount,
    MeetingStatus,
    Organisation,
    OrganisationCategory,
    PendingRegistration,
    Registration,
    RegistrationStatus,
    normalise_name,
)
from .openings import MEETINGS

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


# --- Registrations ------------------------------------------------------------------------------


def _match_organisation(municipality, organisation_name: str, email: str) -> Organisation | None:
    query = Q()
    if organisation_name:
        query |= Q(normalised_name=normalise_name(organisation_name))
    if email:
        query |= Q(email__iexact=email)
    if not query:
        return None
    return Organisation.objects.filter(query, municipality=municipality).first()


def _send_registration_mail(registration: Registration, template: str) -> None:
    email_send_template(
        to=[registration.email],
        template=template,
        context={
            "meeting": registration.meeting,
            "registration": registration,
            "status_url": absolute_url(
                reverse("dialog:registration_status", kwargs={"token": registration.token}),
                municipality=registration.meeting.process.municipality_id,
            ),
            "cancel_url": absolute_url(
                reverse("dialog:registration_cancel", kwargs={"token": registration.token}),
                municipality=registration.meeting.process.municipality_id,
            ),
            "ics_url": absolute_url(
                reverse("dialog:registration_ics", kwargs={"token": registration.token}),
                municipality=registration.meeting.process.municipality_id,
            ),
            "meeting_url": absolute_url(
                registration.meeting.get_absolute_url(),
                municipality=registration.meeting.process.municipality_id,
            ),
        },
    )


class RegistrationLimitReached(ValidationError):
    """A client holds an unconfirmed registration for a meeting under pressure (see
    ``registration_request``): answered 429."""


def _address_key(client: str) -> str:
    """A keyed hash of a client address: the per-meeting limit tells clients apart without
    storing an address."""
    raw = f"registration-client:{client or 'unknown'}"
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def _check_address_limit(*, email: str, now) -> None:
    """Registration mail can be aimed at any address, so the database counts how often it is:
    one address is sent at most ``REGISTRATION_MAILS_PER_ADDRESS_PER_DAY`` registration
    e-mails in 24 hours, whoever asks. A request waiting for confirmation counts (its link was
    mailed); the registration its owner then confirmed does not count again."""
    since = now - dt.timedelta(days=1)
    sent = (
        PendingRegistration.objects.filter(email__iexact=email, created__gte=since).count()
        + Registration.objects.filter(
            email__iexact=email, created__gte=since, confirmed_request__isnull=True
        ).count()
    )
    if sent >= settings.REGISTRATION_MAILS_PER_ADDRESS_PER_DAY:
        raise ValidationError(
            {
                "email": _(
                    "This e-mail address has already been registered for meetings several "
                    "times in the last 24 hours. Try again tomorrow, or contact the municipality."
                )
            },
            code="address_limit",
        )


def _check_meeting_pressure(*, meeting: Meeting, client_key: str, now) -> None:
    """The per-meeting limit that no handful of clients can fill.

    Unconfirmed requests take no seat, so flooding a meeting with them shuts no one out of the
    meeting itself. They do cost e-mail, so once a meeting has
    ``REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR`` unconfirmed requests from the last hour,
    each client address may hold only *one* unconfirmed request for it at a time: an attacker
    with four addresses gets four more, and everyone else – a fifth address, a signed-in
    citizen, whoever confirms a link – still gets in.
    """
    unconfirmed = meeting.pending_registrations.unconfirmed(now=now)
    recent = unconfirmed.filter(created__gte=now - dt.timedelta(hours=1)).count()
    if recent < settings.REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR:
        return
    if unconfirmed.filter(client_key=client_key).exists():
        raise RegistrationLimitReached(
            _(
                "Very many registrations for this meeting are waiting for their e-mail to be "
                "confirmed. Confirm the registration you already made with the link in its "
                "e-mail, or log in and register."
            ),
            code="meeting_limit",
        )


def _check_meeting_open(meeting: Meeting) -> None:
    if meeting.is_internal or not meeting.process.is_public:
        raise ValidationError(_("This meeting does not take registrations."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not meeting.registration_open():
        raise ValidationError(_("Registration for this meeting has closed."))


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    return email


def _refuse_if_registered(meeting: Meeting, email: str) -> None:
    if meeting.registrations.active().filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _(
                    "This e-mail address is already registered for the meeting. Use the link "
                    "in the confirmation e-mail to see or cancel the registration."
                )
            }
        )


@transaction.atomic
def registration_request(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    organisation_name: str = "",
    needs: str = "",
    client: str = "",
) -> PendingRegistration:
    """A signed-out visitor asks to register: the request waits for the address's owner.

    Nothing is reserved: the e-mail carries a link (valid ``REGISTRATION_CONFIRM_HOURS``) whose
    confirmation makes the registration – a seat, or the waiting list if the meeting is full by
    then (``registration_confirm``). A newer request for the same address and meeting replaces
    an unconfirmed older one (whose link stops working, but whose mail still counts).
    """
    meeting = Meeting.objects.select_for_update().select_related("process").get(pk=meeting.pk)
    _check_meeting_open(meeting)
    email = _clean_email(email)
    now = timezone.now()
    _check_address_limit(email=email, now=now)
    _refuse_if_registered(meeting, email)
    client_key = _address_key(client)
    _check_meeting_pressure(meeting=meeting, client_key=client_key, now=now)
    # The older link stops working; the row stays until purged, so it still counts against the
    # address's daily mails (deleting it would let anyone re-send to a stranger without end).
    meeting.pending_registrations.unconfirmed(now=now).filter(email__iexact=email).update(
        expires_at=now
    )
    hours = settings.REGISTRATION_CONFIRM_HOURS
    pending = PendingRegistration(
        meeting=meeting,
        name=(name or "").strip(),
        email=email,
        organisation_name=(organisation_name or "").strip(),
        needs=(needs or "").strip(),
        client_key=client_key,
        expires_at=now + dt.timedelta(hours=hours),
    )
    pending.full_clean()
    pending.save()
    email_send_template(
        to=[email],
        template="dialog/email/registration_confirm",
        context={
            "meeting": meeting,
            "pending": pending,
            "hours": hours,
            "confirm_url": absolute_url(
                reverse("dialog:registration_confirm", kwargs={"token": pending.token})
            ),
            "meeting_url": absolute_url(meeting.get_absolute_url()),
        },
    )
    return pending


@transaction.atomic
def registration_confirm(*, pending: PendingRegistration) -> Registration:
    """The owner of the address confirms: the registration is made (seat or waiting list, as
    the meeting is now). Confirming twice gives the same registration."""
    pending = (
        PendingRegistration.objects.select_for_update(of=("self",))
        .select_related("registration")
        .get(pk=pending.pk)
    )
    if pending.registration is not None:
        return pending.registration
    if pending.confirmed_at is not None:
        raise ValidationError(_("This link has already been used."), code="used")
    if pending.expires_at <= timezone.now():
        raise ValidationError(
            _("The link has expired. Register again on the meeting's page."), code="expired"
        )
    registration = registration_create(
        meeting=pending.meeting,
        name=pending.name,
        email=pending.email,
        organisation_name=pending.organisation_name,
        needs=pending.needs,
        address_confirmed=True,
    )
    pending.confirmed_at = timezone.now()
    pending.registration = registration
    pending.save(update_fields=["confirmed_at", "registration", "modified"])
    return registration


def pending_registrations_purge(*, now=None) -> int:
    """Delete requests a day past their expiry, confirmed or not (they hold an address and a
    client hash, and nothing needs them any more)."""
    now = now or timezone.now()
    deleted, _detail = PendingRegistration.objects.filter(
        expires_at__lt=now - dt.timedelta(days=1)
    ).delete()
    return deleted


@transaction.atomic
def registration_create(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    organisation_name: str = "",
    needs: str = "",
    user=None,
    address_confirmed: bool = False,
) -> Registration:
    """Register for a meeting: a confirmed seat, or a place on the waiting list when full.

    For a signed-in citizen at once; a signed-out visitor's goes through
    ``registration_request`` and comes here once the address is confirmed
    (``address_confirmed``: its mail was counted when the link was sent). The meeting row is
    locked (``SELECT ... FOR UPDATE``) so that two people cannot both take the last seat.
    """
    meeting = Meeting.objects.select_for_update().select_related("process").get(pk=meeting.pk)
    _check_meeting_open(meeting)
    email = _clean_email(email)
    if not address_confirmed:
        _check_address_limit(email=email, now=timezone.now())
    _refuse_if_registered(meeting, email)
    confirmed = meeting.registrations.confirmed().count()
    registration = Registration(
        meeting=meeting,
        user=user if user is not None and user.is_authenticated else None,
        name=(name or "").strip(),
        email=email,
        organisation_name=(organisation_name or "").strip(),
        organisation=_match_organisation(meeting.process.municipality, organisation_name, email),
        needs=(needs or "").strip(),
    )
    if meeting.capacity is not None and confirmed >= meeting.capacity:
        last = meeting.registrations.waiting().aggregate(last=Max("position"))["last"] or 0
        registration.status = RegistrationStatus.WAITING
        registration.position = last + 1
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("This e-mail address is already registered for the meeting.")}
        ) from None
    # The address was left for this meeting: its minutes reach the person, came they or not.
    follow_implicit(target=meeting, email=registration.email, user=registration.user)
    _send_registration_mail(
        registration,
        "dialog/email/registration_confirmed"
        if registration.status == RegistrationStatus.CONFIRMED
        else "dialog/email/registration_waiting",
    )
    changes.record(process=meeting.process)
    return registration


def _promote_waiting(meeting: Meeting) -> list[Registration]:
    """Move people from the waiting list into free seats (meeting row already locked)."""
    if meeting.status != MeetingStatus.PLANNED or meeting.is_past:
        return []
    promoted = []
    confirmed = meeting.registrations.confirmed().count()
    while meeting.capacity is None or confirmed < meeting.capacity:
        nxt = meeting.registrations.waiting().order_by("position", "pk").first()
        if nxt is None:
            break
        nxt.status = RegistrationStatus.CONFIRMED
        nxt.position = None
        nxt.save(update_fields=["status", "position", "modified"])
        _send_registration_mail(nxt, "dialog/email/registration_promoted")
        promoted.append(nxt)
        confirmed += 1
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration) -> list[Registration]:
    """Cancel a registration; the first on the waiting list moves up (and is told)."""
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("The registration is already cancelled."))
    registration.status = RegistrationStatus.CANCELLED
    registration.position = None
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "position", "cancelled_at", "modified"])
    _unfollow_cancelled(registration, meeting)
    changes.record(process=meeting.process_id)
    return _promote_waiting(meeting)


def _unfollow_cancelled(registration: Registration, meeting: Meeting) -> None:
    """Whoever cancels stops following the meeting they followed by registering (unless the
    same address is still registered to it another way)."""
    from visionsprocess.models import Follow

    email = (registration.email or "").strip()
    if not email:
        return
    still = (
        Registration.objects.filter(meeting=meeting, email__iexact=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    )
    if still:
        return
    Follow.objects.filter(subscriber__email__iexact=email, ended_at__isnull=True).of(
        meeting
    ).update(ended_at=timezone.now())


def reminders_send(*, now=None) -> int:
    """Send the day-before reminder to every confirmed registration, exactly once.

    Each registration is claimed with an atomic ``UPDATE ... WHERE reminder_sent_at IS NULL``; a
    second run (or a second worker) finds nothing left to claim.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        meeting__status=MeetingStatus.PLANNED,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + dt.timedelta(hours=24),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            registration = Registration.objects.select_related("meeting__process").get(pk=pk)
            _send_registration_mail(registration, "dialog/email/registration_reminder")
            sent += 1
    return sent


# --- The association register -------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "name",
    "category",
    "contact_person",
    "email",
    "phone",
    "district",
    "wants_invitations",
    "is_listed_publicly",
    "public_contact",
    "listing_consent_on",
)


@transaction.atomic
def organisation_save(
    *, municipality: Municipality, data: dict, organisation: Organisation | None = None
) -> Organisation:
    organisation = organisation or Organisation(municipality=municipality)
    target_groups = data.pop("target_groups", None)
    model_assign(instance=organisation, fields=ORGANISATION_FIELDS, data=data)
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("There is already an organisation with this name.")}
        ) from None
    if target_groups is not None:
        organisation.target_groups.set(target_groups)
    changes.record(municipality=municipality)
    return organisation


IMPORT_COLUMNS = {
    # header (lower case, Swedish or English) -> field
    "namn": "name",
    "name": "name",
    "förening": "name",
    "kategori": "category",
    "category": "category",
    "kontaktperson": "contact_person",
    "contact person": "contact_person",
    "contact_person": "contact_person",
    "e-post": "email",
    "epost": "email",
    "email": "email",
    "e-mail": "email",
    "telefon": "phone",
    "phone": "phone",
    "kommundel": "district",
    "district": "district",
    "vill ha inbjudningar": "wants_invitations",
    "inbjudningar": "wants_invitations",
    "wants_invitations": "wants_invitations",
    "wants invitations": "wants_invitations",
}
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}
NO = {"nej", "n", "no", "0", "false", "falskt", ""}


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "create" or "update"

    @property
    def ok(self) -> bool:
        return not self.errors


def _category_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in OrganisationCategory.choices:
        lookup[value] = value
        lookup[str(label).casefold()] = value
    swedish = {
        "idrott": "sport",
        "kultur": "culture",
        "social": "social",
        "socialt": "social",
        "skola": "school",
        "företag": "business",
        "näringsliv": "business",
        "övrigt": "other",
        "annat": "other",
    }
    lookup.update(swedish)
    return lookup


def _read_table(upload) -> list[list[str]]:
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."))
    data = upload.read()
    if name.endswith(".xlsx"):
        kind = filetype.guess(data)
        if kind is None or kind.extension not in ("xlsx", "zip"):
            raise ValidationError(_("The file is not a valid Excel (XLSX) file."))
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
            raise ValidationError(_("The Excel file could not be read.")) from None
        sheet = workbook.active
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    if name.endswith(".csv") or name.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if "\x00" in text:
            raise ValidationError(_("The file is not a text (CSV) file."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise ValidationError(_("Upload a CSV or XLSX file."))


def organisations_parse(*, municipality: Municipality, upload) -> list[ImportRow]:
    """Read a CSV/XLSX file into rows with per-row errors; nothing is saved."""
    table = [row for row in _read_table(upload) if any(cell for cell in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise ValidationError(
            _("The file has too many rows (at most %(max)d).") % {"max": MAX_IMPORT_ROWS}
        )
    header = [IMPORT_COLUMNS.get(cell.casefold().strip()) for cell in table[0]]
    if "name" not in header:
        raise ValidationError(_("The first row must contain column names, at least “Namn” (name)."))
    categories = _category_lookup()
    districts = {
        normalise_name(d.name): d.pk for d in District.objects.filter(municipality=municipality)
    }
    existing = set(
        Organisation.objects.for_municipality(municipality).values_list(
            "normalised_name", flat=True
        )
    )
    seen = {}
    rows = []
    for index, raw in enumerate(table[1:], start=2):
        values = {}
        for column, cell in zip(header, raw, strict=False):
            if column:
                values[column] = cell
        row = ImportRow(line=index, values=values)
        name = " ".join(values.get("name", "").split())
        values["name"] = name
        if not name:
            row.errors.append(_("The name is missing."))
        elif len(name) > 200:
            row.errors.append(_("The name is too long (at most 200 characters)."))
        key = normalise_name(name)
        if key and key in seen:
            row.errors.append(
                _("The same organisation is also on row %(line)d.") % {"line": seen[key]}
            )
        elif key:
            seen[key] = index
        category = values.get("category", "").casefold()
        if category and category not in categories:
            row.errors.append(
                _("Unknown category “%(value)s”.") % {"value": values.get("category")}
            )
        values["category"] = categories.get(category, OrganisationCategory.OTHER)
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(
                    _("“%(value)s” is not a valid e-mail address.") % {"value": email}
                )
        district = values.get("district", "")
        if district and normalise_name(district) not in districts:
            row.errors.append(_("Unknown district “%(value)s”.") % {"value": district})
        values["district_id"] = districts.get(normalise_name(district)) if district else None
        wants = values.get("wants_invitations", "ja").casefold()
        if wants not in YES and wants not in NO:
            row.errors.append(_("“Wants invitations” must be yes or no."))
        values["wants_invitations"] = wants in YES or "wants_invitations" not in values
        for name_field, limit in (("contact_person", 150), ("phone", 40)):
            if len(values.get(name_field, "")) > limit:
                row.errors.append(_("A value is too long."))
        row.action = "update" if key in existing else "create"
        rows.append(row)
    return rows


def import_rows_to_session(rows: list[ImportRow]) -> list[dict]:
    return [
        {"line": r.line, "values": r.values, "errors": r.errors, "action": r.action} for r in rows
    ]


@transaction.atomic
def organisations_import(*, municipality: Municipality, rows: list[dict]) -> tuple[int, int]:
    """Save the valid rows of a parsed import: update by normalised name, else create."""
    created = updated = 0
    # The register and the districts are read once, not once per row.
    existing = {o.normalised_name: o for o in Organisation.objects.for_municipality(municipality)}
    districts = {d.pk: d for d in District.objects.filter(municipality=municipality)}
    for row in rows:
        if row.get("errors"):
            continue
        values = row["values"]
        key = normalise_name(values["name"])
        organisation = existing.get(key)
        data = {
            "name": values["name"],
            "category": values.get("category") or OrganisationCategory.OTHER,
            "contact_person": values.get("contact_person", ""),
            "email": values.get("email", ""),
            "phone": values.get("phone", ""),
            "wants_invitations": values.get("wants_invitations", True),
        }
        if values.get("district_id"):
            data["district"] = districts.get(values["district_id"])
        existing[key] = organisation_save(
            municipality=municipality, data=data, organisation=organisation
        )
        if organisation is None:
            created += 1
        else:
            updated += 1
    return created, updated


# --- Invitations --------------------------------------------------------------------------------


@transaction.atomic
def invitations_create(*, meeting: Meeting, organisations) -> int:
    """Invite organisations that want invitations; the e-mails go out through Celery."""
    if meeting.is_internal:
        raise ValidationError(_("Internal meetings cannot have invitations."))
    if meeting.status != MeetingStatus.PLANNED or meeting.is_past:
        raise ValidationError(_("Invitations can only be sent for upcoming meetings."))
    candidates = (
        Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        .filter(municipality=meeting.process.municipality)
        .inviteable()
        .exclude(invitations__meeting=meeting)
    )
    invitations = [Invitation(organisation=o, meeting=meeting) for o in candidates]
    Invitation.objects.bulk_create(invitations, ignore_conflicts=True)
    enqueue("dialog.tasks.send_invitations", meeting_id=meeting.pk)
    changes.record(process=meeting.process_id)
    return len(invitations)


def invitations_send(*, meeting_id: int) -> int:
    """Send every unsent invitation of a meeting exactly once (claimed by an atomic UPDATE)."""
    now = timezone.now()
    pending = Invitation.objects.filter(meeting_id=meeting_id, sent_at__isnull=True).values_list(
        "pk", flat=True
    )
    sent = 0
    for pk in list(pending):
        with transaction.atomic():
            if not Invitation.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=now):
                continue
            invitation = Invitation.objects.select_related("organisation", "meeting__process").get(
                pk=pk
            )
            organisation = invitation.organisation
            if not organisation.wants_invitations or not organisation.email:
                continue
            email_send_template(
                to=[organisation.email],
                template="dialog/email/invitation",
                context={
                    "invitation": invitation,
                    "organisation": organisation,
                    "meeting": invitation.meeting,
                    "meeting_url": absolute_url(
                        invitation.meeting.get_absolute_url(),
                        municipality=invitation.meeting.process.municipality_id,
                    ),
                    "unsubscribe_url": absolute_url(
                        reverse("dialog:unsubscribe", kwargs={"token": invitation.token}),
                        municipality=invitation.meeting.process.municipality_id,
                    ),
                },
            )
            sent += 1
    return sent


@transaction.atomic
def invitation_unsubscribe(*, invitation: Invitation | ConsultationInvitation) -> Organisation:
    """The link in any invitation e-mail (to a meeting or a consultation): no more e-mail."""
    organisation = invitation.organisation
    organisation.wants_invitations = False
    organisation.save(update_fields=["wants_invitations", "modified"])
    changes.record(municipality=organisation.municipality_id)
    return organisation


# --- Consultation bodies from the register -----------------------------------------------------


@transaction.atomic
def consultation_invitations_create(*, consultation: Consultation, organisations, actor) -> int:
    """Name organisations of the register as consultation bodies of an open consultation.

    Every one is listed on the consultation page; those that want invitations and have an e-mail
    address get the request by e-mail through Celery. Naming one twice does nothing.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not selectors.consultation_takes_bodies(consultation=consultation):
        raise ValidationError(_("Consultation bodies can only be added while it is open."))
    process = consultation.process
    candidates = list(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        .filter(municipality=process.municipality)
        .exclude(consultation_invitations__consultation=consultation)
        .order_by("name")
    )
    ConsultationInvitation.objects.bulk_create(
        [
            ConsultationInvitation(consultation=consultation, organisation=o, invited_by=actor)
            for o in candidates
        ],
        ignore_conflicts=True,
    )
    if candidates:
        audit_log(
            process=process,
            actor=actor,
            action="consultation_bodies_added",
            obj=consultation,
            organisations=[o.name for o in candidates],
        )
        enqueue("dialog.tasks.send_consultation_invitations", consultation_id=consultation.pk)
    return len(candidates)


def _consultation_mail_pending(consultation, *, reminder: bool) -> list[int]:
    """The requests still to e-mail: never sent; or, for a reminder, sent but neither reminded
    nor answered (matched by name, as the drafters' page shows it)."""
    pending = ConsultationInvitation.objects.filter(consultation=consultation)
    if not reminder:
        return list(pending.filter(sent_at__isnull=True).values_list("pk", flat=True))
    bodies = selectors.consultation_bodies_status(consultation=consultation)
    return [body.pk for body in bodies if body.remindable]


def consultation_invitations_send(*, consultation_id: int, reminder: bool = False) -> int:
    """E-mail every pending request (or reminder) of a consultation exactly once, each claimed
    by an atomic UPDATE, so a task that runs twice sends nothing more.

    Organisations without an e-mail address, or that have stopped invitations, are skipped and
    stay unsent: the drafters' page lists them as bodies to reach another way. Nothing is sent
    once the consultation has closed.
    """
    consultation = Consultation.objects.select_related("version__round__process").get(
        pk=consultation_id
    )
    if not consultation_is_open(consultation):
        return 0
    process = consultation.process
    stamp = "reminded_at" if reminder else "sent_at"
    template = "consultation_reminder" if reminder else "consultation_invitation"
    consultation_url = absolute_url(
        reverse("drafting:consultation", kwargs={"slug": process.slug, "pk": consultation.pk}),
        municipality=process.municipality_id,
    )
    now = timezone.now()
    sent = 0
    for pk in _consultation_mail_pending(consultation, reminder=reminder):
        with transaction.atomic():
            claimed = ConsultationInvitation.objects.filter(pk=pk, **{f"{stamp}__isnull": True})
            invitation = (
                claimed.select_related("organisation").select_for_update(of=("self",)).first()
            )
            if invitation is None:
                continue
            organisation = invitation.organisation
            if not organisation.wants_invitations or not organisation.email:
                continue
            claimed.update(**{stamp: now})
            email_send_template(
                to=[organisation.email],
                template=f"dialog/email/{template}",
                context={
                    "organisation": organisation,
                    "consultation": consultation,
                    "process": process,
                    "consultation_url": f"{consultation_url}?"
                    + urlencode({"organisation": organisation.name}),
                    "unsubscribe_url": absolute_url(
                        reverse(
                            "dialog:consultation_unsubscribe", kwargs={"token": invitation.token}
                        ),
                        municipality=process.municipality_id,
                    ),
                },
            )
            sent += 1
    changes.record(process=process)
    return sent


@transaction.atomic
def consultation_reminders_request(*, consultation: Consultation, actor) -> int:
    """Remind, by e-mail through Celery, the bodies that were asked but have not answered.

    Each body is reminded once per consultation. Returns how many reminders are on their way.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not selectors.consultation_takes_bodies(consultation=consultation):
        raise ValidationError(_("Reminders can only be sent while the consultation is open."))
    bodies = [
        body
        for body in selectors.consultation_bodies_status(consultation=consultation)
        if body.remindable
    ]
    if not bodies:
        raise ValidationError(_("Everyone asked has answered or has already been reminded."))
    audit_log(
        process=consultation.process,
        actor=actor,
        action="consultation_bodies_reminded",
        obj=consultation,
        organisations=[body.organisation.name for body in bodies],
    )
    enqueue("dialog.tasks.send_consultation_reminders", consultation_id=consultation.pk)
    return len(bodies)


# --- Conversation kits --------------------------------------------------------------------------

KIT_FIELDS = (
    "title",
    "slug",
    "introduction",
    "questions",
    "leader_instructions",
    "is_published",
)
MAX_PDF_BYTES = 20 * 1024 * 1024


def validate_pdf(upload) -> ContentFile:
    """The PDF as it is stored: checked by its content, without metadata or script."""
    return uploads.check_pdf(
        upload,
        max_bytes=MAX_PDF_BYTES,
        stem="samtalsmaterial",
        field="printable",
        too_large=_("The PDF is too large (at most 20 MB)."),
        wrong_type=_("The file is not a PDF."),
    )


@transaction.atomic
def kit_save(
    *,
    process: VisionProcess,
    data: dict,
    printable=None,
    kit: ConversationKit | None = None,
) -> ConversationKit:
    kit = kit or ConversationKit(process=process)
    model_assign(instance=kit, fields=KIT_FIELDS, data=data)
    if printable is not None:
        kit.printable = validate_pdf(printable)
    try:
        kit.full_clean()
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"slug": _("Another conversation kit of the process has this address.")}
            ) from None
        raise
    try:
        with transaction.atomic():
            kit.save()
    except IntegrityError:
        raise ValidationError(
            {"slug": _("Another conversation kit of the process has this address.")}
        ) from None
    changes.record(process=process)
    return kit
