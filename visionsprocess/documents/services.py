"""Services of the document pipeline. Callable without Celery; tasks only wrap them.

Life of a Document: ``queued`` (asked for, task written to the outbox and handed to Celery
after commit) → ``rendering`` (claimed
by a worker) → ``done`` (file, SHA-256, pages and size set in one UPDATE) or ``failed`` (with a
readable reason). A worker killed while rendering leaves ``rendering``; the redelivered task
claims it again (``attempts`` + 1) and only the latest claim may mark it done, so exactly one
finished file results.
"""

import datetime as dt
import os
import tempfile
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import changes
from ..decisions.selectors import decision_facts
from ..models import ArchivePackage, Document, DocumentStatus, VisionProcess
from ..outbox import enqueue
from ..redact import masked_logger
from ..registry import SourceMissing, documents
from . import worker
from .storage import publish_file
from .text import pdf_text

logger = masked_logger(__name__)

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


def _changed(model, pk: int) -> None:
    """Record a change of the process a document (or archive package) ``pk`` belongs to: its
    state shows in the process's document list and the public library."""
    process_id = model.objects.filter(pk=pk).values_list("process_id", flat=True).first()
    if process_id is not None:
        changes.record(process=process_id)


def kind_decision(kind, source):
    """The decision that adopted ``source`` (None for kinds nobody adopts, or not yet)."""
    return kind.decision(source) if kind.decision and source is not None else None


_LOOK_UP = object()


def kind_metadata(kind, source, *, decision=_LOOK_UP) -> dict:
    """The registry fields of ``source`` as strings (missing ones empty), in the municipality's
    language: the document's one adoption fact (README, "One adoption fact per document").

    Body, date and § come from the kind's decision (the decision that adopted the text the
    document holds), the one source of them. The Dnr is that decision's, else the process's
    case Dnr: the same fallback the covers print, so a cover and its XMP never differ.
    ``decision``: the kind's decision when the caller has it already."""
    with translation.override(settings.LANGUAGE_CODE):
        raw = dict(kind.metadata(source)) if kind.metadata and source is not None else {}
        if kind.decision:
            if decision is _LOOK_UP:
                decision = kind_decision(kind, source)
            raw.update(decision_facts(decision))
        if not raw.get("dnr") and source is not None:
            raw["dnr"] = process_of_source(source).case_dnr
        return {
            column: "" if raw.get(column) is None else str(raw[column])
            for column in REGISTRY_COLUMNS
        }


DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)


def file_slug(title: str) -> str:
    """A file name part of ``title``: "Program 2019–2022" → "program-2019-2022" (Django's slugify
    drops an en dash, which ran the years together as "20192022")."""
    return slugify(title.translate(DASHES))


def kind_label(kind) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(kind.label)


def kind_title(kind, source) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(kind.title(source))[:250]


def source_for(*, kind: str, process: VisionProcess):
    """What ``kind`` is made from in ``process``; ``ValidationError`` saying what is missing."""
    if kind not in documents:
        raise ValidationError(_("Unknown document kind."))
    try:
        return documents.get(kind).source_for(process)
    except SourceMissing as missing:
        raise ValidationError(str(missing), code="source_missing") from missing


def is_stale(job, *, now=None) -> bool:
    """A queued or rendering job that no worker can still be working on.

    Rendering: its lease has run out (the worker renews it while it lives, see ``lease``), or,
    for a job claimed without a heartbeat, claimed longer ago than the task's hard time limit
    plus a grace period (a worker would have been stopped by then, so nobody is at it).
    Queued: waiting longer than ``DOCUMENT_QUEUED_STALE_SECONDS`` although the broker took its
    task (a lost message).
    """
    if job.status not in (DocumentStatus.QUEUED, DocumentStatus.RENDERING):
        return False
    now = now or timezone.now()
    limits = settings.DOCUMENT_JOB_LIMITS[job._meta.model_name]
    if job.status == DocumentStatus.RENDERING:
        if job.lease_until is not None:
            return now > job.lease_until
        since = job.started_at or job.created
        return now - since > dt.timedelta(seconds=limits["stale_after"])
    since = job.started_at or job.created
    return now - since > dt.timedelta(seconds=settings.DOCUMENT_QUEUED_STALE_SECONDS)


def _retire_dead(model, job) -> None:
    """Mark a dead in-flight job failed so that a new request starts a fresh one."""
    model.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
        status=DocumentStatus.FAILED,
        error=str(
            _(
                "The work stopped without finishing (the worker was probably stopped). A new one was started."
            )
        ),
        finished_at=timezone.now(),
    )
    changes.record(process=job.process_id)
    logger.warning(
        "%s %s was dead (%s since %s); retired",
        model.__name__,
        job.pk,
        job.status,
        job.started_at or job.created,
    )


@transaction.atomic
def document_request(*, kind: str, source, user) -> Document:
    """Ask for a rendering of ``source`` as ``kind``; returns the in-flight Document if any.

    The task is enqueued only after the transaction commits. Two clicks at the same time meet
    the partial unique constraint ``document_one_in_flight`` and get the same Document. A job
    in flight that is dead (see ``is_stale``) is never the answer: it is marked failed and a
    fresh one starts.
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
    if existing and not is_stale(existing):
        return existing
    if existing:
        _retire_dead(Document, existing)
    document = Document(
        process=process_of_source(source),
        title=kind_title(document_kind, source),
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        **lookup,
    )
    document.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        return Document.objects.in_flight().get(**lookup)
    changes.record(process=document.process_id)
    enqueue(render_document, document_id=document.pk)
    return document


@transaction.atomic
def document_publish(*, document: Document, user, publish: bool = True) -> Document:
    """Publish (or withdraw) a finished document of a kind an official publishes by hand."""
    kind = documents.get(document.kind) if document.kind in documents else None
    if kind is None or not kind.needs_publishing:
        raise ValidationError(_("Documents of this kind are published when they are adopted."))
    if document.status != DocumentStatus.DONE:
        raise ValidationError(_("Only a finished document can be published."))
    if publish:
        Document.objects.filter(pk=document.pk).update(
            published_at=timezone.now(), published_by=user
        )
    else:
        Document.objects.filter(pk=document.pk).update(published_at=None, published_by=None)
    changes.record(process=document.process_id)
    document.refresh_from_db()
    return document


@dataclass(frozen=True)
class Claim:
    pk: int
    attempt: int


def _claim(model, pk: int, *, lease_seconds: int | None = None) -> Claim | None:
    """Take a queued (or crashed mid-render) job; ``None`` if it is already finished.

    With ``lease_seconds`` (a worker whose heartbeat renews the lease) the job is dead once the
    lease runs out; without (eager runs), after the kind's ``stale_after``."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.status in (DocumentStatus.DONE, DocumentStatus.FAILED):
            return None
        attempt = job.attempts + 1
        now = timezone.now()
        lease_until = now + dt.timedelta(seconds=lease_seconds) if lease_seconds else None
        model.objects.filter(pk=pk).update(
            status=DocumentStatus.RENDERING,
            started_at=now,
            lease_until=lease_until,
            attempts=attempt,
        )
        changes.record(process=job.process_id)
    return Claim(pk=pk, attempt=attempt)


def _fail(model, claim: Claim, reason: str) -> None:
    updated = model.objects.filter(
        pk=claim.pk, status=DocumentStatus.RENDERING, attempts=claim.attempt
    ).update(status=DocumentStatus.FAILED, error=reason[:2000], finished_at=timezone.now())
    if updated:
        _changed(model, claim.pk)
        logger.warning("%s %s failed: %s", model.__name__, claim.pk, reason)


def document_fail(*, document_id: int, reason: str) -> None:
    """Mark a job that cannot go on (e.g. retries exhausted) as failed."""
    if (
        Document.objects.filter(pk=document_id)
        .exclude(status__in=[DocumentStatus.DONE, DocumentStatus.FAILED])
        .update(status=DocumentStatus.FAILED, error=reason[:2000], finished_at=timezone.now())
    ):
        _changed(Document, document_id)


def archive_fail(*, package_id: int, reason: str) -> None:
    if (
        ArchivePackage.objects.filter(pk=package_id)
        .exclude(status__in=[DocumentStatus.DONE, DocumentStatus.FAILED])
        .update(status=DocumentStatus.FAILED, error=reason[:2000], finished_at=timezone.now())
    ):
        _changed(ArchivePackage, package_id)


def _finish(model, claim: Claim, final_name: str, **fields) -> bool:
    """Mark the job done in one conditional UPDATE; only the latest claim may do so."""
    updated = model.objects.filter(
        pk=claim.pk, status=DocumentStatus.RENDERING, attempts=claim.attempt
    ).update(status=DocumentStatus.DONE, file=final_name, finished_at=timezone.now(), **fields)
    if updated:
        _changed(model, claim.pk)
    return bool(updated)


def render_pdf(**kwargs):
    """``rendering.render_pdf``, imported on first use: loading WeasyPrint takes most of a second,
    which every web process and management command would otherwise pay at start-up."""
    from ..rendering import render_pdf as render

    return render(**kwargs)


def document_render(*, document_id: int, lease_seconds: int | None = None) -> Document | None:
    """Render one Document. Idempotent: a finished Document is left as it is.

    Rendering problems (a broken image, a missing font, a template error) end in ``failed``
    with the reason. Storage and database errors (``OSError``, ``DatabaseError``) propagate so
    that the task retries; the Document stays ``rendering`` and the retry claims it again.
    """
    claim = _claim(Document, document_id, lease_seconds=lease_seconds)
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
            decision = kind_decision(kind, source)
            metadata = kind_metadata(kind, source, decision=decision)
        if kind.decision:
            # The cover states the very decision whose facts the XMP (``metadata``) and the
            # archive's METS carry: one adoption fact per document.
            context["decision"] = decision
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
        text=pdf_text(rendered.content),
    ):
        logger.info("document %s: a later attempt owns it; this result is dropped", document_id)
    return Document.objects.get(pk=document_id)


@shared_task(
    name="visionsprocess.documents.tasks.render_document",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=worker.MAX_RETRIES,
    soft_time_limit=worker.LIMITS["document"]["soft"],
    time_limit=worker.LIMITS["document"]["hard"],
)
def render_document(self, document_id: int):
    try:
        with worker.job_lease(self, Document, document_id) as lease_seconds:
            if lease_seconds is None:  # run eagerly in a web process
                document = document_render(document_id=document_id)
            else:
                with worker.collector_paused():
                    document = document_render(document_id=document_id, lease_seconds=lease_seconds)
    except worker.TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            document_fail(
                document_id=document_id,
                reason=_("The PDF could not be stored: %(reason)s") % {"reason": error},
            )
            return "failed"
        worker.logger.warning("document %s: transient error, retrying: %s", document_id, error)
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return document.status if document else None


#: The registered name of the render task (what an outbox row stores).
RENDER_TASK = render_document.name


def document_texts_fill(*, refill: bool = False) -> int:
    """Take the text out of finished documents rendered before the site search kept it (or, with
    ``refill``, of every finished document); returns how many were filled. Idempotent: a
    document whose text is kept is left as it is. A file that cannot be read is skipped."""
    queryset = Document.objects.filter(status=DocumentStatus.DONE).exclude(file="")
    if not refill:
        queryset = queryset.filter(text="")
    filled = 0
    for pk, process_id, name in queryset.order_by("pk").values_list("pk", "process_id", "file"):
        try:
            with Document.file.field.storage.open(name, "rb") as handle:
                text = pdf_text(handle.read())
        except OSError:
            logger.warning("document %s: its file could not be read", pk)
            continue
        if not text:
            continue
        with transaction.atomic():
            if Document.objects.filter(pk=pk).update(text=text):
                changes.record(process=process_id)
                filled += 1
    return filled
