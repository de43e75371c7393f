"""Permission predicates of the dialog app, built on the core's."""

import rules

from visionsprocess.models import Role


@rules.predicate
def is_municipality_official(user, municipality=None):
    """``municipality`` may also be an object with a ``municipality`` (an organisation).

    An official or process administrator of any process of the municipality, its municipality
    administrator (or superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    municipality = getattr(municipality, "municipality", municipality)
    if municipality is None:
        return False
    cache = getattr(user, "_vp_municipality_staff", None)
    if cache is None:
        cache = set(
            user.process_roles.filter(role__in=[Role.OFFICIAL, Role.ADMIN]).values_list(
                "process__municipality_id", flat=True
            )
        )
        user._vp_municipality_staff = cache
    if municipality.pk in cache:
        return True
    from visionsprocess.predicates import administered_municipalities

    return municipality.pk in administered_municipalities(user)  # its MunicipalityRole
