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


@pytest.fixture
def real_worker(settings):
    if not REDIS_URL:
        if REQUIRE_ALL:
            pytest.fail("REDIS_URL is not set, and REQUIRE_ALL_TESTS is set.")
        pytest.skip("needs a Redis broker; set REDIS_URL")
    from celery.contrib.testing.worker import start_worker

    from visionsprocess.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as worker:
        yield worker


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_rendering_goes_through_a_real_worker(real_worker):
    from visionsprocess.documents import services

    process = ProcessFactory(title="Vision 2040 – Hok och Skillingaryd")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    started = time.monotonic()
    document = services.document_request(kind="process_overview", source=process, user=clerk)
    deadline = started + 90
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.is_finished:
            break
        time.sleep(0.2)
    assert document.status == DocumentStatus.DONE, document.error
    assert document.attempts == 1 and document.page_count >= 1
    assert Document.objects.count() == 1
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
