"""Permission predicates of the citizens' side of contributions.

A predicate receives ``(user, obj)`` where ``obj`` is a process, a contribution or an attachment
(anything with a ``process`` attribute, see ``visionsprocess.predicates.process_of``).
"""

import rules

from visionsprocess.predicates import stage_opens

from .models import (
    Attachment,
    Comment,
    CommentState,
    Contribution,
    ContributionKind,
    ModerationState,
)

#: The kinds of contribution citizens send in themselves; a stage opens each on its own.
CITIZEN_INPUT_KINDS = (
    ContributionKind.IDEA,
    ContributionKind.LETTER,
    ContributionKind.GROUP_REPORT,
)

#: The current stage receives at least one kind of contribution from citizens.
stage_accepts_contributions = stage_opens(*CITIZEN_INPUT_KINDS)


def stage_open_for(kind: str) -> str:
    """The rule (``rules.py``) that says whether the current stage takes contributions of
    ``kind``; asked of the rule itself (``rules.has_perm``), as ``user.has_perm`` would grant a
    superuser every stage."""
    return f"contributions.stage_open_for_{kind}"


def _contribution_of(obj) -> Contribution | None:
    if isinstance(obj, (Attachment, Comment)):
        return obj.contribution
    if isinstance(obj, Contribution):
        return obj
    return None


@rules.predicate
def contribution_is_published(user, obj=None):
    contribution = _contribution_of(obj)
    if contribution is None:
        return False
    # The same rule as ``ContributionQuerySet.published_q()``, evaluated on the loaded object.
    return contribution.moderation_state == ModerationState.PUBLISHED and bool(
        contribution.consent_to_publish
    )


@rules.predicate
def attachment_consent_in_order(user, obj=None):
    """An attachment showing children is only shown with the guardian's consent."""
    return not isinstance(obj, Attachment) or not obj.shows_children or obj.guardian_consent


@rules.predicate
def comment_is_published(user, obj=None):
    """A published comment on a published contribution (anything else: ``False``)."""
    return (
        isinstance(obj, Comment)
        and obj.state == CommentState.PUBLISHED
        and contribution_is_published(user, obj)
    )


@rules.predicate
def holds_tracking_link(user, obj=None):
    """``obj`` is a file reached through its contribution's private tracking link (an object
    with ``attachment`` and ``token``): the token is that contribution's. Whoever holds the link
    sent the contribution, and may see what they sent."""
    from django.utils.crypto import constant_time_compare

    attachment, token = getattr(obj, "attachment", None), getattr(obj, "token", "")
    return (
        attachment is not None
        and bool(token)
        and constant_time_compare(attachment.contribution.tracking_token, token)
    )


# --- The discussion of a draft on consultation ----------------------------------------------


def _paragraph_of(obj):
    from visionsprocess.models import Paragraph

    if isinstance(obj, Comment):
        return obj.paragraph if obj.paragraph_id else None
    return obj if isinstance(obj, Paragraph) else None


@rules.predicate
def paragraph_is_public(user, obj=None):
    """A paragraph of a version that was sent out on consultation (open or since closed)."""
    paragraph = _paragraph_of(obj)
    if paragraph is None:
        return False
    version = paragraph.version
    return version.is_public and getattr(version, "consultation", None) is not None


@rules.predicate
def paragraph_open_for_discussion(user, obj=None):
    """A paragraph of a draft whose consultation is open: it can be commented and supported."""
    from visionsprocess.drafting.services import consultation_is_open
    from visionsprocess.models import VersionState

    paragraph = _paragraph_of(obj)
    if paragraph is None:
        return False
    version = paragraph.version
    consultation = getattr(version, "consultation", None)
    return (
        version.state == VersionState.CONSULTATION
        and consultation is not None
        and consultation_is_open(consultation)
    )


@rules.predicate
def paragraph_comment_is_published(user, obj=None):
    return (
        isinstance(obj, Comment)
        and bool(obj.paragraph_id)
        and obj.state == CommentState.PUBLISHED
        and paragraph_is_public(user, obj)
    )
