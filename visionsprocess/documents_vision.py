"""The "adopted vision" document kind: the text as adopted, its decisions and its sources.

Made from the process's adopted drafting version (``source_for``); offered only once a version
has been adopted along the adoption path. Public once adopted: anyone may download it.

Its one adoption fact is the last approving decision on that version (README, "One adoption
fact per document"), and it is named for what that decision adopted: a vision text ("Antagen
vision"), or – when the clerk recorded the path as the decisions of another matter, e.g. the
programme whose text was drafted here (Vaggeryd, Dnr KS 2019/160) – "Antagen text" of that
matter. So it never calls itself the vision's adoption when the vision's own decision (its
extended validity, KF 2019-02-25 § 12 in the demo) is another one.
"""

from django.utils.translation import gettext_lazy as _

from .decisions.selectors import adopting_decision
from .drafting import selectors
from .models import MATTER_DRAFT_VERSION, VersionState
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


#: The matters whose decisions adopt a vision text; any other matter's text is "Antagen text".
VISION_MATTERS = {MATTER_DRAFT_VERSION, "vision"}
#: The registry's document type of a text adopted as another matter (keys of the goals app).
DOCUMENT_TYPES = {"programme": "Program", "action_plan": "Plan"}


def _decision(version):
    return adopting_decision(version=version)


def _matter(version) -> str:
    decision = _decision(version)
    return decision.matter if decision else MATTER_DRAFT_VERSION


def _title(version) -> str:
    process = version.round.process
    name = "Antagen vision" if _matter(version) in VISION_MATTERS else "Antagen text"
    return f"{name} – {process.title} (version {version.number})"


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
        "document_type": "Vision"
        if _matter(version) in VISION_MATTERS
        else DOCUMENT_TYPES.get(_matter(version), "Styrdokument"),
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
