"""The clerks' archive package: which documents go in, and building it (see ``eark`` for the
package's layout).

What goes in: the newest finished rendering of each document that is **adopted** (its kind's
decision exists: the programme, the adopted text, an action-plan version a body decided on) or
**published** (public by its kind's rule without a decision: the action plan in force, a
dialogue synthesis an official has published). Drafts – an unpublished synthesis, a draft
action-plan version, the staff's process overview – stay out: they are working material, not
records the municipality has settled, and a package is what the registry files as final. The
archive page lists them with the reason, so the clerk sees what is left out and why.
"""

import datetime as dt
import hashlib
import os
import stat
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, version

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import changes
from ..models import ArchivePackage, Document, DocumentStatus, VisionProcess
from ..outbox import enqueue
from ..registry import documents
from . import eark, selectors, worker
from .services import (
    REGISTRY_COLUMNS,
    _claim,
    _fail,
    _finish,
    _retire_dead,
    archive_fail,
    file_slug,
    is_stale,
    kind_decision,
    kind_label,
    kind_metadata,
)
from .storage import publish_file

FILE_MODE = (stat.S_IFREG | 0o644) << 16
DIR_MODE = ((stat.S_IFDIR | 0o755) << 16) | 0x10  # 0x10: the MS-DOS directory flag
ARCHIVABLE = (eark.Status.ADOPTED, eark.Status.PUBLISHED)


@transaction.atomic
def archive_request(*, process: VisionProcess, user) -> ArchivePackage:
    """Ask for an archive package of ``process``; returns the one in flight if any."""
    existing = ArchivePackage.objects.filter(
        process=process, status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
    ).first()
    if existing and not is_stale(existing):
        return existing
    if existing:
        _retire_dead(ArchivePackage, existing)
    if not Document.objects.filter(process=process, status=DocumentStatus.DONE).exists():
        raise ValidationError(_("There are no finished documents to archive yet."))
    if not archive_rows(process=process):
        raise ValidationError(
            _(
                "Only drafts are finished: an archive package holds adopted and published "
                "documents. Record the decision or publish the document first."
            )
        )
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
    changes.record(process=process)
    enqueue(build_archive_package, package_id=package.pk)
    return package


def archive_file_name(document: Document) -> str:
    return f"{file_slug(document.title) or document.kind}-{document.token.hex[:8]}.pdf"


def document_status(kind, document: Document, source, decision) -> str:
    """adopted (a body decided on it), published (public by its kind's rule) or draft."""
    if decision is not None:
        return eark.Status.ADOPTED
    if (
        kind is not None
        and kind.can_be_public
        and source is not None
        and kind.public(source)
        and (not kind.needs_publishing or document.published_at is not None)
    ):
        return eark.Status.PUBLISHED
    return eark.Status.DRAFT


def _rows(process: VisionProcess) -> list[dict]:
    rows = []
    archived = selectors.archive_documents(process=process)
    prefetch_related_objects(archived, "source")  # one query per kind of source, not per document
    for document in archived:
        kind = documents.get(document.kind) if document.kind in documents else None
        source = document.source
        metadata = kind_metadata(kind, source) if kind else {}
        decision = kind_decision(kind, source) if kind else None
        status = document_status(kind, document, source, decision)
        rows.append(
            {
                "file": archive_file_name(document),
                **{c: metadata.get(c, "") for c in REGISTRY_COLUMNS},
                "document_name": metadata.get("document_name") or document.title,
                # str(): a kind's label is a lazy translation, which json.dumps cannot write.
                "document_type": metadata.get("document_type")
                or (kind_label(kind) if kind else document.kind),
                "status": status,
                "status_label": eark.Status.LABELS[status],
                "pages": document.page_count,
                "pdf_variant": document.pdf_variant,
                "pronom": eark.pdf_format(document.pdf_variant)[1] or "",
                "created": timezone.localtime(document.finished_at).isoformat(timespec="seconds")
                if document.finished_at
                else "",
                "sha256": document.sha256,
                "document": document,
                "decision_obj": decision,
            }
        )
    return rows


def archive_rows(*, process: VisionProcess) -> list[dict]:
    """One row per document that goes in the package (adopted or published): file name, the
    registry fields, the status and the checksum."""
    return [row for row in _rows(process) if row["status"] in ARCHIVABLE]


def archive_left_out(*, process: VisionProcess) -> list[dict]:
    """The finished drafts, which the package leaves out (shown on the archive page)."""
    return [row for row in _rows(process) if row["status"] not in ARCHIVABLE]


def package_identifier(package: ArchivePackage) -> str:
    """E.g. "vp-0682-strategiskt-utvecklingsprogram-20260512-1405-1a2b3c4d": the municipality's
    code, the process and when (in the municipality's time zone, as every date in the
    package), unique by the package's token; also the root folder's and the download's name."""
    process = package.process
    stamp = timezone.localtime(package.created).strftime("%Y%m%d-%H%M")
    return f"vp-{process.municipality.code}-{process.slug}-{stamp}-{package.token.hex[:8]}"


def _document_date(row) -> dt.datetime:
    """The date a file is dated with in the package: the adoption for an adopted document,
    else when it was made."""
    decision = row.get("decision_obj")
    if decision is not None:
        return timezone.make_aware(dt.datetime.combine(decision.meeting_date, dt.time(12, 0)))
    return row["document"].finished_at or timezone.now()


class PackageWriter:
    """Writes the ZIP: entries with ordinary modes (0644 files, 0755 folders, every folder an
    entry of its own) under the package's root folder; remembers what each file was."""

    def __init__(self, archive: zipfile.ZipFile, root: str):
        self.archive = archive
        self.root = root
        self.folders: set[str] = set()
        self.written: dict[str, dict] = {}

    def _info(self, path: str, when: dt.datetime, mode: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{self.root}/{path}", date_time=when.timetuple()[:6])
        info.create_system = 3  # Unix: the modes below are read
        info.external_attr = mode
        return info

    def folder(self, path: str, when: dt.datetime) -> None:
        parts = path.split("/")
        for depth in range(len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in self.folders:
                continue
            self.folders.add(folder)
            info = self._info(f"{folder}/" if folder else "", when, DIR_MODE)
            info.filename = f"{self.root}/{folder}/" if folder else f"{self.root}/"
            self.archive.writestr(info, b"")

    def file(self, path: str, content: bytes, mimetype: str, when: dt.datetime) -> None:
        self.folder(path.rpartition("/")[0], when)
        info = self._info(path, when, FILE_MODE)
        info.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(info, content)
        self.written[path] = {
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "mimetype": mimetype,
            "created": when.isoformat(timespec="seconds"),
        }

    def stream(self, path: str, source, when: dt.datetime) -> str:
        """Copy an open file in; returns its SHA-256."""
        self.folder(path.rpartition("/")[0], when)
        info = self._info(path, when, FILE_MODE)
        info.compress_type = zipfile.ZIP_DEFLATED
        digest = hashlib.sha256()
        with self.archive.open(info, "w") as target:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                digest.update(chunk)
                target.write(chunk)
        return digest.hexdigest()


def _package_facts(package: ArchivePackage, rows: list[dict], now: dt.datetime):
    process = package.process
    case_dnr = process.case_dnr or next((row["dnr"] for row in rows if row.get("dnr")), "")
    try:
        software_version = version("visionsprocess")
    except PackageNotFoundError:
        software_version = "0.1.0"
    return eark.PackageFacts(
        package_id=package_identifier(package),
        created=now.isoformat(timespec="seconds"),
        municipality=process.municipality.name,
        municipality_code=process.municipality.code,
        process=process.title,
        case_dnr=case_dnr,
        classification_code=process.classification_code,
        software_version=software_version,
    )


def archive_build(*, package_id: int, lease_seconds: int | None = None) -> ArchivePackage | None:
    """Build the E-ARK package (see ``eark``) on disk (never in memory) and publish it.
    ``lease_seconds``: see ``services._claim`` (a worker's heartbeat renews the lease)."""
    claim = _claim(ArchivePackage, package_id, lease_seconds=lease_seconds)
    if claim is None:
        return ArchivePackage.objects.filter(pk=package_id).first()
    package = ArchivePackage.objects.select_related("process__municipality").get(pk=package_id)
    process = package.process
    rows = archive_rows(process=process)
    now = timezone.localtime()
    facts = _package_facts(package, rows, now)
    with tempfile.NamedTemporaryFile(suffix=".zip", delete=False) as tmp:
        tmp_path = tmp.name
    try:
        with zipfile.ZipFile(tmp_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            writer = PackageWriter(archive, facts.package_id)
            writer.folder("", now)
            for row in rows:
                document = row["document"]
                dated = timezone.localtime(_document_date(row))
                decision = row["decision_obj"]
                row.update(
                    size=document.file_size,
                    document_date=dated.date().isoformat(),
                    document_datetime=dated.isoformat(timespec="seconds"),
                    case_dnr=facts.case_dnr,
                    classification_code=process.classification_code,
                    municipality_code=process.municipality.code,
                    package_id=facts.package_id,
                    decision=(decision.subject or str(decision)) if decision else "",
                )
                with document.file.open("rb") as source:
                    sha256 = writer.stream(eark.data_path(row), source, dated)
                if sha256 != document.sha256:
                    _fail(
                        ArchivePackage,
                        claim,
                        _("The file of %(title)s does not match its checksum.")
                        % {"title": document.title},
                    )
                    return ArchivePackage.objects.get(pk=package_id)
            public = [
                {k: v for k, v in row.items() if k not in ("document", "decision_obj")}
                for row in rows
            ]
            for row in public:
                writer.file(eark.record_path(row), eark.document_dc(facts, row), "text/xml", now)
            writer.file(eark.REP_PREMIS, eark.premis(facts, public), "text/xml", now)
            writer.file(
                eark.REP_METS,
                eark.representation_mets(facts, public, writer.written),
                "text/xml",
                now,
            )
            files = {
                "documentation/metadata.csv": (eark.metadata_csv(public), "text/csv"),
                "documentation/metadata.json": (
                    eark.metadata_json(facts, public),
                    "application/json",
                ),
                "documentation/SHA256SUMS": (
                    "".join(f"{row['sha256']}  {eark.data_path(row)}\n" for row in public).encode(),
                    "text/plain",
                ),
                "metadata/descriptive/dc.xml": (eark.dublin_core(facts, public), "text/xml"),
                "metadata/preservation/premis.xml": (eark.package_premis(facts), "text/xml"),
                **{
                    f"schemas/{name}": (content, "application/xml")
                    for name, content in eark.schemas().items()
                },
            }
            for path, (content, mimetype) in files.items():
                writer.file(path, content, mimetype, now)
            writer.file("METS.xml", eark.mets(facts, public, writer.written), "text/xml", now)
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


@shared_task(
    name="visionsprocess.documents.tasks.build_archive_package",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=worker.MAX_RETRIES,
    soft_time_limit=worker.LIMITS["archivepackage"]["soft"],
    time_limit=worker.LIMITS["archivepackage"]["hard"],
)
def build_archive_package(self, package_id: int):
    try:
        with worker.job_lease(self, ArchivePackage, package_id) as lease_seconds:
            package = archive_build(package_id=package_id, lease_seconds=lease_seconds)
    except worker.TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            archive_fail(
                package_id=package_id,
                reason=_("The archive package could not be stored: %(reason)s") % {"reason": error},
            )
            return "failed"
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return package.status if package else None


#: The registered name of the archive task (what an outbox row stores).
ARCHIVE_TASK = build_archive_package.name
