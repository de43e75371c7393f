"""Celery tasks of the dialog app. They take ids, call a service and are idempotent."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_meeting_reminders() -> int:
    """Beat task (every 15 minutes): the day-before reminder, sent once per registration."""
    return services.reminders_send()


@shared_task(acks_late=True)
def purge_pending_registrations() -> int:
    """Beat task (daily): delete signed-out registration requests a day past their expiry."""
    return services.pending_registrations_purge()


@shared_task(acks_late=True)
def send_invitations(meeting_id: int) -> int:
    """Send the unsent invitations of a meeting; running twice sends nothing more."""
    return services.invitations_send(meeting_id=meeting_id)


@shared_task(acks_late=True)
def send_consultation_invitations(consultation_id: int) -> int:
    """E-mail the unsent consultation requests of a consultation; running twice sends nothing more."""
    return services.consultation_invitations_send(consultation_id=consultation_id)


@shared_task(acks_late=True)
def send_consultation_reminders(consultation_id: int) -> int:
    """Remind the bodies of a consultation that have not answered; each one once."""
    return services.consultation_invitations_send(consultation_id=consultation_id, reminder=True)
