"""Read-side queries of the document pipeline."""

from django.shortcuts import get_object_or_404

from ..models import ArchivePackage, Document, DocumentStatus, VisionProcess
from ..registry import documents


def kinds_for(*, user, process: VisionProcess) -> list:
    """The document kinds ``user`` may ask for in ``process``."""
    return [kind for kind in documents if user.has_perm(kind.permission, process)]


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
