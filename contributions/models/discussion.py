"""Citizens talking with each other about a published contribution, or about one paragraph of a
draft on consultation: comments (one level of replies), "Håller med" (support), and how a
process moderates them.

A comment and a support have one *target*: a contribution or a paragraph (two nullable foreign
keys and a constraint that exactly one is set). One table keeps one moderation queue, one spam
model, one report rule and one audit trail for both; ``contributions/discussion_targets.py``
says what differs (where the page is, when it is open, who hears of it).

Who may take part: a signed-in person, or a *participant*: an e-mail address confirmed by a link
(the same double opt-in as following without an account; the address is the core's
``Subscriber`` row, never shown to anyone). A person is one e-mail address: an account and a
confirmed address with the same e-mail support a contribution once (``Support.voter_key``).

Nothing here is deleted: a comment an official withdraws is hidden with its reason.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import Paragraph, Subscriber, TimeStampedModel, VisionProcess

from .core import Contribution

#: Longest comment, in characters (a contribution's text may be 20,000; a comment is a reply).
COMMENT_MAX_LENGTH = 2000
DISPLAY_NAME_MAX_LENGTH = 60


def new_participant_token() -> str:
    return secrets.token_urlsafe(32)


class CommentModeration(models.TextChoices):
    PRE = "pre", _("Comments appear once an official has approved them")
    POST = "post", _("Comments appear at once; officials review them afterwards")


class DiscussionSettings(TimeStampedModel):
    """How a process takes comments on its contributions (one row per process, made when an
    official first saves the choice; a process without one pre-moderates)."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="discussion_settings",
    )
    comment_moderation = models.CharField(
        _("moderation of comments"),
        max_length=4,
        choices=CommentModeration.choices,
        default=CommentModeration.PRE,
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(comment_moderation__in=CommentModeration.values),
                name="discussionsettings_moderation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.process} – {self.get_comment_moderation_display()}"


class Participant(TimeStampedModel):
    """An e-mail address that takes part in discussions without an account, once confirmed by
    the link sent to it. The browser that opened the link carries a signed cookie naming it."""

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("e-mail address"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    display_name = models.CharField(
        _("name or pseudonym"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True
    )
    confirm_token = models.CharField(
        _("confirmation token"),
        max_length=64,
        unique=True,
        default=new_participant_token,
        editable=False,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant without an account")
        verbose_name_plural = _("participants without an account")
        ordering = ["-created"]
        indexes = [models.Index(fields=["subscriber", "confirmed_at"], name="participant_sub_idx")]

    def __str__(self):
        return self.display_name or _("Participant %(pk)s") % {"pk": self.pk}


class CommentState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=CommentState.PUBLISHED)

    def for_process(self, process):
        """On the process's contributions and on the paragraphs of its drafts."""
        return self.filter(self.for_process_q(process))

    @staticmethod
    def for_process_q(process) -> Q:
        return Q(contribution__process=process) | Q(paragraph__version__round__process=process)


#: Exactly one target: a contribution or a paragraph of a draft on consultation.
ONE_TARGET = Q(contribution__isnull=False, paragraph__isnull=True) | Q(
    contribution__isnull=True, paragraph__isnull=False
)


class Comment(TimeStampedModel):
    """A comment on a published contribution or on a paragraph of a draft on consultation, or a
    reply to one (never a reply to a reply)."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discussion_comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contribution_comments",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant without an account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    display_name = models.CharField(
        _("name or pseudonym"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    state = models.CharField(
        _("state"), max_length=10, choices=CommentState.choices, default=CommentState.PENDING
    )
    is_official_answer = models.BooleanField(_("the municipality's answer"), default=False)
    #: The writer was warned of a personnummer or phone number in the text and posted anyway.
    personal_data_flagged = models.BooleanField(_("may hold personal data"), default=False)
    #: Links in the text are shown as plain text until an official has approved the comment.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("time hidden"), null=True, blank=True)
    #: Learned from the officials' own decisions (``contributions.analysis.spam``): 0–1, shown
    #: to the moderator, never acting alone. NULL until a model exists for the process.
    spam_score = models.FloatField(_("spam score"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CommentState.values), name="contribcomment_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=CommentState.HIDDEN) | ~Q(hidden_reason=""),
                name="contribcomment_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="contribcomment_not_own_parent"
            ),
            models.CheckConstraint(condition=ONE_TARGET, name="contribcomment_one_target"),
        ]
        indexes = [
            # The contribution page: its published comments in order.
            models.Index(
                fields=["contribution", "state", "created"], name="contribcomment_contrib_idx"
            ),
            # The moderation queue: a process's comments waiting or reported, newest first.
            models.Index(fields=["state", "-created"], name="contribcomment_state_idx"),
            models.Index(fields=["parent"], name="contribcomment_parent_idx"),
            # The consultation page: its paragraphs' published comments, counted.
            models.Index(
                fields=["paragraph", "state", "created"], name="contribcomment_paragraph_idx"
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def process(self):
        """Lets permission predicates find the process."""
        if self.contribution_id:
            return self.contribution.process
        return self.paragraph.version.round.process

    @property
    def target(self):
        """The contribution or the paragraph the comment is about."""
        return self.contribution if self.contribution_id else self.paragraph

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def links_allowed(self) -> bool:
        return self.approved_at is not None


class Support(TimeStampedModel):
    """ "Håller med": one person supports a contribution (or a paragraph on consultation) once.

    ``voter_key`` is a keyed hash of the person's e-mail address (an account's, or a confirmed
    participant's), so an account and a confirmed address of the same person count once.
    """

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supports",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discussion_supports",
    )
    voter_key = models.CharField(_("supporter (hashed)"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant without an account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supports",
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "voter_key"], name="support_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["paragraph", "voter_key"],
                condition=Q(paragraph__isnull=False),
                name="support_one_per_person_paragraph",
            ),
            models.CheckConstraint(condition=ONE_TARGET, name="support_one_target"),
        ]
        indexes = [
            models.Index(fields=["contribution", "created"], name="support_contrib_idx"),
            models.Index(fields=["paragraph", "created"], name="support_paragraph_idx"),
        ]

    def __str__(self):
        return f"{self.contribution_id or self.paragraph_id} – {self.created:%Y-%m-%d}"


class SpamModel(TimeStampedModel):
    """The spam score's model for one process, learned in the worker from the officials' own
    decisions (hidden by an official: 1; approved or shown again: 0). Replaced on every training."""

    process = models.OneToOneField(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    data = models.BinaryField(_("trained model"))
    samples = models.PositiveIntegerField(_("decisions learned from"), default=0)

    class Meta:
        verbose_name = _("spam model")
        verbose_name_plural = _("spam models")

    def __str__(self):
        return f"{self.process} ({self.samples})"
