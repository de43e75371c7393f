"""The core's sources of the site search: draft and adopted texts, and the document library."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Document, DraftVersion, Paragraph, VersionState
from .models.drafting import PUBLIC_VERSION_STATES
from .site_search import Hit, SearchSource, process_ids, search_sources
from .textsearch import matching

# --- Draft and adopted texts ------------------------------------------------------------------


def _newest_adopted_ids(processes) -> list[int]:
    """The adopted version each process shows (the newest adopted one)."""
    rows = (
        DraftVersion.objects.filter(
            round__process_id__in=process_ids(processes), state=VersionState.ADOPTED
        )
        .order_by("round__process_id", "-number")
        .values_list("pk", "round__process_id")
    )
    seen, ids = set(), []
    for pk, process_id in rows:
        if process_id not in seen:
            seen.add(process_id)
            ids.append(pk)
    return ids


def find_paragraphs(processes, stems):
    """Paragraphs of the adopted text a process shows, and of drafts sent out on consultation
    (while on consultation and after, as their public consultation page shows them). Never a
    draft, a superseded version or a decided version without a consultation."""
    visible = Q(version_id__in=_newest_adopted_ids(processes)) | Q(
        version__state__in=PUBLIC_VERSION_STATES,
        version__consultation__isnull=False,
        version__round__process_id__in=process_ids(processes),
    )
    found = Paragraph.objects.filter(visible)
    return matching(found, stems, fields=("short_title", "text")).order_by(
        "-version__number", "order", "pk"
    )


def _prepare_paragraphs(items, processes):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(items, "version__round__process", "version__consultation")


def paragraph_hit(paragraph) -> Hit:
    version = paragraph.version
    process = version.round.process
    consultation = getattr(version, "consultation", None)
    anchor = f"#stycke-{paragraph.order}"
    if version.state == VersionState.ADOPTED:
        url = process.get_absolute_url() + anchor
        detail = _("The adopted vision")
    elif consultation is not None:
        url = reverse("drafting:consultation", args=[process.slug, consultation.pk]) + anchor
        detail = _("Draft on consultation (version %(number)s)") % {"number": version.number}
    else:  # not reached: find_paragraphs finds nothing else
        url, detail = process.get_absolute_url(), ""
    title = paragraph.short_title or _("Paragraph %(n)s") % {"n": paragraph.order}
    if paragraph.kind == "heading":
        title = paragraph.text[:120]
    return Hit(title=title, url=url, text=paragraph.text, process=process, detail=detail)


# --- The document library ----------------------------------------------------------------------


def find_documents(processes, stems):
    """The documents of the public library (see ``documents.selectors.public_libraries``: one
    query for every process) whose title or text (taken out of the PDF when it was rendered)
    matches."""
    from .documents.selectors import public_libraries

    libraries = public_libraries(processes=processes).values()
    ids = [entry.document.pk for entries in libraries for entry in entries]
    if not ids:
        return Document.objects.none()
    found = Document.objects.filter(pk__in=ids).select_related("process")
    return matching(found, stems, fields=("title", "text")).order_by("-finished_at", "-pk")


def document_hit(document) -> Hit:
    pages = document.page_count or 0
    return Hit(
        title=document.title,
        url=reverse("documents:public_download", args=[document.token]),
        text=document.text,
        process=document.process,
        detail=ngettext("PDF, %(pages)s page", "PDF, %(pages)s pages", pages) % {"pages": pages},
    )


def register():
    search_sources.register(
        SearchSource(
            key="texts",
            label=gettext_lazy("Draft and adopted texts"),
            order=30,
            find=find_paragraphs,
            hit=paragraph_hit,
            prepare=_prepare_paragraphs,
        )
    )
    search_sources.register(
        SearchSource(
            key="documents",
            label=gettext_lazy("Document library"),
            order=60,
            find=find_documents,
            hit=document_hit,
        )
    )
