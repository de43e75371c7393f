"""The tjänsteskrivelse of a matter: saving it, and its document kind.

The memo is rendered from the data alone: its heading, office, addressee and Dnr, "Förslag till
beslut", "Sammanfattning av ärendet", "Ärendet", "Beslutet ska skickas till" (the matter's
distribution list), "Handläggare" and the responsible manager, plus the planned decision path as
the timetable. It is a staff document (a memo is a working paper until the body decides).
"""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..audit import audit_log
from ..models import Body, DecisionProposal, PlannedStep, VisionProcess
from ..registry import DocumentKind, SourceMissing, documents
from .distribution import entries_of
from .planning import _check_matter

#: The fields of the memo the clerk writes.
FIELDS = (
    "title",
    "dnr",
    "office",
    "addressee",
    "written_on",
    "proposal",
    "summary",
    "background",
    "handler",
    "manager",
)


@transaction.atomic
def proposal_save(
    *,
    process: VisionProcess,
    matter: str,
    actor,
    title: str,
    dnr: str,
    office: str,
    addressee: Body,
    proposal: str,
    summary: str,
    handler: str,
    target: str = "",
    written_on: dt.date | None = None,
    background: str = "",
    manager: str = "",
) -> DecisionProposal:
    """Write (or rewrite) the memo of ``matter``."""
    _check_matter(process, matter, target)
    if addressee.municipality_id != process.municipality_id:
        raise ValidationError({"addressee": _("Choose a body of the process's own municipality.")})
    VisionProcess.objects.select_for_update().filter(pk=process.pk).first()
    memo = DecisionProposal.objects.filter(process=process, matter=matter, target=target).first()
    memo = memo or DecisionProposal(process=process, matter=matter, target=target)
    values = {
        "title": title,
        "dnr": dnr,
        "office": office,
        "addressee": addressee,
        "written_on": written_on,
        "proposal": proposal,
        "summary": summary,
        "background": background,
        "handler": handler,
        "manager": manager,
    }
    for name, value in values.items():
        setattr(memo, name, value.strip() if isinstance(value, str) else value)
    memo.full_clean()
    memo.save()
    audit_log(
        process=process, actor=actor, action="decision_proposal_saved", obj=memo, dnr=memo.dnr
    )
    return memo


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a memo text: blank lines part them; single line breaks stay inside."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def memo_context(memo: DecisionProposal) -> dict:
    process = memo.process
    steps = list(
        PlannedStep.objects.of_matter(process, memo.matter, memo.target)
        .select_related("body")
        .order_by("step", "planned_date", "pk")
    )
    return {
        "memo": memo,
        "process": process,
        "municipality": process.municipality,
        "proposal": _paragraphs(memo.proposal),
        "summary": _paragraphs(memo.summary),
        "background": _paragraphs(memo.background),
        "recipients": [entry.name for entry in entries_of(process=process, matter=memo.matter)],
        "steps": steps,
        "document_title": memo.title,
        "document_subject": f"Tjänsteskrivelse, Dnr {memo.dnr}",
    }


def memo_version(memo: DecisionProposal) -> str:
    context = memo_context(memo)
    stamps = [memo.modified.isoformat(), *context["recipients"]]
    stamps += [f"{s.pk}:{s.modified.isoformat()}" for s in context["steps"]]
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


def memo_source(process: VisionProcess) -> DecisionProposal:
    memo = (
        DecisionProposal.objects.filter(process=process)
        .select_related("process__municipality", "addressee")
        .order_by("-modified", "-pk")
        .first()
    )
    if memo is None:
        raise SourceMissing(_("Write the memo of a matter on the decisions page first."))
    return memo


def memo_metadata(memo: DecisionProposal) -> dict:
    return {
        "document_name": memo.title,
        "document_type": "Tjänsteskrivelse",
        "responsible": memo.office,
        "dnr": memo.dnr,
        "last_revised": memo.modified.date().isoformat(),
    }


documents.register(
    DocumentKind(
        key="tjansteskrivelse",
        label=gettext_lazy("Memo (tjänsteskrivelse)"),
        template="visionsprocess/documents/print/tjansteskrivelse.html",
        build_context=memo_context,
        source_version=memo_version,
        title=lambda memo: f"Tjänsteskrivelse – {memo.title}",
        keywords=("tjänsteskrivelse", "förslag till beslut"),
        metadata=memo_metadata,
        source_for=memo_source,
        permission="visionsprocess.record_decision",
        order=85,
    )
)
