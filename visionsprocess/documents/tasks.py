"""Celery tasks of the document pipeline: thin wrappers around the services.

``acks_late`` + ``reject_on_worker_lost``: a worker killed mid-render does not acknowledge the
message, the broker hands it to another worker, which claims the Document again.
"""

import gc
from contextlib import contextmanager

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from ..models import ArchivePackage, Document
from ..redact import masked_logger
from . import archive, services
from .lease import Heartbeat

logger = masked_logger(__name__)

TRANSIENT = (OSError, DatabaseError)
MAX_RETRIES = 3


LIMITS = settings.DOCUMENT_JOB_LIMITS


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while the worker renders one document.

    WeasyPrint builds hundreds of thousands of objects (styles, boxes, PDF objects) that all live
    until the PDF is written; the collector keeps walking them for nothing, about a fifth of the
    time of a 100-page document. Peak memory stays the same (what a render leaves behind is
    collected as usual afterwards). Only the worker's render task does this: a worker renders one
    document at a time in its process, while a web process serves other requests in threads,
    which must not lose their collector. The collector's state is restored, so a caller that had
    it off keeps it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _lease(task, model, pk: int):
    """In a worker, hold a lease on the job while the task runs (see ``lease``) and give its
    length to the claim; run eagerly in the web process, no heartbeat (``None``)."""
    if task.request.is_eager:
        yield None
        return
    seconds = settings.DOCUMENT_JOB_LEASE_SECONDS
    with Heartbeat(model, pk, lease_seconds=seconds):
        yield seconds


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=LIMITS["document"]["soft"],
    time_limit=LIMITS["document"]["hard"],
)
def render_document(self, document_id: int):
    try:
        with _lease(self, Document, document_id) as lease_seconds:
            if lease_seconds is None:  # run eagerly in a web process
                document = services.document_render(document_id=document_id)
            else:
                with collector_paused():
                    document = services.document_render(
                        document_id=document_id, lease_seconds=lease_seconds
                    )
    except TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            services.document_fail(
                document_id=document_id,
                reason=_("The PDF could not be stored: %(reason)s") % {"reason": error},
            )
            return "failed"
        logger.warning("document %s: transient error, retrying: %s", document_id, error)
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return document.status if document else None


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=LIMITS["archivepackage"]["soft"],
    time_limit=LIMITS["archivepackage"]["hard"],
)
def build_archive_package(self, package_id: int):
    try:
        with _lease(self, ArchivePackage, package_id) as lease_seconds:
            package = archive.archive_build(package_id=package_id, lease_seconds=lease_seconds)
    except TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            services.archive_fail(
                package_id=package_id,
                reason=_("The archive package could not be stored: %(reason)s") % {"reason": error},
            )
            return "failed"
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return package.status if package else None


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=50, time_limit=60)
def recover_stale_jobs() -> dict:
    """Beat task (every minute): retry dead document and archive jobs, or fail them for good."""
    return services.recover_stale_jobs()
