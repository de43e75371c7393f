"""Reads of the process core, shaped for the screens that use them."""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from .models import Municipality, ProcessRole, Stage, StageKind, VisionProcess


def municipality_current() -> Municipality | None:
    """The municipality this installation serves (the first one)."""
    return Municipality.objects.order_by("pk").first()


def process_list_public(*, user) -> QuerySet[VisionProcess]:
    return (
        VisionProcess.objects.visible_to(user)
        .select_related("municipality")
        .order_by("-horizon_year", "title")
    )


def process_with_stages(process: VisionProcess) -> VisionProcess:
    """``process`` (as the permission check loaded it, with its municipality) with its stages
    prefetched, instead of loading the process a second time."""
    prefetch_related_objects([process], Prefetch("stages", queryset=Stage.objects.all()))
    return process


def process_timeline(*, process: VisionProcess) -> list[Stage]:
    """The five stages in process-map order; stages missing in the database are shown empty."""
    by_kind = {stage.kind: stage for stage in process.stages.all()}
    timeline = []
    for kind in StageKind:
        stage = by_kind.get(kind) or Stage(process=process, kind=kind)
        stage.process = process
        timeline.append(stage)
    return timeline


def process_list_for_staff(*, user) -> list[tuple[VisionProcess, list[str]]]:
    """The processes a user has a role in, with the labels of their roles."""
    processes = VisionProcess.objects.for_member(user).select_related("municipality")
    roles: dict[int, list[str]] = {}
    for role in ProcessRole.objects.filter(user=user):
        roles.setdefault(role.process_id, []).append(role.get_role_display())
    return [(process, roles.get(process.pk, [])) for process in processes]


def process_members(*, process: VisionProcess) -> QuerySet[ProcessRole]:
    return process.roles.select_related("user").order_by("role", "user__last_name", "user__email")
