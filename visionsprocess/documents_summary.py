"""The "remissammanställning" document kind: the published summary of a consultation as a PDF.

Made from the process's newest published summary (``source_for``); public once published, so
it stands in the public document library and goes into the archive package as a published
document. Its decision is the decision that adopted the text after the consultation, when there
is one: the summary is part of that decision's documents (beslutsunderlag), and its cover and
registry fields say so.
"""

from django.utils.translation import gettext_lazy as _

from .decisions.selectors import adopting_decision
from .drafting import selectors
from .drafting.summary import DOCUMENT_KIND, latest_published, rows
from .registry import DocumentKind, SourceMissing, documents


def _source_for(process):
    summary = latest_published(process)
    if summary is None:
        raise SourceMissing(
            _("No summary of a consultation has been published yet: publish it on its page first.")
        )
    return summary


def _decision(summary):
    version = selectors.adopted_version(process=summary.process)
    return adopting_decision(version=version) if version is not None else None


def _title(summary) -> str:
    consultation = summary.consultation
    return f"Remissammanställning – {summary.process.title} (version {consultation.version.number})"


def _context(summary) -> dict:
    consultation = summary.consultation
    process = summary.process
    answers = list(consultation.answers.all())
    return {
        "document_title": _title(summary),
        "document_subject": f"Sammanställning av remissvaren på {consultation.version}",
        "document_keywords": ["remissammanställning", "remiss", process.title],
        "municipality": process.municipality,
        "process": process,
        "consultation": consultation,
        "summary": summary,
        "rows": rows(consultation=consultation, summary=summary),
        "answer_count": len(answers),
        "organisations": sorted({a.organisation for a in answers if a.organisation}),
        "private_count": sum(1 for a in answers if not a.organisation),
        "bodies": list(consultation.bodies.all()),
        "decision": _decision(summary),
    }


def _metadata(summary) -> dict:
    decision = _decision(summary)
    return {
        "document_name": _title(summary),
        "document_type": "Remissammanställning",
        "responsible": summary.process.municipality.name,
        "last_revised": summary.published_at.date().isoformat() if summary.published_at else "",
        **({"dnr": decision.dnr} if decision and decision.dnr else {}),
    }


def _version(summary) -> str:
    decision = _decision(summary)
    return f"s{summary.pk}-r{summary.revision}-{summary.state}-d{decision.pk if decision else 0}"


documents.register(
    DocumentKind(
        key=DOCUMENT_KIND,
        label=_("Summary of a consultation (remissammanställning)"),
        template="visionsprocess/documents/print/remissammanstallning.html",
        build_context=_context,
        source_version=_version,
        title=_title,
        keywords=("remissammanställning", "remiss"),
        metadata=_metadata,
        source_for=_source_for,
        decision=_decision,
        public=lambda summary: summary.is_published,
        order=30,
        description=_(
            "What came in on the consultation of the draft, and what the municipality did with "
            "each answer."
        ),
    )
)
