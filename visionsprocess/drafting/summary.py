"""The remissammanställning: reads and writes of the summary of a closed consultation.

An official writes it once the consultation has closed: an introduction, and per paragraph that
received answers (and for the answers on the whole text) what the answers said, grouped, and
the municipality's position ("Beaktas", "Beaktas delvis", "Beaktas inte") with a reason. Each
save is a new revision of the draft; publishing makes it public and final, tells the
respondents and the process's followers (digest) and asks for its PDF.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import changes
from ..audit import audit_log
from ..documents.services import document_request
from ..models import (
    Consultation,
    ConsultationAnswer,
    ConsultationSummary,
    Document,
    DocumentStatus,
    Paragraph,
    SummaryItem,
    SummaryState,
)
from ..notices import notice_emit
from ..notices.core import CONSULTATION_SUMMARY_PUBLISHED as SUMMARY_PUBLISHED
from ..services import absolute_url
from .services import consultation_is_open

DOCUMENT_KIND = "consultation_summary"
WHOLE_TEXT = "whole"


@dataclass
class Row:
    """One paragraph of the summary with its answers (the editor's and the public page's row)."""

    key: str
    paragraph: Paragraph | None
    answers: list
    item: SummaryItem | None

    @property
    def title(self) -> str:
        if self.paragraph is None:
            return _("The whole text")
        return f"{self.paragraph.order}. {self.paragraph.short_title or self.paragraph.text[:60]}"


def summary_of(consultation: Consultation) -> ConsultationSummary | None:
    return (
        ConsultationSummary.objects.filter(consultation=consultation)
        .prefetch_related(
            Prefetch("items", queryset=SummaryItem.objects.select_related("paragraph"))
        )
        .first()
    )


def published_summary(consultation: Consultation) -> ConsultationSummary | None:
    summary = summary_of(consultation)
    return summary if summary is not None and summary.is_published else None


def rows(*, consultation: Consultation, summary: ConsultationSummary | None) -> list[Row]:
    """The whole text first, then each paragraph in order: those with answers, and those the
    summary already speaks of. Three queries."""
    answers = list(
        ConsultationAnswer.objects.filter(consultation=consultation)
        .select_related("paragraph")
        .order_by("created", "pk")
    )
    items = (
        {(item.paragraph_id or WHOLE_TEXT): item for item in summary.items.all()} if summary else {}
    )
    by_key: dict = {}
    for answer in answers:
        by_key.setdefault(answer.paragraph_id or WHOLE_TEXT, []).append(answer)
    paragraphs = {
        p.pk: p
        for p in Paragraph.objects.filter(
            pk__in=[k for k in {*by_key, *items} if k != WHOLE_TEXT]
        ).order_by("order", "pk")
    }
    result = []
    if WHOLE_TEXT in by_key or WHOLE_TEXT in items:
        result.append(Row(WHOLE_TEXT, None, by_key.get(WHOLE_TEXT, []), items.get(WHOLE_TEXT)))
    for pk, paragraph in paragraphs.items():
        result.append(Row(str(pk), paragraph, by_key.get(pk, []), items.get(pk)))
    return result


def _ensure_closed(consultation: Consultation) -> None:
    if consultation_is_open(consultation):
        raise ValidationError(
            _(
                "The consultation is open until %(date)s. The summary can be written once it "
                "has closed and every answer is in."
            )
            % {"date": consultation.deadline.strftime("%Y-%m-%d")}
        )


@transaction.atomic
def summary_save(
    *, consultation: Consultation, introduction: str, items: dict[str, dict], actor
) -> ConsultationSummary:
    """Save the draft (a new revision). ``items`` maps a row key (a paragraph id, or
    ``"whole"``) to ``{"grouped", "position", "reason"}``. A published summary never changes."""
    _ensure_closed(consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    summary = ConsultationSummary.objects.filter(consultation=consultation).first()
    if summary is not None and summary.is_published:
        raise ValidationError(_("The summary has been published and can no longer be changed."))
    if summary is None:
        summary = ConsultationSummary(consultation=consultation, revision=1)
    else:
        summary.revision += 1
    summary.introduction = introduction.strip()
    summary.edited_by = actor
    summary.full_clean(exclude=["consultation"], validate_unique=False)
    summary.save()
    changes.record(process=consultation.process)  # nothing is published if an error follows
    known = {row.key: row for row in rows(consultation=consultation, summary=summary)}
    errors = {}
    for key, values in items.items():
        row = known.get(key)
        if row is None:
            raise ValidationError(_("The summary can only speak of paragraphs of the text."))
        item = row.item or SummaryItem(summary=summary, paragraph=row.paragraph)
        item.order = row.paragraph.order if row.paragraph else 0
        item.grouped = (values.get("grouped") or "").strip()
        item.position = values.get("position") or ""
        item.reason = (values.get("reason") or "").strip()
        try:
            item.full_clean(exclude=["summary", "paragraph"], validate_constraints=False)
        except ValidationError as error:
            errors.update({f"{key}-{f}": m for f, m in error.message_dict.items()})
            continue
        item.save()
    if errors:
        raise ValidationError(errors)
    audit_log(
        process=consultation.process,
        actor=actor,
        action="consultation_summary_saved",
        obj=summary,
        revision=summary.revision,
    )
    return summary


@transaction.atomic
def summary_publish(*, summary: ConsultationSummary, actor) -> ConsultationSummary:
    """Publish the summary: public on the process and consultation pages, the respondents and
    the process's followers told in their digest, and its PDF asked for."""
    summary = ConsultationSummary.objects.select_for_update().get(pk=summary.pk)
    consultation = summary.consultation
    _ensure_closed(consultation)
    if summary.is_published:
        return summary
    missing = [
        row.title
        for row in rows(consultation=consultation, summary=summary)
        if row.item is None or not row.item.position or not row.item.reason
    ]
    if missing:
        raise ValidationError(
            _("Give the municipality's position and a reason for every paragraph first: %(list)s.")
            % {"list": "; ".join(missing)}
        )
    summary.state = SummaryState.PUBLISHED
    summary.published_at = timezone.now()
    summary.published_by = actor
    summary.save(update_fields=["state", "published_at", "published_by", "modified"])
    process = consultation.process
    changes.record(process=process)
    audit_log(
        process=process,
        actor=actor,
        action="consultation_summary_published",
        obj=summary,
        revision=summary.revision,
    )
    notice_emit(
        kind=SUMMARY_PUBLISHED,
        process=process,
        key=f"{SUMMARY_PUBLISHED}:{summary.pk}",
        context={
            "process": process.title,
            "url": absolute_url(
                reverse("drafting:consultation", args=[process.slug, consultation.pk]) + "#summary"
            ),
        },
        targets=[consultation],
        process_followers=True,
    )
    document_request(kind=DOCUMENT_KIND, source=summary, user=actor)
    return summary


def latest_published(process) -> ConsultationSummary | None:
    """The process's newest published summary (the process page, the document kind)."""
    return (
        ConsultationSummary.objects.filter(
            consultation__version__round__process=process, state=SummaryState.PUBLISHED
        )
        .select_related("consultation__version__round__process__municipality")
        .order_by("-published_at", "-pk")
        .first()
    )


def decision_documents(*, process) -> list[dict]:
    """The consultations of a process with their summaries and the summary's newest finished
    PDF: the documents the adoption decision rests on (the staff's decisions page). Three
    queries."""
    from django.contrib.contenttypes.models import ContentType

    consultations = list(
        Consultation.objects.filter(version__round__process=process)
        .select_related("version", "summary")
        .order_by("deadline", "pk")
    )
    summary_ids = [c.summary.pk for c in consultations if hasattr(c, "summary")]
    pdfs: dict[int, Document] = {}
    if summary_ids:
        for document in Document.objects.filter(
            kind=DOCUMENT_KIND,
            status=DocumentStatus.DONE,
            source_type=ContentType.objects.get_for_model(ConsultationSummary),
            source_id__in=summary_ids,
        ).order_by("-finished_at", "-pk"):
            pdfs.setdefault(document.source_id, document)
    return [
        {
            "consultation": consultation,
            "summary": getattr(consultation, "summary", None),
            "document": pdfs.get(consultation.summary.pk)
            if hasattr(consultation, "summary")
            else None,
        }
        for consultation in consultations
    ]
