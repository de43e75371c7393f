"""Registrations for meetings: requests, confirmation, waiting list, cancellation, reminders."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.notices.services import follow_implicit
from visionsprocess.services import absolute_url, email_send_template

from ..models import (
    Meeting,
    MeetingStatus,
    Organisation,
    PendingRegistration,
    Registration,
    RegistrationStatus,
    normalise_name,
)

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
