"""Celery tasks of the document pipeline.

The render and archive tasks are defined beside the services they run (``services`` and
``archive``, which enqueue them through the outbox) and re-exported here for Celery's
autodiscovery; what they share is in ``worker``. Here only the beat task that recovers dead jobs.
"""

from celery import shared_task

from . import recovery
from .archive import build_archive_package
from .services import render_document
from .worker import MAX_RETRIES, collector_paused

__all__ = [
    "MAX_RETRIES",
    "build_archive_package",
    "collector_paused",
    "recover_stale_jobs",
    "render_document",
]


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=50, time_limit=60)
def recover_stale_jobs() -> dict:
    """Beat task (every minute): retry dead document and archive jobs, or fail them for good."""
    return recovery.recover_stale_jobs()
