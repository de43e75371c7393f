"""Models of focus areas (imported into ``goals.models``, so they belong to the goals app)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contributions.models import Contribution, Theme
from visionsprocess.models import TimeStampedModel, VisionProcess


class FocusAreaStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("focus area status", "Not started")
    ONGOING = "ongoing", pgettext_lazy("focus area status", "In progress")
    PAUSED = "paused", pgettext_lazy("focus area status", "Paused")
    DONE = "done", pgettext_lazy("focus area status", "Done")


class FocusAreaQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(process=process)

    def published(self):
        return self.filter(is_published=True)


class FocusArea(TimeStampedModel):
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="focus_areas",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=10000,
        blank=True,
        help_text=_("What the focus area is about and why."),
    )
    responsible_name = models.CharField(
        _("name of the person responsible"),
        max_length=150,
        blank=True,
        help_text=_("A person, who needs no account here, e.g. Sandra Persson."),
    )
    responsible_role = models.CharField(
        _("role"),
        max_length=150,
        blank=True,
        help_text=_("e.g. study and careers adviser"),
    )
    responsible_organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_(
            "Inside or outside the municipality, e.g. Smedbergsskolan or Näringslivssamverkan. "
            "An organisation alone is enough when no single person is responsible."
        ),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes it grew from"), related_name="focus_areas", blank=True
    )
    contributions = models.ManyToManyField(
        Contribution,
        verbose_name=_("contributions it grew from"),
        related_name="focus_areas",
        blank=True,
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the process page and in the PDF.")
    )

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["process", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(responsible_name="") | ~Q(responsible_organisation=""),
                name="focusarea_has_responsible",
                violation_error_message=_(
                    "Name the person responsible or their organisation (or both)."
                ),
            ),
            models.UniqueConstraint(
                fields=["process", "title"],
                name="focusarea_unique_title_per_process",
                violation_error_message=_("The process already has a focus area with that title."),
            ),
        ]
        indexes = [models.Index(fields=["process", "order"], name="focusarea_process_order_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:focus_area", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def responsible(self) -> str:
        """ "Sandra Persson, studie- och yrkesvägledare, Smedbergsskolan"."""
        parts = [self.responsible_name, self.responsible_role, self.responsible_organisation]
        return ", ".join(part for part in parts if part)

    @property
    def latest_update(self):
        """The newest status update (uses prefetched ``updates`` when loaded)."""
        updates = list(self.updates.all())
        return max(updates, key=lambda u: (u.date, u.created), default=None)

    @property
    def status(self) -> str:
        latest = self.latest_update
        return latest.status if latest else FocusAreaStatus.NOT_STARTED

    def get_status_display(self) -> str:
        return FocusAreaStatus(self.status).label


class FocusAreaUpdate(TimeStampedModel):
    """A public status update: where the focus area stands on a date, and what happened."""

    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=12, choices=FocusAreaStatus.choices, default=FocusAreaStatus.ONGOING
    )
    text = models.TextField(_("what has happened"), max_length=10000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-date", "-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FocusAreaStatus.values), name="focusareaupdate_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["focus_area", "-date"], name="focusareaupdate_area_date_idx")
        ]

    def __str__(self):
        return f"{self.focus_area}: {self.get_status_display()} ({self.date:%Y-%m-%d})"

    @property
    def process(self):
        return self.focus_area.process
