"""The document pipeline: request, render task, retries, failures, downloads, archive packages."""

import csv
import hashlib
import io
import json
import zipfile
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.contributions.factories import PublishedContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess import changes
from visionsprocess.documents import archive as packages
from visionsprocess.documents import services, tasks
from visionsprocess.models import ArchivePackage, Document, DocumentStatus, Role
from visionsprocess.registry import DocumentKind, documents


@pytest.fixture
def process(db):
    return ProcessFactory(title="Vision 2040 – Vaggeryd växer", summary="Så här gör vi år 2040")


def _tasks(callbacks):
    """The commit hooks that hand tasks over (not the publication of recorded changes)."""
    return [c for c in callbacks if not changes.is_publication(c)]


@pytest.fixture
def clerk(process):
    return ProcessRoleFactory(process=process, role=Role.CLERK).user


def published_synthesis(process, capture):
    """A finished dialogue synthesis an official has published: it goes in the archive (a
    process overview, a staff fact sheet, is a draft and stays out)."""
    PublishedContributionFactory(process=process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    with capture(execute=True):
        document = services.document_request(
            kind="dialogue_synthesis", source=process, user=official
        )
    document.refresh_from_db()
    return services.document_publish(document=document, user=official)


def test_request_then_task_renders_a_done_document(
    process, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    assert document.status == DocumentStatus.QUEUED
    assert len(_tasks(callbacks)) == 1  # the task is enqueued only after commit
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.attempts == 1
    assert document.started_at and document.finished_at
    assert document.page_count == 1 and document.pdf_variant == "pdf/a-3a"
    with document.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert len(content) == document.file_size
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Vision 2040 – Vaggeryd växer" in text


def test_status_transitions_queued_rendering_done(
    process, clerk, django_capture_on_commit_callbacks
):
    seen = []
    real = services.render_pdf

    def spy(**kwargs):
        seen.append(Document.objects.get().status)
        return real(**kwargs)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    seen.append(Document.objects.get().status)
    with mock.patch.object(services, "render_pdf", spy):
        _tasks(callbacks)[0]()
    document.refresh_from_db()
    seen.append(document.status)
    assert seen == ["queued", "rendering", "done"]


def test_duplicate_click_gives_one_document(process, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.document_request(kind="process_overview", source=process, user=clerk)
        second = services.document_request(kind="process_overview", source=process, user=clerk)
    assert first.pk == second.pk
    assert len(_tasks(callbacks)) == 1
    assert Document.objects.count() == 1


def test_duplicate_post_gives_one_document(
    client, process, clerk, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    url = reverse("documents:request", args=[process.slug, "process_overview"])
    with django_capture_on_commit_callbacks(execute=False):
        one = client.post(url)
        two = client.post(url)
    assert one.status_code == two.status_code == 302
    assert one["Location"] == two["Location"]
    assert Document.objects.count() == 1


def test_in_flight_constraint_blocks_a_second_row(process, clerk):
    from django.db import IntegrityError, transaction

    document = services.document_request(kind="process_overview", source=process, user=clerk)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            process=process,
            kind=document.kind,
            title="x",
            source_type=document.source_type,
            source_id=document.source_id,
            source_version=document.source_version,
        )


def test_rendering_again_after_done_makes_a_new_document(
    process, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.document_request(kind="process_overview", source=process, user=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.document_request(kind="process_overview", source=process, user=clerk)
    assert first.pk != second.pk
    first.refresh_from_db()
    assert first.status == DocumentStatus.DONE


def test_task_is_idempotent_on_a_done_document(process, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    document.refresh_from_db()
    before = (document.file.name, document.sha256, document.attempts)
    with mock.patch.object(services, "render_pdf") as render:
        tasks.render_document.delay(document.pk)
    render.assert_not_called()
    document.refresh_from_db()
    assert (document.file.name, document.sha256, document.attempts) == before


def test_retry_after_a_crash_yields_one_document_and_one_file(
    process, clerk, django_capture_on_commit_callbacks
):
    """A worker killed mid-render: the Document is left 'rendering' with a partial file; the
    redelivered task claims it again and exactly one finished file results."""
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind="process_overview", source=process, user=clerk)

    class WorkerKilled(BaseException):
        pass

    def crash(**kwargs):
        # the dying worker managed to write half a file under a temporary name
        default_storage.save(
            f"documents/{process.pk}/{document.token}.pdf.dead.part", io.BytesIO(b"%PDF-1.7 half")
        )
        raise WorkerKilled

    with (
        mock.patch.object(services, "publish_file", side_effect=lambda **kw: crash()),
        pytest.raises(WorkerKilled),
    ):
        services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING and not document.file
    # redelivery (acks_late + reject_on_worker_lost)
    tasks.render_document.delay(document.pk)
    document.refresh_from_db()
    assert Document.objects.count() == 1
    assert document.status == DocumentStatus.DONE and document.attempts == 2
    _, files = default_storage.listdir(f"documents/{process.pk}")
    pdfs = [name for name in files if name.endswith(".pdf")]
    assert pdfs == [f"{document.token}.pdf"]
    with document.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256


def test_a_stale_attempt_cannot_mark_done(process, clerk, django_capture_on_commit_callbacks):
    """Two attempts overlap: only the latest claim may finish the Document."""
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    stale = services._claim(Document, document.pk)
    services.document_render(document_id=document.pk)  # attempt 2 finishes
    document.refresh_from_db()
    assert document.attempts == 2 and document.status == DocumentStatus.DONE
    assert not services._finish(
        Document, stale, "documents/other.pdf", sha256="0" * 64, page_count=1
    )
    document.refresh_from_db()
    assert document.file.name.endswith(f"{document.token}.pdf")


def test_transient_storage_error_is_retried(process, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    real = services.publish_file
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(**kwargs)

    with mock.patch.object(services, "publish_file", flaky):
        with pytest.raises(Retry):  # eager mode surfaces the retry; a worker schedules it
            tasks.render_document.delay(document.pk)
        document.refresh_from_db()
        assert document.status == DocumentStatus.RENDERING
        tasks.render_document.apply(args=[document.pk], retries=1)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE and len(calls) == 2


def test_storage_failing_every_time_ends_failed_not_stuck(
    process, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    with mock.patch.object(services, "publish_file", side_effect=OSError("disk full")):
        result = tasks.render_document.apply(args=[document.pk], retries=tasks.MAX_RETRIES)
    assert result.get() == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "disk full" in document.error and not document.file


@pytest.fixture
def broken_kind():
    kind = documents.register(
        DocumentKind(
            key="test_broken_image",
            label="Broken",
            template="visionsprocess/documents/print/process_overview.html",
            build_context=lambda p: {
                "process": p,
                "municipality": p.municipality,
                "stages": [],
                "broken_image": "/media/finns-inte.png",
            },
            source_version=lambda p: "1",
            title=lambda p: "Trasig bild",
        )
    )
    yield kind
    documents.unregister(kind.key)


def test_broken_image_fails_with_a_reason_and_no_file(
    process, clerk, broken_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind=broken_kind.key, source=process, user=clerk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "finns-inte.png" in document.error
    assert not document.file and not document.sha256
    assert not default_storage.exists(f"documents/{process.pk}")


def test_failed_status_page_shows_the_reason(
    client, process, clerk, broken_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind=broken_kind.key, source=process, user=clerk)
    client.force_login(clerk)
    response = client.get(reverse("documents:status", args=[document.token]))
    assert "finns-inte.png" in response.content.decode()
    assert "hx-trigger" not in response.content.decode()
    assert client.get(reverse("documents:download", args=[document.token])).status_code == 404


def test_status_partial_polls_until_finished(
    client, process, clerk, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    html = client.get(reverse("documents:status", args=[document.token])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    _tasks(callbacks)[0]()
    html = client.get(reverse("documents:status", args=[document.token])).content.decode()
    assert "hx-trigger" not in html
    assert reverse("documents:download", args=[document.token]) in html
    response = client.get(reverse("documents:download", args=[document.token]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_pdf_has_metadata_and_pdfa_identification(
    process, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    info = reader.metadata
    assert info.title == "Vision 2040 – Vaggeryd växer – processöversikt"
    assert info.author == "Vaggeryds kommun"
    assert "processöversikt" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "<dc:language>" in xmp and ">sv<" in xmp
    assert "vpreg:documentType>Processöversikt<" in xmp
    assert "pdfaExtension:schemas" in xmp
    assert "/StructTreeRoot" in reader.trailer["/Root"]


# --- Archive packages ---------------------------------------------------------------------------


def test_archive_package_zip_matches_files_checksums_and_metadata(
    client, process, clerk, broken_kind, django_capture_on_commit_callbacks
):
    document = published_synthesis(process, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_request(kind=broken_kind.key, source=process, user=clerk)  # failed
    client.force_login(clerk)
    page = client.get(reverse("documents:archive", args=[process.slug]))
    assert document.sha256 in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:archive_request", args=[process.slug]))
    assert response.status_code == 302
    package = ArchivePackage.objects.get()
    assert package.status == DocumentStatus.DONE and package.document_count == 1
    download = client.get(reverse("documents:archive_download", args=[package.token]))
    assert download["Content-Type"] == "application/zip"
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == package.sha256
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        root = next(iter(names)).split("/")[0]
        pdf_name = f"{root}/representations/rep1/data/{packages.archive_file_name(document)}"
        assert {
            pdf_name,
            f"{root}/METS.xml",
            f"{root}/documentation/metadata.csv",
            f"{root}/documentation/metadata.json",
            f"{root}/documentation/SHA256SUMS",
        } <= names
        assert hashlib.sha256(archive.read(pdf_name)).hexdigest() == document.sha256
        raw = archive.read(f"{root}/documentation/metadata.csv").decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
        meta = json.loads(archive.read(f"{root}/documentation/metadata.json"))
        sums = archive.read(f"{root}/documentation/SHA256SUMS").decode()
    assert [r["Filnamn"] for r in rows] == [packages.archive_file_name(document)]
    assert rows[0]["Kontrollsumma (SHA-256)"] == document.sha256 == meta["documents"][0]["sha256"]
    assert rows[0]["Dokumenttyp"] == "Sammanställning" and rows[0]["Status"] == "Publicerad"
    assert f"{document.sha256}  representations/rep1/data/" in sums
    assert meta["municipality"] == "Vaggeryds kommun"


def test_archive_without_documents_gives_a_message(client, process, clerk):
    client.force_login(clerk)
    response = client.post(reverse("documents:archive_request", args=[process.slug]), follow=True)
    assert (
        "inga färdiga dokument" in response.content.decode().lower()
        or "no finished" in response.content.decode().lower()
    )
    assert not ArchivePackage.objects.exists()


def test_archive_checksum_mismatch_fails(process, clerk, django_capture_on_commit_callbacks):
    document = published_synthesis(process, django_capture_on_commit_callbacks)
    Document.objects.filter(pk=document.pk).update(sha256="f" * 64)
    with django_capture_on_commit_callbacks(execute=True):
        package = packages.archive_request(process=process, user=clerk)
    package.refresh_from_db()
    assert package.status == DocumentStatus.FAILED
    assert "checksum" in package.error or "kontrollsumm" in package.error
    assert not package.file


def test_broker_down_keeps_the_document_queued_and_the_relay_renders_it_later(
    client, process, clerk, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from visionsprocess import outbox
    from visionsprocess.celery import app
    from visionsprocess.models import OutboxTask

    client.force_login(clerk)
    url = reverse("documents:request", args=[process.slug, "process_overview"])
    app.conf.task_always_eager = False  # the autouse fixture restores it
    with (
        mock.patch.object(
            tasks.render_document, "apply_async", side_effect=OperationalError("broker down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.status == DocumentStatus.QUEUED, "not failed: it waits for the broker"
    waiting = OutboxTask.objects.get(dispatched_at__isnull=True)
    assert "broker down" in waiting.last_error

    app.conf.task_always_eager = True  # the broker is back; the worker runs the task
    OutboxTask.objects.update(not_before=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.relay() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
