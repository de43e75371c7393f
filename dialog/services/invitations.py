"""Invitations to meetings and consultation requests to the register's organisations."""

from urllib.parse import urlencode

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.drafting.services import audit_log, consultation_is_open
from visionsprocess.models import Consultation
from visionsprocess.outbox import enqueue
from visionsprocess.services import absolute_url, email_send_template

from .. import selectors
from ..models import (
    ConsultationInvitation,
    Invitation,
    Meeting,
    MeetingStatus,
    Organisation,
)

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
    enqueue(send_invitations, meeting_id=meeting.pk)
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
        enqueue(send_consultation_invitations, consultation_id=consultation.pk)
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
    enqueue(send_consultation_reminders, consultation_id=consultation.pk)
    return len(bodies)


# The tasks stand beside the services they run and the ones that enqueue them (``dialog.tasks``
# re-exports them for Celery's autodiscovery, under the names stored outbox rows hold).


@shared_task(name="dialog.tasks.send_invitations", acks_late=True)
def send_invitations(meeting_id: int) -> int:
    """Send the unsent invitations of a meeting; running twice sends nothing more."""
    return invitations_send(meeting_id=meeting_id)


@shared_task(name="dialog.tasks.send_consultation_invitations", acks_late=True)
def send_consultation_invitations(consultation_id: int) -> int:
    """E-mail the unsent consultation requests of a consultation; running twice sends nothing more."""
    return consultation_invitations_send(consultation_id=consultation_id)


@shared_task(name="dialog.tasks.send_consultation_reminders", acks_late=True)
def send_consultation_reminders(consultation_id: int) -> int:
    """Remind the bodies of a consultation that have not answered; each one once."""
    return consultation_invitations_send(consultation_id=consultation_id, reminder=True)
