"""Officials moderate the discussion: approve, hide with a reason, restore, dismiss reports; and
readers report a comment. Nothing is deleted; every hide keeps its reason and who made it.

Every decision an official makes teaches the spam score (``contributions.analysis.spam``): the
training is enqueued through the outbox and runs in the worker, never in the request.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes, outbox

from .. import discussion_notices
from ..models import (
    Comment,
    CommentState,
    Contribution,
    ModerationAction,
    ModerationEvent,
    ReportReason,
)
from ..spam import spam_train
from .reports import REPORTS_TO_HIDE, people_reporting, report_create
from .submission import hidden_by_reports_reason

TRAIN_TASK = spam_train.name


def _count(contribution_id: int | None, delta: int) -> None:
    """A contribution's counter; a paragraph's comments are counted when read."""
    if contribution_id:
        Contribution.objects.filter(pk=contribution_id).update(
            comment_count=F("comment_count") + delta
        )


def _locked(process, comment_ids) -> list[Comment]:
    return list(
        # Only the comments' rows: PostgreSQL cannot lock the nullable side of the outer join
        # to a comment's parent.
        Comment.objects.select_for_update(of=("self",))
        .for_process(process)
        .filter(pk__in=list(comment_ids))
        .select_related("contribution__process", "paragraph__version__round__process", "parent")
        .order_by("pk")
    )


def _event(comment: Comment, action: str, by, reason: str = "", bulk=None) -> None:
    ModerationEvent.objects.create(
        contribution_id=comment.contribution_id,
        comment=comment,
        action=action,
        reason=reason,
        by=by,
        bulk=bulk,
    )


def _learn(process) -> None:
    outbox.enqueue(spam_train, process_id=process.pk)


@transaction.atomic
def comments_approve(*, process, comment_ids, by) -> int:
    """Publish waiting comments (and let their links be clickable); approving a published one
    makes its links clickable. Returns how many changed."""
    now, bulk = timezone.now(), uuid.uuid4()
    changed = 0
    for comment in _locked(process, comment_ids):
        if comment.state == CommentState.HIDDEN:
            continue  # restore it instead: hiding had a reason an official should see first
        was_pending = comment.state == CommentState.PENDING
        comment.state = CommentState.PUBLISHED
        comment.approved_by, comment.approved_at = by, now
        if was_pending:
            comment.published_at = now
        comment.save(
            update_fields=["state", "approved_by", "approved_at", "published_at", "modified"]
        )
        if was_pending:
            _count(comment.contribution_id, +1)
            discussion_notices.comment_published(comment=comment)
        _event(comment, ModerationAction.COMMENT_APPROVED, by, bulk=bulk)
        changed += 1
    if changed:
        _learn(process)
    changes.record(process=process)
    return changed


@transaction.atomic
def comments_hide(*, process, comment_ids, by, reason: str) -> int:
    """Hide comments with a reason (kept with each). Their reports count as reviewed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for hiding it.")})
    now, bulk = timezone.now(), uuid.uuid4()
    changed = 0
    for comment in _locked(process, comment_ids):
        if comment.state == CommentState.HIDDEN and comment.hidden_by_id:
            continue
        if comment.state == CommentState.PUBLISHED:
            _count(comment.contribution_id, -1)
        comment.state = CommentState.HIDDEN
        comment.hidden_reason, comment.hidden_by, comment.hidden_at = reason[:2000], by, now
        comment.save(update_fields=["state", "hidden_reason", "hidden_by", "hidden_at", "modified"])
        comment.reports.filter(reviewed_at__isnull=True).update(reviewed_at=now)
        _event(comment, ModerationAction.COMMENT_HIDDEN, by, reason[:2000], bulk=bulk)
        changed += 1
    if changed:
        _learn(process)
    changes.record(process=process)
    return changed


@transaction.atomic
def comments_restore(*, process, comment_ids, by) -> int:
    """Show hidden comments again (approved by the official who restores them). The reason they
    were hidden stays in the record; their reports count as reviewed."""
    now, bulk = timezone.now(), uuid.uuid4()
    changed = 0
    for comment in _locked(process, comment_ids):
        if comment.state != CommentState.HIDDEN:
            continue
        comment.state = CommentState.PUBLISHED
        comment.approved_by, comment.approved_at = by, now
        comment.published_at = comment.published_at or now
        comment.hidden_by, comment.hidden_at = None, None
        comment.hidden_reason = ""
        comment.save(
            update_fields=[
                "state",
                "approved_by",
                "approved_at",
                "published_at",
                "hidden_by",
                "hidden_at",
                "hidden_reason",
                "modified",
            ]
        )
        _count(comment.contribution_id, +1)
        comment.reports.filter(reviewed_at__isnull=True).update(reviewed_at=now)
        _event(comment, ModerationAction.COMMENT_RESTORED, by, bulk=bulk)
        changed += 1
    if changed:
        _learn(process)
    changes.record(process=process)
    return changed


@transaction.atomic
def comments_dismiss_reports(*, process, comment_ids, by) -> int:
    """The reports were unfounded: mark them reviewed; the comments stay as they are."""
    now, bulk = timezone.now(), uuid.uuid4()
    changed = 0
    for comment in _locked(process, comment_ids):
        if comment.reports.filter(reviewed_at__isnull=True).update(reviewed_at=now):
            _event(comment, ModerationAction.REPORTS_DISMISSED, by, bulk=bulk)
            changed += 1
    changes.record(process=process)
    return changed


@transaction.atomic
def comment_report(
    *, comment: Comment, ip: str | None, user=None, participant=None, reason: str = ""
) -> bool:
    """A reader reports a published comment; it is hidden for review once the open reports weigh
    three people (``services.reports``). Returns ``False`` if this reporter already had."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("contribution__process", "paragraph__version__round__process")
        .get(pk=comment.pk)
    )
    if comment.state != CommentState.PUBLISHED:
        raise ValidationError(_("This comment is not shown on the web."))
    report = report_create(
        contribution=comment.contribution,
        comment=comment,
        ip=ip,
        user=user,
        participant=participant,
        reason=reason or ReportReason.OFFENSIVE,
    )
    if report is None:
        return False
    if comment.is_official_answer:
        return True  # the municipality's own answer is reviewed by officials, not hidden by readers
    open_reports = list(comment.reports.filter(reviewed_at__isnull=True))
    if people_reporting(open_reports) >= REPORTS_TO_HIDE:
        comment.state = CommentState.HIDDEN
        comment.hidden_reason = hidden_by_reports_reason()
        comment.hidden_at = timezone.now()
        comment.save(update_fields=["state", "hidden_reason", "hidden_at", "modified"])
        _count(comment.contribution_id, -1)
        _event(comment, ModerationAction.COMMENT_HIDDEN, None, comment.hidden_reason)
        changes.record(process=comment.process.pk)
    return True
