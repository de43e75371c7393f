"""The lease a worker holds on the document or archive job it is working on.

A worker killed outright (``kill -9``, the machine lost, the out-of-memory killer) leaves its job
"rendering". Without a sign of life, the only way to tell a dead job from a slow one was to
wait for the task's hard time limit (2.5 minutes for a PDF), and every "Skapa PDF" click
meanwhile got the dead job back. So the worker that claims a job takes a lease on it
(``lease_until``) and a heartbeat thread in the same process renews it every third of
``DOCUMENT_JOB_LEASE_SECONDS`` while the task runs. When the process dies, the thread dies
with it, the lease runs out, and the next request (or the recovery beat task) sees a dead job
within seconds (``services.is_stale``).

The heartbeat writes only ``lease_until`` of a job that is still rendering; it touches nothing
a page shows. It uses a database connection of its own thread and closes it when it stops.
"""

import datetime as dt
import logging
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from ..models import DocumentStatus

logger = logging.getLogger(__name__)


class Heartbeat:
    """Renew the lease on job ``pk`` of ``model`` while the ``with`` block runs."""

    def __init__(self, model, pk: int, *, lease_seconds: int):
        self.model = model
        self.pk = pk
        self.lease_seconds = lease_seconds
        self.interval = max(lease_seconds / 3, 0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"lease-{model._meta.model_name}-{pk}", daemon=True
        )
        self.beats = 0

    def renew(self) -> int:
        """Push the lease ``lease_seconds`` ahead; how many jobs were renewed (0 or 1)."""
        lease_until = timezone.now() + dt.timedelta(seconds=self.lease_seconds)
        return self.model.objects.filter(pk=self.pk, status=DocumentStatus.RENDERING).update(
            lease_until=lease_until
        )

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.renew()
                    self.beats += 1
                except DatabaseError as error:
                    # The database is briefly unreachable: the next beat tries again; if it
                    # stays away, the lease runs out and the job is retried, as it should be.
                    logger.warning(
                        "lease of %s %s not renewed: %s", self.model.__name__, self.pk, error
                    )
                    close_old_connections()
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        return False
