"""Writes of the discussion on a published contribution: taking part without an account,
comments and replies, "Håller med", and the process's choice of moderation.

Who writes is a *voice*: a signed-in account, or a confirmed ``Participant`` (an e-mail address
confirmed by link). The counters on the contribution (``support_count``, ``comment_count``)
change in the same transaction as the row they count, with F() expressions, so two people at
once never lose a count.
"""

import datetime as dt
import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes, outbox
from visionsprocess.models import Paragraph, Subscriber
from visionsprocess.notices.services import CONFIRM_VALID, follow_implicit, subscriber_for
from visionsprocess.services import absolute_url, email_send_template

from .. import discussion_notices
from ..discussion_targets import ContributionTarget, ParagraphTarget
from ..models import (
    COMMENT_MAX_LENGTH,
    Comment,
    CommentModeration,
    CommentState,
    Contribution,
    DiscussionSettings,
    Participant,
    Support,
)
from ..personal_data import links_in, personal_data_found
from ..spam import spam_score_comment

logger = logging.getLogger(__name__)

#: Most links one comment may hold (a comment with more is refused: spam carries links).
MAX_LINKS = 2
#: The shortest comment worth posting.
COMMENT_MIN_LENGTH = 2
#: Seconds before a new comment's spam score is handed to the worker (by the outbox's relay).
SPAM_SCORE_DELAY = 1


@dataclass(frozen=True)
class Voice:
    """Who takes part: an account or a confirmed participant (exactly one)."""

    user: object = None
    participant: Participant | None = None

    @property
    def is_known(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False)) or (
            self.participant is not None and self.participant.confirmed_at is not None
        )

    @property
    def email(self) -> str:
        if getattr(self.user, "is_authenticated", False):
            return self.user.email or ""
        return self.participant.subscriber.email if self.participant else ""

    @property
    def default_name(self) -> str:
        if getattr(self.user, "is_authenticated", False):
            return self.user.first_name or ""
        return self.participant.display_name if self.participant else ""


def _keyed_hash(raw: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def voter_key(voice: Voice) -> str:
    """One person, one key: the e-mail address (an account's addresses are verified)."""
    email = voice.email.strip().lower()
    if email:
        return _keyed_hash(f"email:{email}")
    return _keyed_hash(f"user:{voice.user.pk}")  # an account without an address (rare)


def _require_voice(voice: Voice) -> None:
    if not voice.is_known:
        raise ValidationError(
            _("Log in, or confirm your e-mail address, to take part in the discussion.")
        )


# --- The process's choice ----------------------------------------------------------------------


def comment_moderation_of(process) -> str:
    """Pre-moderation unless the municipality chose otherwise for the process (no query when
    the process was read with ``select_related("discussion_settings")``)."""
    try:
        settings_row = process.discussion_settings
    except DiscussionSettings.DoesNotExist:
        return CommentModeration.PRE
    return settings_row.comment_moderation


@transaction.atomic
def discussion_settings_set(*, process, comment_moderation: str) -> DiscussionSettings:
    if comment_moderation not in CommentModeration.values:
        raise ValidationError({"comment_moderation": _("Choose how comments are moderated.")})
    row, _created = DiscussionSettings.objects.get_or_create(process=process)
    row.comment_moderation = comment_moderation
    row.full_clean()
    row.save()
    changes.record(process=process)
    return row


# --- Taking part without an account ---------------------------------------------------------------


@transaction.atomic
def participant_request(*, email: str, display_name: str, next_path: str) -> Participant:
    """Send a confirmation link to ``email``; whoever opens it takes part as that address.

    The answer is the same whether the address was known or not; until the link is used the
    address can do nothing. ``next_path`` (a path on this site) is where the link leads back."""
    subscriber = subscriber_for(email=email)
    participant = Participant(subscriber=subscriber, display_name=(display_name or "").strip())
    participant.full_clean(exclude=["subscriber"])
    participant.save()
    link = absolute_url(
        reverse("contributions:participant_confirm", args=[participant.confirm_token])
    )
    if next_path.startswith("/") and not next_path.startswith("//"):
        from urllib.parse import urlencode

        link += "?" + urlencode({"next": next_path})
    email_send_template(
        to=[subscriber.email],
        template="contributions/public/email/participant_confirm",
        context={"link": link, "valid_days": CONFIRM_VALID.days},
    )
    return participant


def participant_by_token(token: str) -> Participant | None:
    participant = (
        Participant.objects.select_related("subscriber").filter(confirm_token=token[:64]).first()
    )
    if participant is None:
        return None
    if participant.confirmed_at is None and participant.created < timezone.now() - CONFIRM_VALID:
        return None
    return participant


@transaction.atomic
def participant_confirm(*, participant: Participant) -> Participant:
    """Confirm by the link. Twice is harmless; confirming shows the address works."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at", "modified"])
    Subscriber.objects.filter(pk=locked.subscriber_id).update(bounced_at=None)
    participant.confirmed_at = locked.confirmed_at
    return locked


def address_confirmed_since(subscriber_id: int) -> dt.datetime | None:
    """When an address was first confirmed by a link (to take part), or ``None``."""
    first = (
        Participant.objects.filter(subscriber_id=subscriber_id, confirmed_at__isnull=False)
        .order_by("confirmed_at")
        .values_list("confirmed_at", flat=True)
        .first()
    )
    return first


# --- Comments ----------------------------------------------------------------------------------


def clean_comment_text(text: str) -> str:
    """The rules a comment's text follows (as a contribution's): not empty, not too long, few
    links. HTML is kept as the writer typed it and escaped wherever it is shown."""
    text = (text or "").replace("\x00", "").strip()
    if len(text) < COMMENT_MIN_LENGTH:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A comment can be at most %(limit)s characters (it has %(length)s).")
                % {"limit": COMMENT_MAX_LENGTH, "length": len(text)}
            }
        )
    if len(links_in(text)) > MAX_LINKS:
        raise ValidationError(
            {"text": _("A comment can hold at most %(count)s links.") % {"count": MAX_LINKS}}
        )
    return text


@transaction.atomic
def comment_post(
    *,
    contribution: Contribution,
    voice: Voice,
    text: str,
    display_name: str | None = None,
    parent: Comment | None = None,
    official_answer: bool = False,
    personal_data_ok: bool = False,
) -> Comment:
    """Post a comment (or a reply to a top-level comment) on a published contribution.

    The process's moderation decides whether it is published at once; an official's answer as
    the municipality (the view checks the permission) is published and approved at once. A text
    that seems to hold a personnummer or a phone number is refused with ``code="personal_data"``
    unless ``personal_data_ok`` (the writer saw the warning and chose to post).
    """
    return _comment_post(
        target=ContributionTarget(contribution),
        voice=voice,
        text=text,
        display_name=display_name,
        parent=parent,
        official_answer=official_answer,
        personal_data_ok=personal_data_ok,
    )


@transaction.atomic
def paragraph_comment_post(
    *,
    paragraph: Paragraph,
    voice: Voice,
    text: str,
    display_name: str | None = None,
    parent: Comment | None = None,
    official_answer: bool = False,
    personal_data_ok: bool = False,
) -> Comment:
    """Post a comment (or a reply) on a paragraph of a draft while its consultation is open,
    under the same rules as a comment on a contribution."""
    return _comment_post(
        target=ParagraphTarget(paragraph),
        voice=voice,
        text=text,
        display_name=display_name,
        parent=parent,
        official_answer=official_answer,
        personal_data_ok=personal_data_ok,
    )


def _comment_post(
    *, target, voice, text, display_name, parent, official_answer, personal_data_ok
) -> Comment:
    _require_voice(voice)
    target = target.lock_open()
    text = clean_comment_text(text)
    if parent is not None:
        if (
            getattr(parent, f"{target.field}_id") != target.obj.pk
            or parent.state != CommentState.PUBLISHED
        ):
            raise ValidationError(_("The comment you reply to is not shown here."))
        if parent.parent_id is not None:
            raise ValidationError(_("You can reply to a comment, but not to a reply."))
    flagged = bool(personal_data_found(text))
    if flagged and not personal_data_ok:
        raise ValidationError(
            {
                "text": ValidationError(
                    _(
                        "Your comment seems to hold a personal identity number or a phone "
                        "number. Everything here is public: remove it, or tick the box to post "
                        "anyway."
                    ),
                    code="personal_data",
                )
            }
        )
    now = timezone.now()
    official = bool(official_answer and getattr(voice.user, "is_authenticated", False))
    pre = comment_moderation_of(target.process) == CommentModeration.PRE
    published = official or not pre
    comment = Comment(
        **{target.field: target.obj},
        parent=parent,
        author=voice.user if getattr(voice.user, "is_authenticated", False) else None,
        participant=None if getattr(voice.user, "is_authenticated", False) else voice.participant,
        # ``None``: the name the person goes by here; "" (a cleared field): anonymous.
        display_name=(voice.default_name if display_name is None else display_name).strip()[:60],
        text=text,
        state=CommentState.PUBLISHED if published else CommentState.PENDING,
        is_official_answer=official,
        personal_data_flagged=flagged,
        published_at=now if published else None,
        approved_by=voice.user if official else None,
        approved_at=now if official else None,
    )
    # The fields' own rules; the table's constraints hold the rest (a state and a target this
    # code sets itself), without a query per constraint.
    comment.full_clean(
        exclude=["contribution", "paragraph", "parent", "author", "participant"],
        validate_constraints=False,
    )
    comment.save()
    if published:
        target.count_comment(+1)
        discussion_notices.comment_published(comment=comment)
    if voice.email:
        # The writer hears of replies to their comment in their digest.
        follow_implicit(target=comment, email=voice.email, user=voice.user)
    # Scored in the worker, handed over by the outbox's relay rather than after this commit:
    # the score is for the moderators' queue, and the writer's answer need not wait for it.
    outbox.enqueue(spam_score_comment, countdown=SPAM_SCORE_DELAY, comment_id=comment.pk)
    changes.record(process=target.process_id)
    return comment


# --- Support -----------------------------------------------------------------------------------


@transaction.atomic
def support_add(*, contribution: Contribution, voice: Voice) -> tuple[Support, bool]:
    """ "Håller med": once per person. Returns the support and whether it is new.

    Two requests at once from the same person: the unique constraint keeps one, the counter
    moves once (it moves only when the row was inserted)."""
    return _support_add(target=ContributionTarget(contribution), voice=voice)


@transaction.atomic
def paragraph_support_add(*, paragraph: Paragraph, voice: Voice) -> tuple[Support, bool]:
    """ "Håller med" a paragraph of a draft on consultation: once per person, while it is open."""
    return _support_add(target=ParagraphTarget(paragraph), voice=voice)


def _support_add(*, target, voice: Voice) -> tuple[Support, bool]:
    _require_voice(voice)
    target = target.lock_open()
    key = voter_key(voice)
    signed_in = getattr(voice.user, "is_authenticated", False)
    try:
        with transaction.atomic():
            support = Support.objects.create(
                **{target.field: target.obj},
                voter_key=key,
                user=voice.user if signed_in else None,
                participant=None if signed_in else voice.participant,
            )
    except IntegrityError:
        return Support.objects.get(**{target.field: target.obj}, voter_key=key), False
    target.count_support()
    if target.field == "contribution":
        discussion_notices.support_added(contribution=target.obj)
    else:
        discussion_notices.paragraph_support_added(paragraph=target.obj)
    changes.record(process=target.process_id)
    return support, True


def has_supported(*, contribution: Contribution, voice: Voice) -> bool:
    if not voice.is_known:
        return False
    return Support.objects.filter(contribution=contribution, voter_key=voter_key(voice)).exists()


def paragraph_has_supported(*, paragraph: Paragraph, voice: Voice) -> bool:
    if not voice.is_known:
        return False
    return Support.objects.filter(paragraph=paragraph, voter_key=voter_key(voice)).exists()
