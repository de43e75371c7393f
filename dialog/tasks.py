"""Celery tasks of the dialog app. They take ids, call a service and are idempotent."""

from celery import shared_task

from . import services
from .services.invitations import (  # noqa: F401 (defined beside the services they run)
    send_consultation_invitations,
    send_consultation_reminders,
    send_invitations,
)


@shared_task(acks_late=True)
def send_meeting_reminders() -> int:
    """Beat task (every 15 minutes): the day-before reminder, sent once per registration."""
    return services.reminders_send()


@shared_task(acks_late=True)
def purge_pending_registrations() -> int:
    """Beat task (daily): delete signed-out registration requests a day past their expiry."""
    return services.pending_registrations_purge()
