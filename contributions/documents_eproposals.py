"""The "e-förslag and their answers" document kind: every answered e-förslag of a process with
the committee's decision (body, date, §, Dnr, outcome), the proposal and the answer, as a PDF.

Registered with the core's document registry; public (the answers are published), so a
finished rendering goes into the clerks' archive package as a published document, and the
decisions themselves are in the package's facts as every decision is.
"""

import hashlib

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import DocumentKind, SourceMissing, documents

KEY = "eproposal_answers"


def _answered(process):
    from .models import EProposal, EProposalState

    return (
        EProposal.objects.filter(process=process, state=EProposalState.ANSWERED)
        .select_related("committee", "decision__body")
        .order_by("answered_at", "pk")
    )


def source_for(process):
    if not _answered(process).exists():
        raise SourceMissing(_("No e-proposal has been answered yet."))
    return process


def title(process) -> str:
    return str(_("E-proposals and their answers – %(title)s") % {"title": process.title})


def build_context(process) -> dict:
    return {
        "process": process,
        "municipality": process.municipality,
        "document_title": title(process),
        "document_subject": str(_("E-proposals that reached their threshold, and the answers")),
        "proposals": list(_answered(process)),
    }


def source_version(process) -> str:
    stamp = _answered(process).aggregate(m=Max("modified"))["m"]
    count = _answered(process).count()
    return hashlib.sha256(f"{stamp}:{count}".encode()).hexdigest()[:16]


def metadata(process) -> dict:
    stamp = _answered(process).aggregate(m=Max("answered_at"))["m"]
    return {
        "document_name": title(process),
        "document_type": "Sammanställning",
        "responsible": process.municipality.name,
        "last_revised": timezone.localtime(stamp).date().isoformat() if stamp else "",
    }


def register():
    documents.register(
        DocumentKind(
            key=KEY,
            label=_("E-proposals and their answers"),
            template="contributions/documents/eproposal_answers.html",
            build_context=build_context,
            source_version=source_version,
            title=title,
            keywords=("e-förslag", "beslut", "svar"),
            metadata=metadata,
            source_for=source_for,
            public=lambda process: True,
            order=45,
            description=_(
                "Every answered e-proposal with the committee's decision and its answer."
            ),
        )
    )
