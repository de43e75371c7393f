"""What a process's job on the worker keeps for the page that asked for it: its progress."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerJobProgress(models.Model):
    """A job the worker runs for a process, with its progress for the page that asked. The model
    names its own ``scheduled_at``, ``started_at`` and ``finished_at`` (their verbose names say
    what the job does: drafting, a search), which ``running`` reads."""

    progress = models.PositiveSmallIntegerField(_("progress in per cent"), default=0)

    class Meta:
        abstract = True

    @property
    def running(self) -> bool:
        return bool(self.scheduled_at or (self.started_at and not self.finished_at))
