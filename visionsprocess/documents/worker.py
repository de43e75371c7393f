"""What the document pipeline's worker tasks share: the errors they retry, their time limits,
the lease a job holds while a task runs and the collector's pause during a render.

The tasks stand beside the services they run (``services.render_document``,
``archive.build_archive_package``); ``tasks`` re-exports them for Celery's autodiscovery.
``acks_late`` + ``reject_on_worker_lost``: a worker killed mid-render does not acknowledge the
message, the broker hands it to another worker, which claims the job again.
"""

import gc
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError

from ..redact import masked_logger
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
def job_lease(task, model, pk: int):
    """In a worker, hold a lease on the job while the task runs (see ``lease``) and give its
    length to the claim; run eagerly in the web process, no heartbeat (``None``)."""
    if task.request.is_eager:
        yield None
        return
    seconds = settings.DOCUMENT_JOB_LEASE_SECONDS
    with Heartbeat(model, pk, lease_seconds=seconds):
        yield seconds
