"""Services of the document pipeline. Callable without Celery; tasks only wrap them.

Life of a Document: ``queued`` (asked for, task written to the outbox and handed to Celery
after commit) → ``rendering`` (claimed
by a worker) → ``done`` (file, SHA-256, pages and size set in one UPDATE) or ``failed`` (with a
readable reason). A worker killed while rendering leaves ``rendering``; the redelivered task
claims it again (``attempts`` + 1) and only the latest claim may mark it done, so exactly one
finished file results.
"""

import csv
import hashlib
import io
import json
import logging
import os
import tempfile
import zipfile
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import ArchivePackage, Document, DocumentStatus, VisionProcess
from ..outbox import enqueue
from ..registry import documents
from . import selectors
from .storage import publish_file

logger = logging.getLogger(__name__)

REGISTRY_COLUMNS = (
    "document_name",
    "document_type",
    "deciding_body",
    "adopted_date",
    "paragraph",
    "dnr",
    "responsible",
    "valid_until",
    "last_revised",
)


def process_of_source(source) -> VisionProcess:
    return source if isinstance(source, VisionProcess) else source.process


def kind_metadata(kind, source) -> dict:
    """The registry fields of ``source`` as strings (missing ones empty)."""
    raw = kind.metadata(source) if kind.metadata and source is not None else {}
    return {
        column: "" if raw.get(column) is None else str(raw[column]) for column in REGISTRY_COLUMNS
    }


RENDER_TASK = "visionsprocess.documents.tasks.render_document"
ARCHIVE_TASK = "visionsprocess.documents.tasks.build_archive_package"


@transaction.atomic
def document_request(*, kind: str, source, user) -> Document:
    """Ask for a rendering of ``source`` as ``kind``; returns the in-flight Document if any.

    The task is enqueued only after the transaction commits. Two clicks at the same time meet
    the partial unique constraint ``document_one_in_flight`` and get the same Document.
    """
    if kind not in documents:
        raise ValidationError(_("Unknown document kind."))
    document_kind = documents.get(kind)
    version = str(document_kind.source_version(source))[:64]
    lookup = {
        "kind": kind,
        "source_type": ContentType.objects.get_for_model(source),
        "source_id": source.pk,
        "source_version": version,
    }
    existing = Document.objects.in_flight().filter(**lookup).first()
    if existing:
        return existing
    document = Document(
        process=process_of_source(source),
        title=str(document_kind.title(source))[:250],
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        **lookup,
    )
    document.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        return Document.objects.in_flight().get(**lookup)
    enqueue(RENDER_TASK, document_id=document.pk)
    return document


@dataclass(frozen=True)
class Claim:
    pk: int
    attempt: int


def _claim(model, pk: int) -> Claim | None:
    """Take a queued (or crashed mid-render) job; ``None`` if it is already finished."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.status in (DocumentStatus.DONE, DocumentStatus.FAILED):
            return None
        attempt = job.attempts + 1
        model.objects.filter(pk=pk).update(
            status=DocumentStatus.RENDERING, started_at=timezone.now(), attempts=attempt
        )
    return Claim(pk=pk, attempt=attempt)


def _fail(model, claim: Claim, reason: str) -> None:
    updated = model.objects.filter(
        pk=claim.pk, status=DocumentStatus.RENDERING, attempts=claim.attempt
    ).update(status=DocumentStatus.FAILED, error=reason[:2000], finished_at=timezone.now())
    if updated:
        logger.warning("%s %s failed: %s", model.__name__, claim.pk, reason)


def document_fail(*, document_id: int, reason: str) -> None:
    """Mark a job that cannot go on (e.g. retries exhausted) as failed."""
    Document.objects.filter(pk=document_id).exclude(
        status__in=[DocumentStatus.DONE, DocumentStatus.FAILED]
    ).update(status=DocumentStatus.FAILED, error=reason[:2000], finished_at=timezone.now())


def archive_fail(*, package_id: int, reason: str) -> None:
    ArchivePackage.objects.filter(pk=package_id).exclude(
        status__in=[DocumentStatus.DONE, DocumentStatus.FAILED]
    ).update(status=DocumentStatus.FAILED, error=reason[:2000], finished_at=timezone.now())


def _finish(model, claim: Claim, final_name: str, **fields) -> bool:
    """Mark the job done in one conditional UPDATE; only the latest claim may do so."""
    updated = model.objects.filter(
        pk=claim.pk, status=DocumentStatus.RENDERING, attempts=claim.attempt
    ).update(status=DocumentStatus.DONE, file=final_name, finished_at=timezone.now(), **fields)
    return bool(updated)


def render_pdf(**kwargs):
    """``rendering.render_pdf``, imported on first use: loading WeasyPrint takes most of a second,
    which every web process and management command would otherwise pay at start-up."""
    from ..rendering import render_pdf as render

    return render(**kwargs)


def document_render(*, document_id: int) -> Document | None:
    """Render one Document. Idempotent: a finished Document is left as it is.

    Rendering problems (a broken image, a missing font, a template error) end in ``failed``
    with the reason. Storage and database errors (``OSError``, ``DatabaseError``) propagate so
    that the task retries; the Document stays ``rendering`` and the retry claims it again.
    """
    claim = _claim(Document, document_id)
    if claim is None:
        return Document.objects.filter(pk=document_id).first()
    document = Document.objects.select_related("process__municipality").get(pk=document_id)
    if document.kind not in documents:
        _fail(Document, claim, _("This kind of document is no longer available."))
        return Document.objects.get(pk=document_id)
    kind = documents.get(document.kind)
    source = document.source
    if source is None:
        _fail(Document, claim, _("The document's source no longer exists."))
        return Document.objects.get(pk=document_id)
    from ..rendering import RenderError

    try:
        with translation.override("sv"):  # charts and labels made in the context are Swedish too
            context = kind.build_context(source)
            metadata = kind_metadata(kind, source)
        context.setdefault("municipality", document.process.municipality)
        context.setdefault("document_title", document.title)
        context.setdefault("document_keywords", list(kind.keywords))
        rendered = render_pdf(template=kind.template, context=context, metadata=metadata)
    except RenderError as error:
        _fail(Document, claim, _("The PDF could not be made: %(reason)s") % {"reason": error})
        return Document.objects.get(pk=document_id)
    except (OSError, transaction.DatabaseError):
        raise
    except Exception as error:  # noqa: BLE001 - a bug in a kind must not leave "rendering"
        logger.exception("document %s: building the context failed", document_id)
        _fail(
            Document,
            claim,
            _("The PDF could not be made: %(reason)s")
            % {"reason": f"{error.__class__.__name__}: {error}"},
        )
        return Document.objects.get(pk=document_id)

    final_name = Document.file.field.generate_filename(document, "document.pdf")
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
        tmp.write(rendered.content)
    try:
        stored, sha256, size = publish_file(local_path=tmp.name, final_name=final_name)
    finally:
        os.unlink(tmp.name)
    if not _finish(
        Document,
        claim,
        stored,
        sha256=sha256,
        page_count=rendered.page_count,
        file_size=size,
        pdf_variant=rendered.variant,
        error="",
    ):
        logger.info("document %s: a later attempt owns it; this result is dropped", document_id)
    return Document.objects.get(pk=document_id)


# --- Archive packages ---------------------------------------------------------------------------


@transaction.atomic
def archive_request(*, process: VisionProcess, user) -> ArchivePackage:
    """Ask for an archive package of ``process``; returns the one in flight if any."""
    existing = ArchivePackage.objects.filter(
        process=process, status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
    ).first()
    if existing:
        return existing
    if not Document.objects.filter(process=process, status=DocumentStatus.DONE).exists():
        raise ValidationError(_("There are no finished documents to archive yet."))
    package = ArchivePackage(
        process=process, requested_by=user if getattr(user, "is_authenticated", False) else None
    )
    package.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            package.save()
    except IntegrityError:
        return ArchivePackage.objects.get(
            process=process, status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
        )
    enqueue(ARCHIVE_TASK, package_id=package.pk)
    return package


def archive_file_name(document: Document) -> str:
    return f"{slugify(document.title) or document.kind}-{document.token.hex[:8]}.pdf"


def archive_rows(*, process: VisionProcess) -> list[dict]:
    """One row per archived document: file name, the registry fields and the checksum."""
    rows = []
    archived = selectors.archive_documents(process=process)
    prefetch_related_objects(archived, "source")  # one query per kind of source, not per document
    for document in archived:
        kind = documents.get(document.kind) if document.kind in documents else None
        metadata = kind_metadata(kind, document.source) if kind else {}
        rows.append(
            {
                "file": archive_file_name(document),
                **{c: metadata.get(c, "") for c in REGISTRY_COLUMNS},
                "document_name": metadata.get("document_name") or document.title,
                "document_type": metadata.get("document_type") or (kind.label if kind else ""),
                "pages": document.page_count,
                "pdf_variant": document.pdf_variant,
                "created": document.finished_at.isoformat() if document.finished_at else "",
                "sha256": document.sha256,
                "document": document,
            }
        )
    return rows


def archive_build(*, package_id: int) -> ArchivePackage | None:
    """Build the ZIP of a package on disk (never in memory) and publish it to storage."""
    claim = _claim(ArchivePackage, package_id)
    if claim is None:
        return ArchivePackage.objects.filter(pk=package_id).first()
    package = ArchivePackage.objects.select_related("process").get(pk=package_id)
    rows = archive_rows(process=package.process)
    with tempfile.NamedTemporaryFile(suffix=".zip", delete=False) as tmp:
        tmp_path = tmp.name
    try:
        with zipfile.ZipFile(tmp_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for row in rows:
                document = row["document"]
                digest = hashlib.sha256()
                with document.file.open("rb") as source, archive.open(row["file"], "w") as target:
                    for chunk in iter(lambda source=source: source.read(1024 * 1024), b""):
                        digest.update(chunk)
                        target.write(chunk)
                if digest.hexdigest() != document.sha256:
                    _fail(
                        ArchivePackage,
                        claim,
                        _("The file of %(title)s does not match its checksum.")
                        % {"title": document.title},
                    )
                    return ArchivePackage.objects.get(pk=package_id)
            public = [{k: v for k, v in row.items() if k != "document"} for row in rows]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(public[0]) if public else ["file"])
            writer.writeheader()
            writer.writerows(public)
            archive.writestr("metadata.csv", text.getvalue())
            archive.writestr(
                "metadata.json",
                json.dumps(
                    {
                        "process": package.process.title,
                        "municipality": package.process.municipality.name,
                        "created": timezone.now().isoformat(),
                        "documents": public,
                    },
                    ensure_ascii=False,
                    indent=2,
                ),
            )
            archive.writestr(
                "SHA256SUMS", "".join(f"{row['sha256']}  {row['file']}\n" for row in public)
            )
        final_name = ArchivePackage.file.field.generate_filename(package, "package.zip")
        stored, sha256, size = publish_file(local_path=tmp_path, final_name=final_name)
    except FileNotFoundError as error:
        _fail(
            ArchivePackage, claim, _("A document file is missing: %(reason)s") % {"reason": error}
        )
        return ArchivePackage.objects.get(pk=package_id)
    finally:
        if os.path.exists(tmp_path):
            os.unlink(tmp_path)
    _finish(ArchivePackage, claim, stored, sha256=sha256, file_size=size, document_count=len(rows))
    return ArchivePackage.objects.get(pk=package_id)
