"""A worker killed mid-render: its lease runs out within seconds and a new click starts afresh.

Before the lease, a job left "rendering" by a killed worker was the answer to every new
"Skapa PDF" click until the task's hard time limit plus a grace period had passed (150 s).
"""

import datetime as dt
import time

import pytest
from django.utils import timezone

from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.documents import recovery, services
from visionsprocess.documents.lease import Heartbeat
from visionsprocess.models import ArchivePackage, Document, DocumentStatus, Role


@pytest.fixture
def process(db):
    return ProcessFactory(title="Vision 2040 – Vaggeryd växer")


@pytest.fixture
def clerk(process):
    return ProcessRoleFactory(process=process, role=Role.CLERK).user


def _queued(process, clerk, capture):
    with capture(execute=False):
        return services.document_request(kind="process_overview", source=process, user=clerk)


def test_a_claim_by_a_worker_holds_a_lease_of_the_configured_length(
    process, clerk, settings, django_capture_on_commit_callbacks
):
    document = _queued(process, clerk, django_capture_on_commit_callbacks)
    before = timezone.now()
    services._claim(Document, document.pk, lease_seconds=12)
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING
    assert before + dt.timedelta(seconds=11) < document.lease_until
    assert document.lease_until <= timezone.now() + dt.timedelta(seconds=12)
    assert not services.is_stale(document)
    assert services.is_stale(document, now=document.lease_until + dt.timedelta(seconds=1))


def test_a_new_click_after_the_lease_ran_out_starts_afresh_at_once(
    process, clerk, django_capture_on_commit_callbacks
):
    """The worker was killed 13 s into a render: far inside the old 150 s wait."""
    dead = _queued(process, clerk, django_capture_on_commit_callbacks)
    services._claim(Document, dead.pk, lease_seconds=12)
    Document.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=13),
        lease_until=timezone.now() - dt.timedelta(seconds=1),
    )
    fresh = _queued(process, clerk, django_capture_on_commit_callbacks)
    assert fresh.pk != dead.pk
    assert fresh.status == DocumentStatus.QUEUED
    dead.refresh_from_db()
    assert dead.status == DocumentStatus.FAILED
    assert "Ett nytt har startats" in dead.error


def test_a_click_while_the_lease_runs_gets_the_job_in_flight(
    process, clerk, django_capture_on_commit_callbacks
):
    alive = _queued(process, clerk, django_capture_on_commit_callbacks)
    services._claim(Document, alive.pk, lease_seconds=12)
    again = _queued(process, clerk, django_capture_on_commit_callbacks)
    assert again.pk == alive.pk


def test_a_job_claimed_without_a_heartbeat_keeps_the_old_time_limit(
    process, clerk, django_capture_on_commit_callbacks
):
    """An eager render in the web process has no heartbeat: it is not judged by a lease."""
    document = _queued(process, clerk, django_capture_on_commit_callbacks)
    services._claim(Document, document.pk)
    document.refresh_from_db()
    assert document.lease_until is None
    assert not services.is_stale(document, now=timezone.now() + dt.timedelta(seconds=60))
    assert services.is_stale(document, now=timezone.now() + dt.timedelta(seconds=151))


def test_the_recovery_task_retries_a_job_whose_lease_ran_out(
    process, clerk, django_capture_on_commit_callbacks
):
    dead = _queued(process, clerk, django_capture_on_commit_callbacks)
    services._claim(Document, dead.pk, lease_seconds=12)
    Document.objects.filter(pk=dead.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False):
        counts = recovery.recover_stale_jobs()
    assert counts["Document"] == {"retried": 1, "failed": 0}
    dead.refresh_from_db()
    assert dead.status == DocumentStatus.QUEUED and dead.lease_until is None


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_the_work_goes_on_and_stops_after():
    process = ProcessFactory(title="Vision 2040")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    package = ArchivePackage.objects.create(process=process, requested_by=clerk)
    services._claim(ArchivePackage, package.pk, lease_seconds=1)
    first = ArchivePackage.objects.get(pk=package.pk).lease_until
    with Heartbeat(ArchivePackage, package.pk, lease_seconds=1) as heartbeat:
        time.sleep(1.2)  # longer than the lease: without renewals it would have run out
        renewed = ArchivePackage.objects.get(pk=package.pk)
        assert renewed.lease_until > first
        assert not services.is_stale(renewed)
    assert heartbeat.beats >= 2
    assert not heartbeat._thread.is_alive()
    stopped = ArchivePackage.objects.get(pk=package.pk).lease_until
    time.sleep(0.5)
    assert ArchivePackage.objects.get(pk=package.pk).lease_until == stopped


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_leaves_a_finished_job_alone():
    process = ProcessFactory(title="Vision 2040")
    package = ArchivePackage.objects.create(process=process, status=DocumentStatus.FAILED)
    assert Heartbeat(ArchivePackage, package.pk, lease_seconds=1).renew() == 0
    assert ArchivePackage.objects.get(pk=package.pk).lease_until is None


def test_an_eager_render_in_the_web_process_takes_no_lease(
    process, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.lease_until is None
