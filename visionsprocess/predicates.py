"""Permission predicates of the core. Every app builds its rules from these.

A predicate receives ``(user, obj)``. ``obj`` is a ``VisionProcess`` or anything with a
``process`` attribute (a meeting, a contribution, a draft version, ...). The roles of a user are
loaded once per user object, so a page asking many questions costs one query.
"""

import rules

from .models import Role, StageKind


def process_of(obj):
    if obj is None:
        return None
    return getattr(obj, "process", None)


def _role_cache(user) -> dict[int, set[str]]:
    """Process id → roles, in one query: the user's process roles, and the administrator role
    in every process of a municipality the user administers (``MunicipalityRole``). The
    municipalities of those processes are kept beside them (``role_municipalities``)."""
    cache = getattr(user, "_vp_roles", None)
    if cache is None:
        from django.db.models import CharField, Value

        from .models import MunicipalityRoleKind, VisionProcess

        administered = (
            VisionProcess.objects.order_by()
            .filter(
                municipality__roles__user=user, municipality__roles__role=MunicipalityRoleKind.ADMIN
            )
            .values_list("pk", Value(Role.ADMIN.value, output_field=CharField()), "municipality_id")
        )
        cache, municipalities = {}, set()
        own = user.process_roles.order_by().values_list(
            "process_id", "role", "process__municipality_id"
        )
        rows = own.union(administered, all=True)
        for process_id, role, municipality_id in rows:
            cache.setdefault(process_id, set()).add(role)
            municipalities.add(municipality_id)
        user._vp_roles = cache
        user._vp_role_municipalities = frozenset(municipalities)
    return cache


def role_municipalities(user) -> frozenset[int]:
    """Ids of the municipalities in one of whose processes ``user`` holds a role (loaded with
    the roles, no query of its own)."""
    _role_cache(user)
    return user._vp_role_municipalities


def forget_roles(user) -> None:
    """Drop the roles cached on ``user`` (after a service changed them during the request)."""
    user.__dict__.pop("_vp_roles", None)
    user.__dict__.pop("_vp_role_municipalities", None)


def administered_municipalities(user) -> frozenset[int]:
    """Ids of the municipalities ``user`` administers (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = getattr(user, "_vp_municipality_admin", None)
    if cache is None:
        from .models import MunicipalityRoleKind

        cache = frozenset(
            user.municipality_roles.filter(role=MunicipalityRoleKind.ADMIN).values_list(
                "municipality_id", flat=True
            )
        )
        user._vp_municipality_admin = cache
    return cache


@rules.predicate
def is_municipality_admin(user, obj=None):
    """The user administers the municipality ``obj`` is (or belongs to)."""
    from .tenancy import municipality_id_of

    municipality_id = municipality_id_of(obj) if obj is not None else None
    return municipality_id is not None and municipality_id in administered_municipalities(user)


def roles_in(user, process) -> frozenset[str]:
    """The roles ``user`` holds in ``process`` (cached on the user object)."""
    if process is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(_role_cache(user).get(process.pk, ()))


def has_role(*wanted: str):
    wanted_set = frozenset(wanted)

    @rules.predicate(name="has_role_" + "_or_".join(wanted))
    def predicate(user, obj=None):
        return bool(roles_in(user, process_of(obj)) & wanted_set)

    return predicate


is_superuser = rules.is_superuser
is_process_admin = has_role(Role.ADMIN) | is_superuser
is_process_official = has_role(Role.OFFICIAL)
is_process_politician = has_role(Role.POLITICIAN)
is_process_clerk = has_role(Role.CLERK)
is_process_member = has_role(*Role.values) | is_superuser


def has_role_anywhere(user) -> bool:
    """A role in some process or the administration of some municipality, wherever it is (or
    the platform's operator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_role_cache(user)) or bool(administered_municipalities(user))


@rules.predicate
def has_role_in_municipality(user, obj=None):
    """A role in a process of the municipality ``obj`` is (or belongs to), or its
    administration; the platform's operator (superuser) everywhere. Without ``obj``: the
    municipality of the request being served (``tenancy.current``), and where none is served
    (the platform's host, a command) a role anywhere. A role in another municipality does not
    count: its staff area here would be empty."""
    from .tenancy import current, municipality_id_of

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    municipality_id = municipality_id_of(obj) if obj is not None else None
    if municipality_id is None and current.get() is not None:
        municipality_id = current.get().pk
    if municipality_id is None:
        return has_role_anywhere(user)
    return municipality_id in role_municipalities(
        user
    ) or municipality_id in administered_municipalities(user)


@rules.predicate
def process_is_public(user, obj=None):
    process = process_of(obj)
    return process is not None and process.is_public


def _current_stage(obj):
    process = process_of(obj)
    if process is None or process.current_stage_id is None:
        return None
    return process.current_stage


def stage_opens(*keys: str):
    """The process's current stage opens at least one of ``keys`` (kinds of input or
    activities registered in ``registry.stage_openings``)."""
    wanted = tuple(str(key) for key in keys)

    @rules.predicate(name="stage_opens_" + "_or_".join(wanted))
    def predicate(user, obj=None):
        stage = _current_stage(obj)
        return stage is not None and any(stage.accepts(key) for key in wanted)

    return predicate


def stage_is(*keys: StageKind):
    """The process's current stage was made from one of the template stages ``keys``.

    Prefer ``stage_opens``: a municipality may rename or add stages, but what a stage opens is
    what the rules are about."""
    values = frozenset(str(k) for k in keys)

    @rules.predicate(name="stage_is_" + "_or_".join(sorted(values)))
    def predicate(user, obj=None):
        stage = _current_stage(obj)
        return stage is not None and stage.key in values

    return predicate


@rules.predicate
def has_document_kind_permission(user, obj=None):
    """``obj`` has ``kind`` (a key of the document registry) and ``process``: the user holds the
    permission that kind requires on that process."""
    from .registry import documents

    key, process = getattr(obj, "kind", None), process_of(obj)
    if process is None or key not in documents:
        return False
    return user.has_perm(documents.get(key).permission, process)


# --- Drafting and adoption (visionsprocess/drafting) -----------------------------------------


@rules.predicate
def is_signed_in(user, obj=None):
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def process_allows_anonymous_input(user, obj=None):
    process = process_of(obj)
    return process is not None and process.allow_anonymous_contributions


@rules.predicate
def consultation_is_open(user, obj=None):
    from django.utils import timezone

    deadline = getattr(obj, "deadline", None)
    return deadline is not None and deadline >= timezone.localdate()


@rules.predicate
def version_is_public(user, obj=None):
    version = getattr(obj, "version", obj)
    return bool(getattr(version, "is_public", False))
