"""The clerk's chain around a decision: its planned path, its distribution, its memo.

* ``PlannedStep``: one body's planned handling of a matter at one step of its decision path
  (KSAU 28 August → KS 6 November → KF 25 November). Several bodies at the same ``step`` are
  handled in parallel ("behandlas i nämnderna"). A recorded decision of that body on that matter
  fills the step (``decision``); a step whose date has passed without one is overdue.
* ``DistributionEntry``: one line of "Beslutet ska skickas till" of a matter (a free entry such as
  "Kommunens ledningsgrupp" and/or a body), with the functional e-mail address the clerk sends to.
  The address is never shown publicly.
* ``DecisionDispatch``: the expediering of one decision to one entry: who sent it, when, to whom.
  One row per decision and entry, so a decision is sent to each entry once.
* ``DecisionProposal``: the tjänsteskrivelse of a matter (Förslag till beslut, Sammanfattning av
  ärendet, Ärendet, Handläggare, Dnr); the ``tjansteskrivelse`` document kind renders it.

A matter is the pair (``matter``, ``target``) of ``Decision``: what kind of thing is decided
(a key of ``registry.decision_matters``) and, for matters with several objects, which one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Body, TimeStampedModel, VisionProcess
from .decisions import Decision
from .drafting import dnr_validator
from .outbox import OutgoingEmail


class PlannedStepQuerySet(models.QuerySet):
    def of_matter(self, process, matter: str, target: str = ""):
        return self.filter(process=process, matter=matter, target=target)

    def open(self):
        return self.filter(decision__isnull=True)

    def overdue(self, today):
        return self.filter(decision__isnull=True, planned_date__lt=today)


class PlannedStep(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="planned_steps",
    )
    matter = models.CharField(_("what is to be decided"), max_length=40)
    target = models.CharField(_("about"), max_length=40, blank=True)
    step = models.PositiveSmallIntegerField(
        _("step"),
        help_text=_("Bodies at the same step handle the matter in parallel."),
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="planned_steps"
    )
    planned_date = models.DateField(_("planned meeting date"))
    note = models.CharField(
        _("what is to be handled"),
        max_length=200,
        blank=True,
        help_text=_('For example "ramar och upplägg" or "färdigt utkast".'),
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_step",
    )

    objects = PlannedStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned decision step")
        verbose_name_plural = _("planned decision steps")
        ordering = ["process", "matter", "target", "step", "planned_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "matter", "target", "step", "body"],
                name="plannedstep_unique_body_per_step",
                violation_error_message=_("This body is already planned at that step."),
            ),
            models.CheckConstraint(condition=Q(step__gte=1), name="plannedstep_step_positive"),
        ]
        indexes = [
            models.Index(fields=["process", "matter", "target"], name="plannedstep_matter_idx"),
            models.Index(
                fields=["planned_date"],
                condition=Q(decision__isnull=True),
                name="plannedstep_open_date_idx",
            ),
        ]

    def __str__(self):
        return f"{self.step}. {self.body.short_name} {self.planned_date:%Y-%m-%d}"


class DistributionEntry(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="distribution_entries",
    )
    matter = models.CharField(_("what is decided"), max_length=40)
    target = models.CharField(_("about"), max_length=40, blank=True)
    name = models.CharField(
        _("recipient"),
        max_length=150,
        help_text=_('For example "Samtliga nämnder" or "Kommunens ledningsgrupp".'),
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distribution_entries",
    )
    email = models.EmailField(
        _("functional e-mail address"),
        blank=True,
        help_text=_("A shared address of the recipient (registrator@…), never a person's."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("distribution entry")
        verbose_name_plural = _("distribution list")
        ordering = ["process", "matter", "target", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "matter", "target", "name"],
                name="distributionentry_unique_name",
                violation_error_message=_("This recipient is already on the list."),
            ),
        ]

    def __str__(self):
        return self.name


class DecisionDispatch(models.Model):
    """The expediering of ``decision`` to one recipient: written once, never changed."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="dispatches",
    )
    recipient = models.CharField(_("recipient"), max_length=150)
    email = models.EmailField(_("sent to address"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"))
    email_message = models.ForeignKey(
        OutgoingEmail,
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dispatch of a decision")
        verbose_name_plural = _("dispatches of decisions")
        ordering = ["decision", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "recipient"], name="decisiondispatch_once_per_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.decision} → {self.recipient}"


class DecisionProposal(TimeStampedModel):
    """The tjänsteskrivelse of a matter: the office's proposal to the body that decides first."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="decision_proposals",
    )
    matter = models.CharField(_("what is to be decided"), max_length=40)
    target = models.CharField(_("about"), max_length=40, blank=True)
    title = models.CharField(_("heading"), max_length=200)
    dnr = models.CharField(
        _("registration number (Dnr)"), max_length=30, validators=[dnr_validator]
    )
    office = models.CharField(
        _("office"), max_length=150, help_text=_('For example "Kommunledningskontoret".')
    )
    addressee = models.ForeignKey(
        Body,
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="decision_proposals",
        help_text=_("The body the memo is written to."),
    )
    written_on = models.DateField(_("date"), null=True, blank=True)
    proposal = models.TextField(_("proposed decision"), max_length=5000)
    summary = models.TextField(_("summary of the matter"), max_length=20000)
    background = models.TextField(_("the matter"), max_length=20000, blank=True)
    handler = models.CharField(
        _("case officer"),
        max_length=200,
        help_text=_("Name and title, as in the memo."),
    )
    manager = models.CharField(_("responsible manager"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("memo (tjänsteskrivelse)")
        verbose_name_plural = _("memos (tjänsteskrivelser)")
        ordering = ["process", "-modified", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "matter", "target"],
                name="decisionproposal_one_per_matter",
                violation_error_message=_("This matter already has a memo."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.dnr})"


__all__ = [
    "PlannedStep",
    "DistributionEntry",
    "DecisionDispatch",
    "DecisionProposal",
]
