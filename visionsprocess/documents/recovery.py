"""Recovery of dead document and archive jobs (the beat task ``tasks.recover_stale_jobs``).

It puts a dead job back in the queue with the task that runs it, so it stands above the modules
that define those tasks (``services`` and ``archive``).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ArchivePackage, Document, DocumentStatus
from ..outbox import enqueue
from ..redact import masked_logger
from .archive import build_archive_package
from .services import _changed, is_stale, render_document

logger = masked_logger(__name__)


def recover_stale_jobs(*, now=None) -> dict:
    """Beat task body: give dead document and archive jobs another go, a bounded number of times.

    A job that is stale (see ``is_stale``) is put back in the queue through the outbox (its
    claim counts as an attempt), or, after ``DOCUMENT_JOB_MAX_ATTEMPTS`` attempts, marked failed
    with the reason. Returns how many were retried and failed, per model.
    """
    now = now or timezone.now()
    counts = {}
    for model, task, key in (
        (Document, render_document, "document_id"),
        (ArchivePackage, build_archive_package, "package_id"),
    ):
        retried = failed = 0
        candidates = model.objects.filter(
            status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
        ).only("pk", "status", "attempts", "created", "started_at", "lease_until")
        for job in candidates:
            if not is_stale(job, now=now):
                continue
            with transaction.atomic():
                if job.attempts >= settings.DOCUMENT_JOB_MAX_ATTEMPTS:
                    updated = model.objects.filter(
                        pk=job.pk, status=job.status, attempts=job.attempts
                    ).update(
                        status=DocumentStatus.FAILED,
                        error=str(
                            _(
                                "Stopped after %(attempts)s attempts: the worker stopped before "
                                "it was finished each time."
                            )
                            % {"attempts": job.attempts}
                        ),
                        finished_at=now,
                    )
                    failed += updated
                    _changed(model, job.pk)
                    continue
                updated = model.objects.filter(
                    pk=job.pk, status=job.status, attempts=job.attempts
                ).update(status=DocumentStatus.QUEUED, started_at=now, lease_until=None)
                if updated:
                    _changed(model, job.pk)
                    enqueue(task, **{key: job.pk})
                    retried += 1
        counts[model.__name__] = {"retried": retried, "failed": failed}
        if retried or failed:
            logger.warning(
                "%s jobs recovered: %s retried, %s failed", model.__name__, retried, failed
            )
    return counts
