"""Writes of budget frames and governing documents."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from visionsprocess import changes, uploads
from visionsprocess.model_update import model_assign

from ..models import (
    BudgetFrame,
    CouncilGoal,
    GoverningDocument,
)
from .limits import MAX_DOCUMENT_BYTES

# --- Budget -----------------------------------------------------------------------------------


@transaction.atomic
def budget_frame_save(
    *,
    process,
    body,
    year: int,
    amount_ksek,
    goals: Iterable[CouncilGoal],
    note: str = "",
    frame: BudgetFrame | None = None,
) -> BudgetFrame:
    goals = list(goals or [])
    if not goals:
        raise ValidationError({"goals": _("Choose at least one council goal the frame serves.")})
    if any(g.process_id != process.pk for g in goals):
        raise ValidationError({"goals": _("Choose council goals of this process.")})
    first, last = min(g.term_start for g in goals), max(g.term_end for g in goals)
    if not (first <= year <= last):
        raise ValidationError(
            {
                "year": _(
                    "The year %(year)s is outside the term of the goals (%(first)s–%(last)s)."
                )
                % {"year": year, "first": first, "last": last}
            }
        )
    if body.municipality_id != process.municipality_id:
        raise ValidationError({"body": _("Choose a committee of this municipality.")})
    duplicate = BudgetFrame.objects.filter(process=process, body=body, year=year)
    if frame is not None:
        duplicate = duplicate.exclude(pk=frame.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "year": _("%(body)s already has a budget frame for %(year)s.")
                % {"body": body, "year": year}
            }
        )
    frame = frame or BudgetFrame(process=process)
    frame.body = body
    frame.year = year
    frame.amount_ksek = amount_ksek
    frame.note = note
    frame.full_clean()
    frame.save()
    frame.goals.set(goals)
    changes.record(process=process)
    return frame


# --- Governing documents ----------------------------------------------------------------------


def check_pdf(upload) -> ContentFile:
    """The PDF as it is stored: checked by its content, without metadata or script."""
    return uploads.check_pdf(
        upload,
        max_bytes=MAX_DOCUMENT_BYTES,
        stem="styrdokument",
        field="file",
        too_large=_("The file is too large (at most 20 MB)."),
        wrong_type=_("The file is not a PDF."),
    )


#: What the governing document form changes (its file and goals are given on their own).
DOCUMENT_FIELDS = (
    "name",
    "doc_type",
    "adopted_by",
    "adopted_on",
    "paragraph",
    "dnr",
    "responsible",
    "valid_until",
    "last_revised",
    "link",
)


@transaction.atomic
def governing_document_save(
    *,
    process,
    document: GoverningDocument | None = None,
    goals: Iterable[CouncilGoal] = (),
    file=None,
    remove_file: bool = False,
    **fields,
) -> GoverningDocument:
    document = document or GoverningDocument(process=process)
    model_assign(instance=document, fields=DOCUMENT_FIELDS, data=fields)
    if file is not None:
        document.file = check_pdf(file)
    elif remove_file:
        document.file = ""
    if document.file and document.link:
        raise ValidationError({"link": _("Give either a file or a link, not both.")})
    if document.adopted_by_id and document.adopted_by.municipality_id != process.municipality_id:
        raise ValidationError({"adopted_by": _("Choose a body of this municipality.")})
    goals = list(goals)
    if any(g.process_id != process.pk for g in goals):
        raise ValidationError({"goals": _("Choose council goals of this process.")})
    document.full_clean()
    document.save()
    document.goals.set(goals)
    changes.record(process=process)
    return document
