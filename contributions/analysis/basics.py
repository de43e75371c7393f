"""Two small facts the analysis modules share: the text a contribution is read as, and how long
a training or build waits after the change that asked for it (so a burst asks once)."""

from django.conf import settings


def contribution_text(title: str, text: str) -> str:
    return f"{title}\n{text}" if title else text


def retrain_delay() -> int:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 0
    return settings.THEMES_RETRAIN_DELAY
