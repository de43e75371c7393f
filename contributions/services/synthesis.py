"""Writes of a process's synthesis ("Sammanställning").

* :func:`synthesis_draft_schedule` writes one drafting to the outbox (however many ask at once);
  the worker's :func:`synthesis_draft_run` proposes each theme's key points
  (``analysis.key_points``) in the draft, keeping what officials pinned, added and removed, and
  tells its progress on the way.
* Officials edit the draft: :func:`key_point_pin`, :func:`key_point_remove`,
  :func:`key_point_move`, :func:`key_point_add` (a sentence of a contribution of the theme),
  :func:`section_introduction_set`; :func:`version_publish` publishes it. A published version
  never changes: :func:`draft_start` begins a new draft as a copy of the latest version.

Every edit locks the version's row first, so two officials editing at once take turns, and an
edit of a version published in the meantime is refused with a message. An introduction carries
its revision: saving over one another official changed since the page was opened is refused.
"""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.outbox import enqueue

from ..analysis import key_points as algorithm
from ..analysis.basics import retrain_delay
from ..models import (
    Contribution,
    ContributionTheme,
    KeyPoint,
    KeyPointSource,
    ModerationState,
    NearDuplicate,
    Synthesis,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
    Theme,
)

logger = logging.getLogger(__name__)

#: Key points proposed per theme (besides those an official pinned or added).
POINTS_PER_THEME = 5
#: The drafting reads at most this many contributions of a theme (the newest).
MAX_PER_THEME = 5000


# --- Drafting (the worker) ----------------------------------------------------------------------


@transaction.atomic
def synthesis_draft_schedule(*, process) -> bool:
    """Make sure one drafting is on its way. False when one is already waiting or running."""
    Synthesis.objects.bulk_create([Synthesis(process=process)], ignore_conflicts=True)
    updated = Synthesis.objects.filter(process=process, scheduled_at__isnull=True).update(
        scheduled_at=timezone.now(), progress=0
    )
    if updated:
        enqueue(synthesis_draft, process_id=process.pk, countdown=retrain_delay())
    return bool(updated)


def _progress(process_id: int, percent: int) -> None:
    Synthesis.objects.filter(process_id=process_id).update(progress=percent)


def _themes(process) -> list[Theme]:
    return list(
        Theme.objects.filter(process=process)
        .select_related("parent")
        .order_by("parent__order", "parent__name", "order", "name")
    )


def _voices(process, theme) -> list[algorithm.Voice]:
    rows = (
        Contribution.objects.filter(process=process, taggings__theme=theme)
        .exclude(moderation_state=ModerationState.HIDDEN)
        .select_related("district", "near_duplicate")
        .order_by("-created", "-pk")[:MAX_PER_THEME]
    )
    out = []
    for c in rows:
        membership = getattr(c, "near_duplicate", None)
        out.append(
            algorithm.Voice(
                id=c.pk,
                text=c.text,
                quotable=c.moderation_state == ModerationState.PUBLISHED and c.consent_to_publish,
                channel=c.channel,
                district=c.district.name if c.district_id else "",
                age_band=c.age_band,
                group=membership.group_id if membership else None,
            )
        )
    return out


def _draft_for_update(process, *, by=None) -> SynthesisVersion:
    synthesis, _created = Synthesis.objects.get_or_create(process=process)
    draft = (
        SynthesisVersion.objects.select_for_update()
        .filter(synthesis=synthesis, state=SynthesisState.DRAFT)
        .first()
    )
    return draft or _copy_latest(synthesis, by=by)


def synthesis_draft_run(*, process_id: int) -> int:
    """Propose the key points of every theme in the draft (a new draft when there is none);
    returns how many key points the draft has. Idempotent."""
    from visionsprocess.models import VisionProcess

    process = VisionProcess.objects.filter(pk=process_id).first()
    if process is None:
        return 0
    with transaction.atomic():
        Synthesis.objects.bulk_create([Synthesis(process=process)], ignore_conflicts=True)
        Synthesis.objects.filter(process=process).update(
            scheduled_at=None, started_at=timezone.now(), finished_at=None, progress=2
        )
    started = time.perf_counter()
    themes = _themes(process)
    for n, theme in enumerate(themes):
        voices = _voices(process, theme)
        with transaction.atomic():
            draft = _draft_for_update(process)
            _draft_theme(draft, theme, voices, position=n)
            changes.record(process=process)
        _progress(process.pk, 2 + (n + 1) * 96 // max(len(themes), 1))
    with transaction.atomic():
        draft = _draft_for_update(process)
        kept = {t.pk for t in themes}
        # Themes deleted since: their part goes unless an official wrote or chose something.
        SynthesisTheme.objects.filter(version=draft).exclude(theme_id__in=kept).filter(
            introduction=""
        ).exclude(key_points__source=KeyPointSource.ADDED).exclude(key_points__pinned=True).delete()
        SynthesisVersion.objects.filter(pk=draft.pk).update(drafted_at=timezone.now())
        Synthesis.objects.filter(process=process).update(
            finished_at=timezone.now(), progress=100, seconds=time.perf_counter() - started
        )
        changes.record(process=process)
    total = KeyPoint.objects.filter(section__version=draft).count()
    logger.info(
        "synthesis: process %s, %s themes, %s key points in %.1f s",
        process.pk,
        len(themes),
        total,
        time.perf_counter() - started,
    )
    return total


def _draft_theme(draft, theme, voices, *, position: int) -> None:
    section = SynthesisTheme.objects.filter(version=draft, theme=theme).first()
    if section is None:
        if not voices:
            return
        section = SynthesisTheme.objects.create(
            version=draft, theme=theme, name=theme.name[:120], position=position
        )
    kept = list(section.key_points.filter(pinned=True) | section.key_points.filter(source="added"))
    kept.sort(key=lambda p: (p.position, p.pk))
    section.key_points.exclude(pk__in=[p.pk for p in kept]).delete()
    removed = frozenset((int(cid), text) for cid, text in section.removed or [])
    points = algorithm.key_points(
        voices,
        k=POINTS_PER_THEME,
        exclude=removed,
        keep=[(p.contribution_id, p.text) for p in kept],
    )
    for point, existing in zip(points, kept, strict=False):
        existing.voices = max(point.voices, 1)
        existing.members = point.members or [existing.contribution_id]
        existing.spread = point.spread
        existing.save(update_fields=["voices", "members", "spread"])
    fresh = points[len(kept) :]
    # The new ones after those kept, most voices first (then the drafting's order).
    order = sorted(range(len(fresh)), key=lambda i: (-fresh[i].voices, i))
    KeyPoint.objects.bulk_create(
        KeyPoint(
            section=section,
            contribution_id=fresh[i].contribution_id,
            text=fresh[i].text[:1000],
            position=len(kept) + n,
            score=fresh[i].score,
            voices=max(fresh[i].voices, 1),
            members=fresh[i].members,
            spread=fresh[i].spread,
        )
        for n, i in enumerate(order)
    )
    spread = algorithm.spread_of(voices)
    SynthesisTheme.objects.filter(pk=section.pk).update(
        name=theme.name[:120], position=position, voices=len(voices), spread=spread
    )


# --- Versions -----------------------------------------------------------------------------------


def _copy_latest(synthesis, *, by=None) -> SynthesisVersion:
    latest = synthesis.versions.order_by("-number").first()
    number = (synthesis.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            draft = SynthesisVersion.objects.create(
                synthesis=synthesis,
                number=number,
                based_on=latest,
                created_by=by,
                drafted_at=latest.drafted_at if latest else None,
            )
    except IntegrityError as exc:  # another official started a draft at the same moment
        raise ValidationError(
            _("Someone else started a new draft just now. Reload the page.")
        ) from exc
    if latest is None:
        return draft
    for section in latest.themes.prefetch_related("key_points"):
        points = list(section.key_points.all())
        section.pk = None
        section.version = draft
        section.revision = 0
        section.save()
        for point in points:
            point.pk = None
            point.section = section
        KeyPoint.objects.bulk_create(points)
    return draft


@transaction.atomic
def draft_start(*, process, by) -> SynthesisVersion:
    """The draft of the process's synthesis: the one being edited, or a new one copied from
    the latest version."""
    synthesis, _created = Synthesis.objects.get_or_create(process=process)
    Synthesis.objects.select_for_update().filter(pk=synthesis.pk).first()
    draft = _draft_for_update(process, by=by)
    changes.record(process=process)
    return draft


def _locked_draft(version_id: int) -> SynthesisVersion:
    version = (
        SynthesisVersion.objects.select_for_update()
        .select_related("synthesis__process")
        .get(pk=version_id)
    )
    if version.state != SynthesisState.DRAFT:
        raise ValidationError(
            _(
                "This version has been published and can no longer change. Start a new draft "
                "to make changes."
            )
        )
    return version


@transaction.atomic
def version_publish(*, version: SynthesisVersion, by) -> SynthesisVersion:
    version = _locked_draft(version.pk)
    if not KeyPoint.objects.filter(section__version=version).exists():
        raise ValidationError(_("The draft has no key points yet: draft them first."))
    version.state = SynthesisState.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.full_clean()
    version.save(update_fields=["state", "published_at", "published_by"])
    changes.record(process=version.synthesis.process)
    return version


# --- Editing a draft ----------------------------------------------------------------------------


def _point_for_update(key_point: KeyPoint) -> tuple[KeyPoint, SynthesisVersion]:
    version = _locked_draft(key_point.section.version_id)
    point = KeyPoint.objects.filter(pk=key_point.pk).select_related("section").first()
    if point is None:
        raise ValidationError(_("The key point was removed just now by someone else."))
    return point, version


@transaction.atomic
def key_point_pin(*, key_point: KeyPoint, pinned: bool, by) -> KeyPoint:
    point, version = _point_for_update(key_point)
    point.pinned = pinned
    point.save(update_fields=["pinned"])
    changes.record(process=version.synthesis.process)
    return point


@transaction.atomic
def key_point_remove(*, key_point: KeyPoint, by) -> None:
    """Take a key point out of the draft; the drafting will not propose it again."""
    point, version = _point_for_update(key_point)
    section = point.section
    removed = list(section.removed or [])
    removed.append([point.contribution_id, point.text])
    section.removed = removed[-500:]
    section.save(update_fields=["removed"])
    point.delete()
    _renumber(section)
    changes.record(process=version.synthesis.process)


def _renumber(section) -> list[KeyPoint]:
    points = list(section.key_points.order_by("position", "pk"))
    for n, point in enumerate(points):
        point.position = n
    KeyPoint.objects.bulk_update(points, ["position"])
    return points


@transaction.atomic
def key_point_move(*, key_point: KeyPoint, up: bool, by) -> None:
    """Move a key point one place up or down among its theme's."""
    point, version = _point_for_update(key_point)
    points = _renumber(point.section)
    index = next(i for i, p in enumerate(points) if p.pk == point.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(points):
        points[index].position, points[other].position = other, index
        KeyPoint.objects.bulk_update([points[index], points[other]], ["position"])
    changes.record(process=version.synthesis.process)


def _normalised(text: str) -> str:
    return " ".join((text or "").split())


@transaction.atomic
def key_point_add(
    *, section: SynthesisTheme, contribution: Contribution, text: str, by
) -> KeyPoint:
    """Add a sentence of a contribution of the theme as a key point (pinned, last). Only a
    quotable contribution (published, with consent) may be quoted, and only its own words."""
    version = _locked_draft(section.version_id)
    process = version.synthesis.process
    if contribution.process_id != process.pk or not (
        section.theme_id
        and ContributionTheme.objects.filter(
            contribution=contribution, theme_id=section.theme_id
        ).exists()
    ):
        raise ValidationError(_("Choose a contribution of this theme."))
    if not (
        contribution.moderation_state == ModerationState.PUBLISHED
        and contribution.consent_to_publish
    ):
        raise ValidationError(
            _("Only published contributions whose senders consented may be quoted.")
        )
    text = _normalised(text)
    if not text or text.lower() not in _normalised(contribution.text).lower():
        raise ValidationError(_("A key point must be the contribution's own words."))
    if section.key_points.filter(contribution=contribution, text=text).exists():
        raise ValidationError(_("That sentence is already a key point of the theme."))
    last = section.key_points.aggregate(n=Max("position"))["n"]
    group = NearDuplicate.objects.filter(contribution=contribution).values("group_id")
    members = [contribution.pk] + list(
        NearDuplicate.objects.filter(
            group_id__in=group, contribution__taggings__theme_id=section.theme_id
        )
        .exclude(contribution=contribution)
        .values_list("contribution_id", flat=True)
    )
    voices = [
        algorithm.Voice(
            id=c.pk,
            text="",
            channel=c.channel,
            district=c.district.name if c.district_id else "",
            age_band=c.age_band,
        )
        for c in Contribution.objects.filter(pk__in=members).select_related("district")
    ]
    point = KeyPoint(
        section=section,
        contribution=contribution,
        text=text[:1000],
        position=0 if last is None else last + 1,
        pinned=True,
        source=KeyPointSource.ADDED,
        voices=len(voices) or 1,
        members=members,
        spread=algorithm.spread_of(voices),
    )
    point.full_clean()
    point.save()
    changes.record(process=process)
    return point


@transaction.atomic
def section_introduction_set(
    *, section: SynthesisTheme, introduction: str, revision: int, by
) -> SynthesisTheme:
    """Write the theme's introduction. ``revision`` is the one the official's page showed:
    if another official saved in between, nothing is overwritten."""
    version = _locked_draft(section.version_id)
    current = SynthesisTheme.objects.get(pk=section.pk)
    if current.revision != revision:
        raise ValidationError(
            _(
                "Someone else changed this introduction while you were writing. Your text was "
                "not saved: reload the page, then add your changes."
            )
        )
    current.introduction = (introduction or "").strip()
    current.revision += 1
    current.full_clean()
    current.save(update_fields=["introduction", "revision"])
    changes.record(process=version.synthesis.process)
    return current


@shared_task(name="contributions.tasks.synthesis_draft", acks_late=True)
def synthesis_draft(process_id: int) -> int:
    """Propose the key points of the process's draft synthesis (written to the outbox by
    ``synthesis_draft_schedule``). Idempotent: a second run proposes the same again, keeping
    what officials pinned, added and removed. (``contributions.tasks`` re-exports it.)"""
    return synthesis_draft_run(process_id=process_id)


#: The registered name of the drafting task (what an outbox row stores).
TASK = synthesis_draft.name
