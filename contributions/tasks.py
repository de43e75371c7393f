"""Celery tasks of contributions: take ids, call a service, idempotent."""

from celery import shared_task


@shared_task(acks_late=True)
def feedback_notify(feedback_id: int) -> int:
    """Fan out a theme's feedback to the contributions tagged with it (once)."""
    from .services.handling import feedback_notify_theme

    return feedback_notify_theme(feedback_id=feedback_id)


@shared_task(acks_late=True)
def themes_retrain(process_id: int) -> int:
    """Learn a process's tagging again (debounced by ``analysis.store.schedule_retrain``).

    Idempotent: a second run fits the same examples again under a new version."""
    from .analysis.store import retrain

    return retrain(process_id=process_id)
