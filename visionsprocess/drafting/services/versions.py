"""Writes of drafting: rounds, versions and their paragraphs, with the lock (``_ensure_editable``)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from ...audit import audit_log
from ...models import (
    DraftingRound,
    DraftVersion,
    Paragraph,
    ParagraphKind,
    VersionState,
    VisionProcess,
)
from ..signals import paragraphs_copied

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ANSWER_FILE_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}


class EditConflict(ValidationError):
    """Someone else saved the paragraph after the editor opened it. Nothing was saved."""

    def __init__(self, *, paragraph: Paragraph, their_text: str, your_text: str):
        super().__init__(
            _(
                "Someone else changed this paragraph while you were editing it. Nothing was "
                "saved. Compare the two texts below, then save again."
            ),
            code="edit_conflict",
        )
        self.paragraph = paragraph
        self.their_text = their_text
        self.your_text = your_text


# --- Audit ------------------------------------------------------------------------------------


# --- Versions ---------------------------------------------------------------------------------


def latest_version(process: VisionProcess) -> DraftVersion | None:
    return (
        DraftVersion.objects.for_process(process)
        .select_related("round__process")
        .order_by("-number")
        .first()
    )


def _ensure_editable(version: DraftVersion) -> None:
    if version.is_locked:
        raise ValidationError(
            _(
                "The version is locked (%(state)s) and can no longer be changed. Make a new "
                "version to change the text."
            )
            % {"state": version.get_state_display().lower()},
            code="locked",
        )


def _copy_paragraphs(*, source: DraftVersion, target: DraftVersion, actor) -> None:
    mapping = {}
    for paragraph in source.paragraphs.order_by("order", "pk"):
        mapping[paragraph.pk] = Paragraph.objects.create(
            version=target,
            order=paragraph.order,
            kind=paragraph.kind,
            short_title=paragraph.short_title,
            text=paragraph.text,
            lineage=paragraph.lineage,
            split_from=paragraph.split_from,
        )
    if mapping:
        paragraphs_copied.send(sender=Paragraph, mapping=mapping, actor=actor)


def _new_version(*, round: DraftingRound, based_on: DraftVersion | None, actor, change_note=""):
    process = round.process
    number = (
        DraftVersion.objects.for_process(process).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    version = DraftVersion(
        round=round, number=number, author=actor, based_on=based_on, change_note=change_note
    )
    version.full_clean()
    version.save()
    if based_on is not None:
        _copy_paragraphs(source=based_on, target=version, actor=actor)
        if based_on.state == VersionState.DRAFT:
            based_on.state = VersionState.SUPERSEDED
            based_on.save(update_fields=["state"])
    audit_log(
        process=process,
        actor=actor,
        action="version_created",
        obj=version,
        based_on=based_on.number if based_on else None,
    )
    return version


@transaction.atomic
def round_create(
    *,
    process: VisionProcess,
    name: str,
    actor,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    participants=(),
) -> DraftingRound:
    """Start a drafting round. Its first version is a copy of the process's latest text."""
    VisionProcess.objects.select_for_update().get(pk=process.pk)
    drafting_round = DraftingRound(process=process, name=name, starts_on=starts_on, ends_on=ends_on)
    drafting_round.full_clean()
    drafting_round.save()
    drafting_round.participants.set(participants)
    audit_log(process=process, actor=actor, action="round_created", obj=drafting_round)
    _new_version(round=drafting_round, based_on=latest_version(process), actor=actor)
    return drafting_round


@transaction.atomic
def version_create_next(*, version: DraftVersion, actor, change_note: str = "") -> DraftVersion:
    """A new version in the same round, starting as a copy of ``version`` (the latest)."""
    process = version.round.process
    VisionProcess.objects.select_for_update().get(pk=process.pk)
    # Work on the stored state, never on a stale copy held by the caller.
    version = DraftVersion.objects.select_related("round__process").get(pk=version.pk)
    latest = latest_version(process)
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("Only the latest version can be the basis of a new version."), code="not_latest"
        )
    if version.state == VersionState.ADOPTED:
        raise ValidationError(
            _("This text has been adopted. Start a new drafting round to change it."),
            code="adopted",
        )
    return _new_version(round=version.round, based_on=version, actor=actor, change_note=change_note)


@transaction.atomic
def version_set_change_note(*, version: DraftVersion, change_note: str, actor) -> DraftVersion:
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_editable(version)
    version.change_note = change_note
    version.full_clean()
    version.save(update_fields=["change_note"])
    audit_log(
        process=version.process,
        actor=actor,
        action="change_note_set",
        obj=version,
        change_note=change_note,
    )
    return version


# --- Paragraphs -------------------------------------------------------------------------------


def _locked_version(version_id: int) -> DraftVersion:
    version = DraftVersion.objects.select_for_update().select_related("round__process")
    version = version.get(pk=version_id)
    _ensure_editable(version)
    return version


def _renumber(version: DraftVersion) -> list[Paragraph]:
    paragraphs = list(version.paragraphs.order_by("order", "pk"))
    for index, paragraph in enumerate(paragraphs, start=1):
        if paragraph.order != index:
            paragraph.order = index
            Paragraph.objects.filter(pk=paragraph.pk).update(order=index)
    return paragraphs


@transaction.atomic
def paragraph_add(
    *,
    version: DraftVersion,
    text: str,
    actor,
    kind: str = ParagraphKind.BODY,
    short_title: str = "",
    after: Paragraph | None = None,
) -> Paragraph:
    version = _locked_version(version.pk)
    paragraphs = _renumber(version)
    if after is not None and after.version_id != version.pk:
        raise ValidationError(_("The paragraph belongs to another version."))
    position = (after.order if after is not None else len(paragraphs)) + 1
    version.paragraphs.filter(order__gte=position).update(order=F("order") + 1)
    paragraph = Paragraph(
        version=version, order=position, kind=kind, short_title=short_title, text=text.strip()
    )
    paragraph.full_clean()
    paragraph.save()
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_added",
        obj=paragraph,
        version=version.number,
        text=paragraph.text,
    )
    return paragraph


@transaction.atomic
def paragraph_edit(
    *,
    paragraph: Paragraph,
    text: str,
    base_revision: int,
    actor,
    kind: str | None = None,
    short_title: str | None = None,
) -> Paragraph:
    """Save an edit made on ``base_revision``; raise EditConflict if it changed meanwhile."""
    version = _locked_version(paragraph.version_id)
    current = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    text = text.strip()
    if current.revision != base_revision:
        raise EditConflict(paragraph=current, their_text=current.text, your_text=text)
    before = current.text
    current.text = text
    if kind is not None:
        current.kind = kind
    if short_title is not None:
        current.short_title = short_title
    current.full_clean()
    # The revision check is repeated in the UPDATE itself, so two requests at once cannot both win.
    updated = Paragraph.objects.filter(pk=current.pk, revision=base_revision).update(
        text=current.text,
        kind=current.kind,
        short_title=current.short_title,
        revision=F("revision") + 1,
    )
    if not updated:  # pragma: no cover - only without row locks (SQLite serialises writes)
        fresh = Paragraph.objects.get(pk=current.pk)
        raise EditConflict(paragraph=fresh, their_text=fresh.text, your_text=text)
    current.refresh_from_db()
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_edited",
        obj=current,
        version=version.number,
        before=before,
        after=current.text,
    )
    return current


@transaction.atomic
def paragraph_move(*, paragraph: Paragraph, direction: str, actor) -> Paragraph:
    version = _locked_version(paragraph.version_id)
    paragraphs = _renumber(version)
    index = next(i for i, p in enumerate(paragraphs) if p.pk == paragraph.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(paragraphs):
        raise ValidationError(_("The paragraph cannot be moved further."))
    current, other = paragraphs[index], paragraphs[other_index]
    Paragraph.objects.filter(pk=current.pk).update(order=other.order)
    Paragraph.objects.filter(pk=other.pk).update(order=current.order)
    current.refresh_from_db()
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_moved",
        obj=current,
        version=version.number,
        direction=direction,
    )
    return current


@transaction.atomic
def paragraph_delete(*, paragraph: Paragraph, actor) -> None:
    version = _locked_version(paragraph.version_id)
    audit_log(
        process=version.process,
        actor=actor,
        action="paragraph_deleted",
        obj=paragraph,
        version=version.number,
        text=paragraph.text,
    )
    paragraph.delete()
    _renumber(version)


@transaction.atomic
def paragraph_split(
    *, paragraph: Paragraph, first_text: str, second_text: str, base_revision: int, actor
) -> tuple[Paragraph, Paragraph]:
    """Split a paragraph in two. The first part keeps the lineage; the second remembers it."""
    if not first_text.strip() or not second_text.strip():
        raise ValidationError(_("Both parts of a split paragraph need text."))
    first = paragraph_edit(
        paragraph=paragraph, text=first_text, base_revision=base_revision, actor=actor
    )
    second = paragraph_add(
        version=first.version, text=second_text, kind=first.kind, after=first, actor=actor
    )
    second.split_from = first.lineage
    second.save(update_fields=["split_from"])
    paragraphs_copied.send(sender=Paragraph, mapping={first.pk: second}, actor=actor)
    audit_log(
        process=first.version.process,
        actor=actor,
        action="paragraph_split",
        obj=first,
        version=first.version.number,
        new_paragraph=second.pk,
    )
    return first, second
