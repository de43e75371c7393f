"""The "adopted vision" document kind: the text as adopted, its decisions and its sources.

Made from the process's adopted drafting version (``source_for``); offered only once a version
has been adopted along the adoption path. Public once adopted: anyone may download it.
"""

from django.utils.translation import gettext_lazy as _

from .drafting import selectors
from .models import VersionState
from .registry import DocumentKind, SourceMissing, documents


def _source_for(process):
    version = selectors.adopted_version(process=process)
    if version is None:
        raise SourceMissing(
            _(
                "No version of the text has been adopted yet: it is made once the last body "
                "of the adoption path has approved a version."
            )
        )
    return version


def _title(version) -> str:
    process = version.round.process
    return f"Antagen vision – {process.title} (version {version.number})"


def _decision(version):
    return selectors.final_decision(version=version)


def _context(version) -> dict:
    process = version.round.process
    decision = _decision(version)
    return {
        "document_title": _title(version),
        "document_subject": process.summary,
        "document_keywords": ["vision", process.title, process.municipality.name],
        "municipality": process.municipality,
        "process": process,
        "version": version,
        "decision": decision,
        "decisions": list(version.decisions.select_related("body").order_by("meeting_date")),
        "paragraphs": selectors.public_paragraphs(version=version),
    }


def _metadata(version) -> dict:
    process = version.round.process
    decision = _decision(version)
    return {
        "document_name": _title(version),
        "document_type": "Vision",
        "responsible": process.municipality.name,
        # An adopted text changes only by a new decision: it was last revised when adopted.
        "last_revised": (decision.meeting_date if decision else version.created.date()).isoformat(),
    }


documents.register(
    DocumentKind(
        key="adopted_vision",
        label=_("Adopted vision"),
        template="visionsprocess/documents/adopted_vision.html",
        build_context=_context,
        source_version=lambda version: f"v{version.number}-{version.adopted_on}",
        title=_title,
        keywords=("vision",),
        metadata=_metadata,
        source_for=_source_for,
        decision=_decision,
        public=lambda version: version.state == VersionState.ADOPTED,
        order=20,
        description=_("The text of the vision as the council adopted it, with its decisions."),
    )
)
