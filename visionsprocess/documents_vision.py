"""The "adopted vision" document kind: the text as adopted, its decision and its sources."""

from django.utils.translation import gettext_lazy as _

from .drafting import selectors
from .registry import DocumentKind, documents


def _context(version) -> dict:
    process = version.round.process
    decision = selectors.final_decision(version=version)
    paragraphs = selectors.public_paragraphs(version=version)
    return {
        "document_title": f"{process.title} – {_('adopted vision')}",
        "document_subject": process.summary,
        "document_keywords": ["vision", process.title, process.municipality.name],
        "municipality": process.municipality,
        "process": process,
        "version": version,
        "decision": decision,
        "decisions": list(version.decisions.select_related("body").order_by("meeting_date")),
        "paragraphs": paragraphs,
    }


documents.register(
    DocumentKind(
        key="adopted_vision",
        label=_("Adopted vision"),
        template="visionsprocess/documents/adopted_vision.html",
        build_context=_context,
        source_version=lambda version: f"v{version.number}-{version.adopted_on}",
        title=lambda version: f"{version.round.process.title} – {_('adopted vision')}",
        keywords=("vision",),
    )
)
