"""Writes of the officials' side: moderation, tagging, themes, feedback, statements, population.

Keyword-only, atomic, validated; a contribution is a public record and is never deleted here.
"""

from collections.abc import Iterable

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.models import AgeBand, Municipality
from visionsprocess.outbox import enqueue

from .. import notices
from ..analysis.store import schedule_retrain
from ..filters import MODERATION_STATE, THEME
from ..models import (
    Attachment,
    Channel,
    Contribution,
    ContributionKind,
    ContributionTheme,
    Feedback,
    FeedbackState,
    ModerationAction,
    ModerationEvent,
    ModerationState,
    PopulationFigure,
    SuggestedTheme,
    SuggestionDecision,
    Theme,
    ThemeSuggestion,
)

MAX_STATEMENTS_PER_ENTRY = 200

ACTION_TO_STATE = {
    ModerationAction.PUBLISHED: ModerationState.PUBLISHED,
    ModerationAction.KEPT_INTERNAL: ModerationState.INTERNAL,
    ModerationAction.HIDDEN: ModerationState.HIDDEN,
}


# --- Reading and moderation -------------------------------------------------------------------


def contribution_mark_read(*, contribution: Contribution) -> None:
    """Set read_at the first time an official opens a contribution (idempotent, race-free)."""
    if contribution.read_at is not None:
        return
    now = timezone.now()
    Contribution.objects.filter(pk=contribution.pk, read_at__isnull=True).update(read_at=now)
    contribution.read_at = now


@transaction.atomic
def contribution_moderate(
    *, contribution: Contribution, action: str, by, reason: str = ""
) -> Contribution:
    """Publish, keep internal or withdraw from the web. Records who, what, when and why."""
    if action not in ACTION_TO_STATE:
        raise ValidationError(_("Choose publish, keep internal or withdraw from the web."))
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    reason = (reason or "").strip()
    if action == ModerationAction.PUBLISHED and not locked.consent_to_publish:
        raise ValidationError(
            _("This contribution cannot be published: the sender did not consent to publishing.")
        )
    if action == ModerationAction.PUBLISHED:
        check_children_consent(locked)
    if action == ModerationAction.HIDDEN and not reason:
        raise ValidationError({"reason": _("Give a reason for withdrawing it from the web.")})
    before = locked.moderation_state
    locked.moderation_state = ACTION_TO_STATE[action]
    locked.full_clean(exclude=["search_vector"])
    locked.save(update_fields=["moderation_state", "modified"])
    ModerationEvent.objects.create(
        contribution=locked,
        action=action,
        from_state=before,
        to_state=locked.moderation_state,
        reason=reason,
        by=by,
    )
    contribution.moderation_state = locked.moderation_state
    changes.record(process=locked.process_id, contributions=[locked.pk], fields=[MODERATION_STATE])
    return locked


def children_consent_missing_text() -> str:
    return _(
        "This contribution cannot be published: a picture or film shows children and the "
        "guardians' consent is missing. Mark the consent once you have it, or keep the "
        "contribution internal."
    )


def check_children_consent(contribution: Contribution) -> None:
    """Refuse to publish while a picture or film shows children without the guardians' consent."""
    missing = contribution.attachments.filter(shows_children=True, guardian_consent=False).exists()
    if missing:
        raise ValidationError(children_consent_missing_text(), code="children_without_consent")


@transaction.atomic
def attachment_children_set(
    *, attachment: Attachment, shows_children: bool, guardian_consent: bool, by
) -> Attachment:
    """Record what an official sees in a picture or film: whether it shows children and whether
    the guardians have consented. Kept in the contribution's history.

    A published contribution whose file now shows children without consent is not withdrawn
    here; the file itself is no longer shown to the public (see ``view_attachment``)."""
    locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if not (locked.is_image or locked.is_video):
        raise ValidationError(_("Only pictures and films can show children."))
    changed = (locked.shows_children, locked.guardian_consent) != (
        bool(shows_children),
        bool(guardian_consent),
    )
    if not changed:
        return locked
    locked.shows_children = bool(shows_children)
    locked.guardian_consent = bool(guardian_consent)
    locked.save(update_fields=["shows_children", "guardian_consent", "modified"])
    if locked.shows_children and locked.guardian_consent:
        reason = _("%(file)s shows children; the guardians have consented.")
    elif locked.shows_children:
        reason = _("%(file)s shows children; the guardians' consent is missing.")
    else:
        reason = _("%(file)s does not show children.")
    ModerationEvent.objects.create(
        contribution_id=locked.contribution_id,
        action=ModerationAction.CHILDREN_FLAGS,
        reason=reason % {"file": attachment_label(locked)},
        by=by,
    )
    attachment.shows_children, attachment.guardian_consent = (
        locked.shows_children,
        locked.guardian_consent,
    )
    changes.record(process=attachment.contribution.process_id)
    return locked


def attachment_label(attachment: Attachment) -> str:
    return _("%(kind)s %(n)d") % {
        "kind": attachment.get_media_kind_display(),
        "n": attachment.order + 1,
    }


# --- Themes -----------------------------------------------------------------------------------


def _theme_check_levels(theme: Theme) -> None:
    if theme.parent_id is None:
        return
    parent = theme.parent
    if parent.process_id != theme.process_id:
        raise ValidationError({"parent": _("The parent theme must belong to the same process.")})
    if parent.parent_id is not None:
        raise ValidationError(
            {"parent": _("Themes have two levels at most: choose a main theme as parent.")}
        )
    if theme.pk and (theme.pk == parent.pk or theme.children.exists()):
        raise ValidationError(
            {"parent": _("A theme that has sub-themes cannot itself become a sub-theme.")}
        )


@transaction.atomic
def theme_save(
    *,
    process,
    name: str,
    parent: Theme | None = None,
    description: str = "",
    keywords: str = "",
    examples: str | None = None,
    order: int = 0,
    theme: Theme | None = None,
) -> Theme:
    """Create a theme, or update ``theme`` when given."""
    theme = theme or Theme(process=process)
    theme.name = (name or "").strip()
    theme.parent = parent
    theme.description = description or ""
    theme.keywords = "\n".join(
        word.strip() for word in (keywords or "").replace(",", "\n").splitlines() if word.strip()
    )
    theme.order = order or 0
    if examples is not None:
        theme.examples = "\n".join(line.strip() for line in examples.splitlines() if line.strip())
    _theme_check_levels(theme)
    theme.full_clean()
    theme.save()
    changes.record(process=theme.process_id)
    # The theme's words are part of what suggestions learn from.
    schedule_retrain(process_id=theme.process_id)
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    """Delete a theme without sub-themes or feedback. Its taggings go with it."""
    if theme.children.exists():
        raise ValidationError(_("Move or delete the sub-themes first."))
    if theme.feedback.exists():
        raise ValidationError(_("This theme has public feedback and cannot be deleted."))
    process_id = theme.process_id
    theme.delete()
    # Its taggings went with it: only what a theme filter matches can have changed.
    changes.record(process=process_id, fields=[THEME])


@transaction.atomic
def contributions_tag(
    *, process, contribution_ids: Iterable[int], theme: Theme, by, add: bool = True
) -> int:
    """Add (or remove) ``theme`` on many contributions of ``process``; returns how many changed.

    Who tagged and when is kept on the tagging and, for removals too, as moderation events.
    """
    if theme.process_id != process.pk:
        raise ValidationError(_("The theme does not belong to this process."))
    ids = set(
        Contribution.objects.filter(process=process, pk__in=list(contribution_ids)).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        raise ValidationError(_("Select at least one contribution."))
    existing = set(
        ContributionTheme.objects.filter(theme=theme, contribution_id__in=ids).values_list(
            "contribution_id", flat=True
        )
    )
    now = timezone.now()
    if add:
        changed = sorted(ids - existing)
        ContributionTheme.objects.bulk_create(
            [ContributionTheme(contribution_id=pk, theme=theme, tagged_by=by) for pk in changed],
            ignore_conflicts=True,
        )
        action = ModerationAction.THEME_ADDED
    else:
        changed = sorted(existing)
        ContributionTheme.objects.filter(theme=theme, contribution_id__in=changed).delete()
        action = ModerationAction.THEME_REMOVED
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            contribution_id=pk, action=action, theme=theme, theme_name=theme.name, by=by, at=now
        )
        for pk in changed
    )
    changes.record(process=process, contributions=changed)
    if changed:
        schedule_retrain(process_id=process.pk)
    return len(changed)


@transaction.atomic
def theme_suggestion_decide(*, contribution: Contribution, theme: Theme, accept: bool, by):
    """Accept (tag) or reject a suggested theme; the decision is kept so it is not asked again."""
    if theme.process_id != contribution.process_id:
        raise ValidationError(_("The theme does not belong to this process."))
    decision = SuggestionDecision.ACCEPTED if accept else SuggestionDecision.REJECTED
    suggestion, _created = ThemeSuggestion.objects.update_or_create(
        contribution=contribution,
        theme=theme,
        defaults={"decision": decision, "by": by, "at": timezone.now()},
    )
    # Nothing shows a decided suggestion again, in the inbox filter neither.
    SuggestedTheme.objects.filter(contribution=contribution, theme=theme).delete()
    if accept:
        contributions_tag(
            process=contribution.process, contribution_ids=[contribution.pk], theme=theme, by=by
        )
    else:
        # A rejection is a negative example for the theme.
        schedule_retrain(process_id=contribution.process_id)
    changes.record(process=contribution.process_id)
    return suggestion


# --- Feedback ---------------------------------------------------------------------------------


@transaction.atomic
def feedback_give(*, by, text: str, contribution: Contribution | None = None, theme=None):
    """Public feedback on one contribution or on a theme; its followers are told.

    Per contribution a notice is emitted at once (the sender who left an address follows the
    contribution); per theme a Celery task marks the theme's contributions as answered and
    emits the notice after the commit (``contributions.tasks.feedback_notify``). Notices reach
    people in the next daily digest (``visionsprocess.notices``).
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the feedback.")})
    if (contribution is None) == (theme is None):
        raise ValidationError(_("Feedback is given on a contribution or on a theme."))
    process = contribution.process if contribution else theme.process
    feedback = Feedback(process=process, contribution=contribution, theme=theme, text=text, by=by)
    feedback.full_clean()
    feedback.save()
    if contribution is not None:
        Contribution.objects.filter(pk=contribution.pk).update(
            feedback_state=FeedbackState.GIVEN, modified=timezone.now()
        )
        changes.record(process=process, contributions=[contribution.pk])
        contribution.feedback_state = FeedbackState.GIVEN
        ModerationEvent.objects.create(
            contribution=contribution, action=ModerationAction.FEEDBACK_GIVEN, by=by
        )
        notices.feedback_on_contribution(feedback=feedback, contribution=contribution)
        Feedback.objects.filter(pk=feedback.pk).update(notified_at=timezone.now())
    else:
        changes.record(process=process)  # the theme's feedback, on "Ni sa – vi gjorde"
        enqueue(feedback_notify, feedback_id=feedback.pk)
    return feedback


@transaction.atomic
def feedback_notify_theme(*, feedback_id: int) -> int:
    """Mark the theme's contributions as answered and tell their followers, once.

    Runs in one transaction with the feedback row locked: a second run (or a retry after a
    worker died before commit) finds ``notified_at`` set and does nothing more. Returns how many
    contributions carry the theme.
    """
    feedback = (
        Feedback.objects.select_for_update(of=("self",)).select_related("theme").get(pk=feedback_id)
    )
    if feedback.notified_at is not None or feedback.theme_id is None:
        return 0
    ids = list(
        Contribution.objects.filter(taggings__theme_id=feedback.theme_id).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    notices.feedback_on_theme(feedback=feedback)
    Contribution.objects.filter(pk__in=ids).update(feedback_state=FeedbackState.GIVEN)
    changes.record(process=feedback.process_id, contributions=ids)
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            contribution_id=pk,
            action=ModerationAction.FEEDBACK_GIVEN,
            theme_id=feedback.theme_id,
            theme_name=feedback.theme.name,
            by=feedback.by,
            at=now,
        )
        for pk in ids
    )
    feedback.notified_at = now
    feedback.save(update_fields=["notified_at", "modified"])
    return len(ids)


# --- Statements from a meeting ----------------------------------------------------------------


@shared_task(name="contributions.tasks.feedback_notify", acks_late=True)
def feedback_notify(feedback_id: int) -> int:
    """Fan out a theme's feedback to the contributions tagged with it (once). Defined beside the
    service it runs; ``contributions.tasks`` re-exports it for autodiscovery."""
    return feedback_notify_theme(feedback_id=feedback_id)


@transaction.atomic
def meeting_statements_add(*, meeting, text: str, by) -> list[Contribution]:
    """Every non-empty line of ``text`` becomes one statement linked to ``meeting``.

    Said aloud at a public meeting, a statement may be published (consent_to_publish is True);
    it still starts as "new" and an official moderates it like any contribution.
    """
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValidationError({"text": _("Write at least one statement, one per line.")})
    if len(lines) > MAX_STATEMENTS_PER_ENTRY:
        raise ValidationError(
            {
                "text": _("At most %(max)d statements at a time; split them up.")
                % {"max": MAX_STATEMENTS_PER_ENTRY}
            }
        )
    consent = meeting.kind != "internal"
    statements = []
    for line in lines:
        statement = Contribution(
            process=meeting.process,
            kind=ContributionKind.STATEMENT,
            stage=meeting.stage,
            text=line,
            meeting=meeting,
            channel=Channel.MEETING,
            consent_to_publish=consent,
            moderation_state=ModerationState.NEW,
        )
        statement.full_clean(exclude=["search_vector", "tracking_token"])
        statements.append(statement)
    created = Contribution.objects.bulk_create(statements)
    changes.record(process=meeting.process_id, contributions=[c.pk for c in created])
    return created


# --- Population -------------------------------------------------------------------------------


@transaction.atomic
def population_set(
    *,
    municipality: Municipality,
    year: int,
    by_age_band: dict[str, int | None],
    by_district: dict[int, int | None],
    source: str = "",
) -> None:
    """Store the population per age band (whole municipality) and per district for ``year``.

    An empty value removes the figure. ``source`` says where the figures come from (typed by
    hand when empty).
    """
    if not 1900 <= int(year) <= 2200:
        raise ValidationError({"year": _("Enter a year such as 2025.")})
    district_ids = set(municipality.districts.values_list("pk", flat=True))
    for band, count in by_age_band.items():
        if band not in AgeBand.values:
            raise ValidationError(_("Unknown age band."))
        lookup = {"municipality": municipality, "district": None, "age_band": band, "year": year}
        if count is None:
            PopulationFigure.objects.filter(**lookup).delete()
        else:
            PopulationFigure.objects.update_or_create(
                **lookup, defaults={"count": count, "source": source[:200]}
            )
    for district_id, count in by_district.items():
        if district_id not in district_ids:
            raise ValidationError(_("Unknown district."))
        lookup = {
            "municipality": municipality,
            "district_id": district_id,
            "age_band": "",
            "year": year,
        }
        if count is None:
            PopulationFigure.objects.filter(**lookup).delete()
        else:
            PopulationFigure.objects.update_or_create(
                **lookup, defaults={"count": count, "source": source[:200]}
            )
    changes.record(municipality=municipality)
