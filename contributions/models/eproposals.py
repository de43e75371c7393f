"""E-förslag: a citizen's proposal that, once enough people support it within its period, is
handled by the committee the process's rules name, and answered with a recorded decision.

* ``EProposalRules``: a process's published rules (open or not, who may propose, the threshold,
  the period, the handling committee). One row per process, made when an official saves them.
* ``EProposal``: the proposal, from submitted to answered. It keeps the threshold, the period
  and the committee it was published under, so a later change of the rules never moves a
  proposal's goal posts.
* ``EProposalSupport``: one person's support (``voter_key``: the same keyed hash of the e-mail
  address as "Håller med", so an account and a confirmed address of one person count once).

Age and residency are declared by the proposer (a year of birth and a box ticked) and the rules
say so; nothing here checks a population register.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import Body, Decision, Municipality, TimeStampedModel, VisionProcess

from .discussion import DISPLAY_NAME_MAX_LENGTH, Participant

TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 10000


def new_eproposal_token() -> str:
    return secrets.token_urlsafe(32)


class EProposalRules(TimeStampedModel):
    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="eproposal_rules",
    )
    is_open = models.BooleanField(_("open for e-proposals"), default=False)
    min_age = models.PositiveSmallIntegerField(
        _("lowest age of a proposer"),
        default=16,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    residents_only = models.BooleanField(
        _("only people registered in the municipality may propose"), default=True
    )
    threshold = models.PositiveIntegerField(
        _("supporters needed"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
    )
    period_days = models.PositiveSmallIntegerField(
        _("days to collect support"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    committee = models.ForeignKey(
        Body,
        verbose_name=_("committee that handles a proposal that reaches the threshold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rules for e-proposals")
        verbose_name_plural = _("rules for e-proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_open=False) | Q(committee__isnull=False),
                name="eproposalrules_open_has_committee",
            ),
            models.CheckConstraint(condition=Q(threshold__gte=1), name="eproposalrules_threshold"),
            models.CheckConstraint(
                condition=Q(period_days__gte=1, period_days__lte=365),
                name="eproposalrules_period",
            ),
        ]

    def __str__(self):
        return f"{self.process} – {self.threshold}/{self.period_days}"


class RefusalRule(models.TextChoices):
    """The published grounds on which an official refuses to publish a proposal."""

    NOT_MUNICIPAL = "not_municipal", _("It is not something the municipality decides on")
    OFFENSIVE = "offensive", _("It is offensive, discriminating or a personal attack")
    INDIVIDUAL = "individual", _("It concerns a case about a single person or company")
    COMMERCIAL = "commercial", _("It is advertising or commercial")
    DUPLICATE = "duplicate", _("The same proposal is already collecting support")
    UNCLEAR = "unclear", _("It is not clear what is proposed")
    PROPOSER = "proposer", _("The proposer does not meet the conditions (age, residency)")


class EProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    REFUSED = "refused", _("Not published")
    COLLECTING = "collecting", _("Collecting support")
    REACHED = "reached", _("Reached the threshold: with the committee")
    EXPIRED = "expired", _("Did not reach the threshold")
    ANSWERED = "answered", _("Answered")


#: States a proposal is shown on the web in.
PUBLIC_STATES = (
    EProposalState.COLLECTING,
    EProposalState.REACHED,
    EProposalState.EXPIRED,
    EProposalState.ANSWERED,
)


class EProposalQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)

    def public(self):
        return self.filter(state__in=PUBLIC_STATES)

    def past_period(self, now=None):
        return self.filter(state=EProposalState.COLLECTING, closes_at__lte=now or timezone.now())


class EProposal(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="eproposals",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    what = models.TextField(_("what do you propose?"), max_length=TEXT_MAX_LENGTH)
    why = models.TextField(_("why?"), max_length=TEXT_MAX_LENGTH)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposer's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eproposals",
    )
    proposer_participant = models.ForeignKey(
        Participant,
        verbose_name=_("proposer without an account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eproposals",
    )
    display_name = models.CharField(_("name shown"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True)
    # Emptied by gallring (``contributions/retention_eproposals.py``); required on submission.
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth (as declared)"), null=True, blank=True
    )
    resident_declared = models.BooleanField(
        _("declared to be registered in the municipality"), default=False
    )
    state = models.CharField(
        _("state"), max_length=10, choices=EProposalState.choices, default=EProposalState.SUBMITTED
    )
    refusal_rule = models.CharField(
        _("rule"), max_length=20, choices=RefusalRule.choices, blank=True
    )
    refusal_note = models.TextField(_("note to the proposer"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # The rules it was published under.
    threshold = models.PositiveIntegerField(_("supporters needed"), default=100)
    committee = models.ForeignKey(
        Body,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eproposals",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closes_at = models.DateTimeField(_("support closes"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    reached_at = models.DateTimeField(_("reached the threshold"), null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eproposal",
    )
    answer = models.TextField(_("the committee's answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    tracking_token = models.CharField(
        _("private link"),
        max_length=64,
        unique=True,
        default=new_eproposal_token,
        editable=False,
    )

    objects = EProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-proposal")
        verbose_name_plural = _("e-proposals")
        ordering = ["-published_at", "-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EProposalState.values), name="eproposal_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=EProposalState.REFUSED) | ~Q(refusal_rule=""),
                name="eproposal_refused_has_rule",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[EProposalState.SUBMITTED, EProposalState.REFUSED])
                | Q(closes_at__isnull=False, committee__isnull=False),
                name="eproposal_published_has_period",
            ),
            models.CheckConstraint(
                condition=~Q(state=EProposalState.ANSWERED) | ~Q(answer=""),
                name="eproposal_answered_has_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "state", "-published_at"], name="eproposal_list_idx"),
            models.Index(fields=["state", "closes_at"], name="eproposal_expiry_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_collecting(self) -> bool:
        """Collecting and within its period (a proposal past its period is expired even before
        the beat task has marked it)."""
        return self.state == EProposalState.COLLECTING and (
            self.closes_at is not None and self.closes_at > timezone.now()
        )

    @property
    def shown_state(self) -> str:
        if self.state == EProposalState.COLLECTING and not self.is_collecting:
            return EProposalState.EXPIRED
        return self.state

    @property
    def shown_state_label(self) -> str:
        return EProposalState(self.shown_state).label

    @property
    def days_left(self) -> int:
        if not self.is_collecting:
            return 0
        seconds = (self.closes_at - timezone.now()).total_seconds()
        return max(0, int(-(-seconds // 86400)))

    @property
    def percent(self) -> int:
        if not self.threshold:
            return 0
        return min(100, int(self.support_count * 100 / self.threshold))

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class EProposalSupport(TimeStampedModel):
    proposal = models.ForeignKey(
        EProposal,
        verbose_name=_("e-proposal"),
        on_delete=models.PROTECT,
        related_name="supports",
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
        related_name="eproposal_supports",
    )

    class Meta:
        verbose_name = _("support of an e-proposal")
        verbose_name_plural = _("supports of e-proposals")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "voter_key"], name="eproposalsupport_one_per_person"
            ),
        ]
        indexes = [
            models.Index(fields=["proposal", "created"], name="eproposalsupport_idx"),
        ]

    def __str__(self):
        return f"{self.proposal_id} – {self.created:%Y-%m-%d}"


class MunicipalEProposals(TimeStampedModel):
    """The municipality's own e-förslag (not a process's): its proposals, rules and decisions
    belong to a standing process, made when an administrator first opens them and never listed
    among the processes (``VisionProcess.listed``), so every service of e-förslag serves both."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="municipal_eproposals",
    )
    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("standing process"),
        on_delete=models.PROTECT,
        related_name="municipal_eproposals",
    )

    class Meta:
        verbose_name = _("the municipality's e-proposals")
        verbose_name_plural = _("the municipalities' e-proposals")

    def __str__(self):
        return str(self.municipality)
