"""Celery tasks of the dialog app. They take ids, call a service and are idempotent."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_meeting_reminders() -> int:
    """Beat task (every 15 minutes): the day-before reminder, sent once per registration."""
    return services.reminders_send()


@shared_task(acks_late=True)
def send_invitations(meeting_id: int) -> int:
    """Send the unsent invitations of a meeting; running twice sends nothing more."""
    return services.invitations_send(meeting_id=meeting_id)
