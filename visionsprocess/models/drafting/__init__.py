"""Drafting and adoption: rounds, versioned vision text, comments, consultation, audit.

Versions that are superseded, on consultation, decided on or adopted never change; the lock is
enforced in ``visionsprocess.drafting.services``. The citations of a paragraph live in the
``contributions`` app (``ParagraphCitation``) and point here.

A package of modules: versions, consultation, adoption; everything is importable from here."""

from .adoption import (  # noqa: F401
    AdoptionPath,
    AdoptionStep,
    AuditEntry,
    minutes_upload_to,
)
from .consultation import (  # noqa: F401
    Consultation,
    ConsultationAnswer,
    ConsultationSummary,
    Position,
    SummaryItem,
    SummaryState,
    answer_upload_to,
)
from .versions import (  # noqa: F401
    PUBLIC_VERSION_STATES,
    Comment,
    DraftingRound,
    DraftVersion,
    DraftVersionQuerySet,
    Paragraph,
    ParagraphKind,
    VersionState,
    dnr_validator,
)

__all__ = [
    "dnr_validator",
    "DraftingRound",
    "VersionState",
    "PUBLIC_VERSION_STATES",
    "DraftVersionQuerySet",
    "DraftVersion",
    "ParagraphKind",
    "Paragraph",
    "Comment",
    "Consultation",
    "ConsultationAnswer",
    "answer_upload_to",
    "SummaryState",
    "Position",
    "ConsultationSummary",
    "SummaryItem",
    "AdoptionPath",
    "AdoptionStep",
    "minutes_upload_to",
    "AuditEntry",
]
