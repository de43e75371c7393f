"""Read-side queries of the document pipeline."""

from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404

from ..models import ArchivePackage, Document, DocumentStatus, VisionProcess
from ..registry import DocumentKind, SourceMissing, documents


@dataclass(frozen=True)
class KindOffer:
    """A kind of document on the staff page: its source in the process, or what is missing."""

    kind: DocumentKind
    source: Any = None
    missing: str = ""

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def available(self) -> bool:
        return self.source is not None


def kinds_for(*, user, process: VisionProcess) -> list[KindOffer]:
    """The document kinds ``user`` may ask for in ``process``, each with its source or the
    sentence saying what is missing before it can be made."""
    offers = []
    for kind in documents:
        if not user.has_perm(kind.permission, process):
            continue
        try:
            offers.append(KindOffer(kind=kind, source=kind.source_for(process)))
        except SourceMissing as missing:
            offers.append(KindOffer(kind=kind, missing=str(missing)))
    return offers


@dataclass(frozen=True)
class LibraryEntry:
    """A document citizens may download, with its decision facts."""

    document: Document
    kind: DocumentKind
    decision: Any = None
    #: The adopting decision's Dnr, else the process's case Dnr (as the PDF and its XMP say).
    dnr: str = ""


def public_library(*, process: VisionProcess) -> list[LibraryEntry]:
    """The adopted and published documents of a public process, the newest finished rendering
    of each kind and source, in the kinds' order: never a draft, an unpublished version or a
    staff-only kind (see ``DocumentKind.public``)."""
    return public_libraries(processes=[process])[process.pk]


def public_libraries(*, processes) -> dict[int, list[LibraryEntry]]:
    """``public_library`` of each of ``processes`` (by id), with one query for the documents
    of them all (the site search covers every public process of a municipality)."""
    libraries: dict[int, list[LibraryEntry]] = {process.pk: [] for process in processes}
    public = [process for process in processes if process.is_public]
    if not public:
        return libraries
    public_kinds = {kind.key: kind for kind in documents if kind.can_be_public}
    candidates = list(
        Document.objects.filter(
            process_id__in=[process.pk for process in public],
            status=DocumentStatus.DONE,
            kind__in=public_kinds,
        )
        .select_related("source_type")
        .order_by("process_id", "kind", "source_type_id", "source_id", "-finished_at", "-pk")
    )
    newest, seen = [], set()
    for document in candidates:
        kind = public_kinds[document.kind]
        if kind.needs_publishing and document.published_at is None:
            continue
        key = (document.process_id, document.kind, document.source_type_id, document.source_id)
        if key in seen:
            continue
        seen.add(key)
        newest.append(document)
    prefetch_related_objects(newest, "source")
    by_pk = {process.pk: process for process in public}
    order = {kind.key: (kind.order, index) for index, kind in enumerate(documents)}
    entries: dict[int, list[LibraryEntry]] = {}
    for document in newest:
        kind = public_kinds[document.kind]
        source = document.source
        if source is None or not kind.public(source):
            continue
        process = by_pk[document.process_id]
        decision = kind.decision(source) if kind.decision else None
        dnr = (decision.dnr if decision else "") or process.case_dnr
        entry = LibraryEntry(document=document, kind=kind, decision=decision, dnr=dnr)
        entries.setdefault(process.pk, []).append(entry)
    for process_id, found in entries.items():
        found.sort(key=lambda entry: (order[entry.kind.key], -entry.document.pk))
        # One current document per kind: e.g. the action plan version in force, not older ones.
        kinds_seen = set()
        for entry in found:
            if entry.kind.key in kinds_seen:
                continue
            kinds_seen.add(entry.kind.key)
            libraries[process_id].append(entry)
    return libraries


def public_document_by_token(request, token, **kwargs) -> Document:
    """A document of the public library, by token; 404 for anything not in it."""
    document = get_object_or_404(
        Document.objects.select_related("process__municipality"), token=token
    )
    if not any(
        entry.document.pk == document.pk for entry in public_library(process=document.process)
    ):
        from django.http import Http404

        raise Http404
    return document


def document_by_token(request, token, **kwargs) -> Document:
    return get_object_or_404(
        Document.objects.select_related("process__municipality", "requested_by"), token=token
    )


def archive_by_token(request, token, **kwargs) -> ArchivePackage:
    return get_object_or_404(
        ArchivePackage.objects.select_related("process__municipality"), token=token
    )


def recent_documents(*, process: VisionProcess, kinds, limit: int = 10) -> list[Document]:
    keys = [kind.key for kind in kinds]
    return list(
        Document.objects.filter(process=process, kind__in=keys)
        .select_related("requested_by")
        .order_by("-created")[:limit]
    )


def archive_documents(*, process: VisionProcess) -> list[Document]:
    """The newest finished Document per kind and source of ``process`` (what goes to the archive)."""
    seen, result = set(), []
    queryset = (
        Document.objects.filter(process=process, status=DocumentStatus.DONE)
        .select_related("source_type")
        .order_by("kind", "source_type_id", "source_id", "-finished_at", "-pk")
    )
    for document in queryset:
        key = (document.kind, document.source_type_id, document.source_id)
        if key not in seen:
            seen.add(key)
            result.append(document)
    return result


def archive_packages(*, process: VisionProcess, limit: int = 10) -> list[ArchivePackage]:
    return list(ArchivePackage.objects.filter(process=process).order_by("-created")[:limit])
