"""The core's own document kind and its staff page section.

``process_overview``: a short fact sheet of a process (title, municipality, stages with dates),
rendered from the process itself. Feature apps register their own kinds (the programme, the
action plan) in their ``AppConfig.ready()``.
"""

import hashlib

from django.utils.translation import gettext_lazy as _

from ..registry import (
    DocumentKind,
    Section,
    document_parts,
    documents,
    process_sections,
    staff_sections,
)
from . import selectors


def _overview_context(process):
    stages = list(process.stages.order_by("position"))
    for stage in stages:
        stage.process = process
    return {
        "process": process,
        "municipality": process.municipality,
        "stages": stages,
        # What other apps add (the goals app's focus areas), each a rendered part.
        "parts": document_parts.render("process_overview", process),
        "document_title": f"{process.title} – processöversikt",
        "document_subject": process.summary,
    }


def _overview_version(process):
    stamps = [process.modified.isoformat(), str(process.current_stage_id)]
    stamps += [f"{s.pk}:{s.modified.isoformat()}" for s in process.stages.order_by("position")]
    stamps += document_parts.versions("process_overview", process)
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


def _overview_metadata(process):
    changed = [process.modified] + [stage.modified for stage in process.stages.all()]
    return {
        "document_name": f"{process.title} – processöversikt",
        "document_type": "Processöversikt",
        "responsible": process.municipality.name,
        "last_revised": max(changed).date().isoformat(),
    }


documents.register(
    DocumentKind(
        key="process_overview",
        label=_("Process overview"),
        template="visionsprocess/documents/print/process_overview.html",
        build_context=_overview_context,
        source_version=_overview_version,
        title=lambda process: f"{process.title} – processöversikt",
        keywords=("visionsprocess", "processöversikt"),
        metadata=_overview_metadata,
        order=90,
    )
)


def _documents_section(request, process):
    offers = selectors.kinds_for(user=request.user, process=process)
    can_archive = request.user.has_perm("visionsprocess.view_archive", process)
    if not offers and not can_archive:
        return None
    return {
        "kinds": offers,
        "missing": [offer for offer in offers if not offer.available],
        "recent": selectors.recent_documents(
            process=process, kinds=[offer.kind for offer in offers]
        ),
        "can_archive": can_archive,
    }


def _library_section(request, process):
    entries = selectors.public_library(process=process)
    return {"entries": entries} if entries else None


staff_sections.register(
    Section(
        key="documents.pdf",
        template="visionsprocess/documents/includes/staff_section.html",
        order=80,
        get_context=_documents_section,
    )
)

process_sections.register(
    Section(
        key="documents.library",
        template="visionsprocess/documents/includes/public_section.html",
        order=18,
        get_context=_library_section,
        public_cache=True,
    )
)
