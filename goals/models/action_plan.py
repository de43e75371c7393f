"""The yearly action plan (handlingsplan) and its immutable versions."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contributions.models import Contribution, Theme
from visionsprocess.models import Body, TimeStampedModel, VisionProcess
from visionsprocess.models.decisions import Decision

from .base import YEAR_VALIDATORS
from .vision import CouncilGoal

# --- Action plan ------------------------------------------------------------------------------


class ActionPlan(TimeStampedModel):
    """The living action plan (handlingsplan) of a programme, revised at least yearly."""

    process = models.OneToOneField(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    title = models.CharField(_("title"), max_length=200, default=_("Action plan for follow-up"))

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return self.title


class ActionPlanVersion(TimeStampedModel):
    """A yearly revision of the action plan. Once superseded by a newer one it never changes."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="versions"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    revision = models.PositiveSmallIntegerField(_("revision"))
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    note = models.TextField(_("what changed"), max_length=5000, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plan_versions",
        help_text=_("The decision that adopted or took note of this version."),
    )

    class Meta:
        verbose_name = _("action plan version")
        verbose_name_plural = _("action plan versions")
        ordering = ["plan", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "revision"], name="actionplanversion_unique_rev"
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(published=True),
                name="actionplanversion_superseded_was_published",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(published=False),
                name="actionplanversion_one_draft",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.year} (rev. {self.revision})"

    @property
    def process(self):
        return self.plan.process

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def is_current(self) -> bool:
        return self.published and self.superseded_at is None


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")


class ActionPlanItem(TimeStampedModel):
    """An activity in a version of the action plan."""

    version = models.ForeignKey(
        ActionPlanVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    activity = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    goal = models.ForeignKey(
        CouncilGoal,
        verbose_name=_("council goal"),
        on_delete=models.PROTECT,
        related_name="action_plan_items",
    )
    responsible = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="action_plan_items",
        null=True,
        blank=True,
    )
    when = models.CharField(_("when"), max_length=100, blank=True, help_text=_('e.g. "2020, Q2"'))
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    follow_up = models.TextField(_("follow-up comment"), max_length=5000, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes that led to it"), related_name="action_plan_items", blank=True
    )
    contributions = models.ManyToManyField(
        Contribution,
        verbose_name=_("contributions that led to it"),
        related_name="action_plan_items",
        blank=True,
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )

    class Meta:
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")
        ordering = ["version", "goal__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="actionplanitem_status_valid"
            ),
        ]

    def __str__(self):
        return self.activity

    @property
    def process(self):
        return self.version.plan.process
