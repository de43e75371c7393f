"""A process's promise of feedback, held to.

Each stage may carry the date by which the municipality promised public feedback on what came
in during it (``Stage.feedback_due``). When that date has passed, the stage received input and
no public feedback has come on it, the feedback is *late*: the public process page says so
("Återkopplingen är försenad") until it comes, the staff overview shows it, and the process's
officials and administrators are told once through the notices (a daily beat task,
``check_feedback_promises``).

Whether a stage received input and whether feedback came on it is known by the apps that hold
input and feedback (the contributions app); they register it here, so the core imports none::

    from visionsprocess.promises import stage_feedback

    stage_feedback.register(inputs=stages_with_input, answered=stages_with_feedback)

Each callable takes a list of stage ids and returns the set of those ids it knows about.
"""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .models import ProcessRole, Role, Stage, VisionProcess

FEEDBACK_LATE = "process.feedback_late"


class StageFeedbackRegistry:
    def __init__(self):
        self._inputs: list[Callable] = []
        self._answered: list[Callable] = []

    def register(self, *, inputs: Callable, answered: Callable) -> None:
        self._inputs.append(inputs)
        self._answered.append(answered)

    def late(self, stage_ids: list[int]) -> set[int]:
        if not stage_ids:
            return set()
        with_input = set().union(*(inputs(stage_ids) for inputs in self._inputs))
        if not with_input:
            return set()
        answered = set().union(*(answered(list(with_input)) for answered in self._answered))
        return with_input - answered


stage_feedback = StageFeedbackRegistry()


def late_feedback_stages(
    process: VisionProcess, today: dt.date | None = None, *, stages: list[Stage] | None = None
) -> list[Stage]:
    """The stages of ``process`` whose promised feedback is late (in order). ``stages``: its
    stages already loaded (the process page's timeline), so that they are not read again."""
    today = today or timezone.localdate()
    if stages is None:
        stages = Stage.objects.filter(process=process, feedback_due__lt=today)
    due = sorted(
        (stage for stage in stages if stage.feedback_due and stage.feedback_due < today),
        key=lambda stage: stage.position,
    )
    late = stage_feedback.late([stage.pk for stage in due])
    return [stage for stage in due if stage.pk in late]


def _process_staff(process: VisionProcess):
    return ProcessRole.objects.filter(
        process=process, role__in=[Role.OFFICIAL, Role.ADMIN]
    ).select_related("user")


@transaction.atomic
def feedback_promises_check(*, today: dt.date | None = None) -> int:
    """Tell the officials and administrators of each process whose promised feedback is late,
    once per stage and promised date. Returns how many notices were written."""
    from django.urls import reverse

    from .notices import notice_emit
    from .notices.services import follow_implicit
    from .services import absolute_url

    today = today or timezone.localdate()
    written = 0
    processes = VisionProcess.objects.filter(
        published_at__isnull=False, stages__feedback_due__lt=today
    ).distinct()
    for process in processes:
        stages = late_feedback_stages(process, today)
        if not stages:
            continue
        roles = list(_process_staff(process))
        for role in roles:  # they follow their role: that is what the address is for
            if role.user.email:
                follow_implicit(target=role, email=role.user.email, user=role.user)
        for stage in stages:
            notice = notice_emit(
                kind=FEEDBACK_LATE,
                process=process,
                key=f"{FEEDBACK_LATE}:{stage.pk}:{stage.feedback_due.isoformat()}",
                context={
                    "process": process.title,
                    "stage": stage.pk,
                    "stage_name": stage.name_sv,
                    "due": stage.feedback_due.isoformat(),
                    "url": absolute_url(
                        reverse("staff:process", kwargs={"slug": process.slug}),
                        municipality=process.municipality_id,
                    ),
                },
                targets=[ProcessRole.objects.filter(pk__in=[role.pk for role in roles])],
            )
            written += notice is not None
    return written
