"""Start-up checks of the outbox: every task it will hand over must exist.

``enqueue`` refuses a task the Celery app does not have, so a new row cannot name one. A row
written by an older release can (a task renamed or removed in between), and so can the beat
schedule in the settings; both would otherwise be found out only when the relay or the beat
tries them, and an outbox row would wait for ever. These checks make ``manage.py check`` (the
deploy's ``check --deploy --database default``) and ``migrate`` fail instead, naming the task.
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


def _registered() -> set[str]:
    """The names of the Celery app's tasks, after importing every installed app's ``tasks``.

    Not ``app.loader.import_default_modules()``: Celery's Django fix-up runs the system checks
    from inside it, which would call this again."""
    from django.utils.module_loading import autodiscover_modules

    from .celery import app

    autodiscover_modules("tasks")
    return set(app.tasks)


@checks.register("celery")
def beat_schedule_tasks_exist(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    registered = _registered()
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", {}) or {}
    return [
        checks.Error(
            f"The beat schedule entry {key!r} names the task {entry['task']!r}, which the Celery "
            "app does not have.",
            hint="Correct the name in CELERY_BEAT_SCHEDULE (settings.py).",
            id="visionsprocess.E031",
        )
        for key, entry in schedule.items()
        if entry.get("task") not in registered
    ]


@checks.register(checks.Tags.database)
def outbox_tasks_exist(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Every task a waiting outbox row names exists (run with ``--database`` and by
    ``migrate``)."""
    if not databases:
        return []
    from .models import OutboxTask

    registered = _registered()
    errors = []
    for database in databases:
        try:
            names = set(
                OutboxTask.objects.using(database)
                .filter(dispatched_at__isnull=True)
                .values_list("task", flat=True)
                .distinct()
            )
        except DatabaseError:  # not migrated yet: nothing can wait in it
            continue
        for name in sorted(names - registered):
            errors.append(
                checks.Error(
                    f"Outbox rows wait for the task {name!r}, which the Celery app does not "
                    "have: they would never be handed over.",
                    hint=(
                        "Register the task under that name again, or move the rows to its new "
                        "name (OutboxTask.task) or delete them in the admin."
                    ),
                    obj=f"database {database!r}",
                    id="visionsprocess.E030",
                )
            )
    return errors
