"""One rendering through a real Celery worker on REDIS_URL (skipped without it, unless
REQUIRE_ALL_TESTS=1, then it fails)."""

import os
import time

import pytest

from tests.conftest import REQUIRE_ALL
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Document, DocumentStatus, Role

REDIS_URL = os.environ.get("REDIS_URL", "")

# Skip before the transactional database is set up: restoring the serialized database for a
# test that is then skipped could collide with content types another test of the worker made.
pytestmark = pytest.mark.skipif(
    not REDIS_URL and not REQUIRE_ALL, reason="needs a Redis broker; set REDIS_URL"
)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_one_rendering_goes_through_a_real_worker(broker):
    """On a queue of this test's own (the broker fixture), so that the worker of another
    parallel test process never takes this rendering, nor this worker theirs."""
    from visionsprocess.documents import services

    process = ProcessFactory(title="Vision 2040 – Hok och Skillingaryd")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    started = time.monotonic()
    with broker.worker():
        document = services.document_request(kind="process_overview", source=process, user=clerk)
        deadline = started + 180  # generous: CI shares two cores with the rest of the suite
        while time.monotonic() < deadline:
            document.refresh_from_db()
            if document.is_finished:
                break
            time.sleep(0.2)
    assert document.status == DocumentStatus.DONE, document.error
    assert document.attempts == 1 and document.page_count >= 1
    # the worker held a lease (renewed by its heartbeat) while it rendered
    assert document.lease_until is not None
    assert Document.objects.count() == 1
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_left_rendering_by_a_killed_worker_is_finished_by_the_recovery_and_a_real_worker(
    broker,
):
    """A worker killed mid-render leaves the Document "rendering" with its message unacked (the
    broker would hand it back only after the visibility timeout, 11 minutes). The recovery beat
    task puts it back in the queue through the outbox at once, and a real worker finishes it;
    a new click meanwhile starts a fresh job instead of returning the dead one."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from visionsprocess.documents import services
    from visionsprocess.documents.tasks import recover_stale_jobs

    process = ProcessFactory(title="Vision 2040 – Hok och Skillingaryd")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    broker.down()  # the first task is "lost" with the killed worker
    with transaction.atomic():
        dead = services.document_request(kind="process_overview", source=process, user=clerk)
    Document.objects.filter(pk=dead.pk).update(
        status=DocumentStatus.RENDERING,
        attempts=1,
        started_at=timezone.now() - dt.timedelta(minutes=5),
    )
    from visionsprocess.models import OutboxTask

    OutboxTask.objects.all().delete()  # its message went down with the worker
    broker.up()
    with broker.worker():
        recover_stale_jobs.apply()  # what beat runs every minute
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            dead.refresh_from_db()
            if dead.is_finished:
                break
            time.sleep(0.2)
    assert dead.status == DocumentStatus.DONE, dead.error
    assert dead.attempts == 2
