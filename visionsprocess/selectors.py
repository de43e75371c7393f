"""Reads of the process core, shaped for the screens that use them."""

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from .models import Municipality, ProcessRole, Stage, VisionProcess


def municipality_current() -> Municipality | None:
    """The installation's first municipality (the one served at ``TENANCY_DEFAULT_HOSTS``)."""
    return Municipality.objects.order_by("pk").first()


def process_list_public(*, user, municipality=None) -> QuerySet[VisionProcess]:
    processes = VisionProcess.objects.visible_to(user)
    if municipality is not None:
        processes = processes.filter(municipality=municipality)
    return processes.select_related("municipality", "current_stage").order_by(
        "-horizon_year", "title"
    )


def municipality_processes(*, municipality, user) -> list[VisionProcess]:
    """The municipality page's processes: every public, published process of ``municipality``
    (and, for a signed-in person, the drafts and internal processes they have a role in), each
    with its current stage, in one query."""
    return list(
        VisionProcess.objects.visible_to(user)
        .filter(municipality=municipality)
        .select_related("current_stage")
        .order_by("-horizon_year", "title")
    )


def process_with_stages(process: VisionProcess) -> VisionProcess:
    """``process`` (as the permission check loaded it, with its municipality) with its stages
    prefetched, instead of loading the process a second time."""
    prefetch_related_objects([process], Prefetch("stages", queryset=Stage.objects.all()))
    return process


def process_timeline(*, process: VisionProcess) -> list[Stage]:
    """The process's stages in order, each knowing its process (for current / done)."""
    timeline = sorted(process.stages.all(), key=lambda stage: stage.position)
    for stage in timeline:
        stage.process = process
    return timeline


def stages_for_admin(*, process: VisionProcess) -> list[tuple[Stage, list[tuple[str, int]]]]:
    """The stages in order, each with what it holds (contributions, meetings, ...), for the
    administrators' stage list: a stage that holds something cannot be removed."""
    timeline = process_timeline(process=process_with_stages(process))
    holdings = stage_holdings_of_process(process)
    return [(stage, holdings.get(stage.pk, [])) for stage in timeline]


def process_list_for_staff(*, user, municipality=None) -> list[tuple[VisionProcess, list[str]]]:
    """The processes a user has a role in (of ``municipality``), with the labels of their
    roles."""
    processes = VisionProcess.objects.for_member(user).select_related(
        "municipality", "current_stage"
    )
    if municipality is not None:
        processes = processes.filter(municipality=municipality)
    roles: dict[int, list[str]] = {}
    for role in ProcessRole.objects.filter(user=user):
        roles.setdefault(role.process_id, []).append(role.get_role_display())
    return [(process, roles.get(process.pk, [])) for process in processes]


def process_members(*, process: VisionProcess) -> QuerySet[ProcessRole]:
    return process.roles.select_related("user").order_by("role", "user__last_name", "user__email")


def stage_relations():
    """Every (model, field name) of any app with a foreign key to ``Stage`` (contributions,
    meetings, ...), so that what an app adds later is counted without the core knowing it."""
    return [
        (relation.related_model, relation.field.name)
        for relation in Stage._meta.related_objects
        if not relation.many_to_many
    ]


def _held(model, count: int) -> tuple[str, int]:
    names = model._meta
    return (str(names.verbose_name if count == 1 else names.verbose_name_plural), count)


def stage_holdings(stage: Stage) -> list[tuple[str, int]]:
    """What points at the stage, as (readable name, count), e.g. [("bidrag", 12)]."""
    holdings = []
    for model, field in stage_relations():
        count = model._base_manager.filter(**{field: stage}).count()
        if count:
            holdings.append(_held(model, count))
    return holdings


def stage_holdings_of_process(process: VisionProcess) -> dict[int, list[tuple[str, int]]]:
    """``stage_holdings`` for every stage of the process: one grouped query per relation."""
    holdings: dict[int, list[tuple[str, int]]] = {}
    for model, field in stage_relations():
        rows = (
            model._base_manager.filter(**{f"{field}__process": process})
            .values_list(field)
            .annotate(count=Count("pk"))
            .order_by()
        )
        for stage_id, count in rows:
            holdings.setdefault(stage_id, []).append(_held(model, count))
    return holdings
