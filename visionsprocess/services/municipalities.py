"""Writes of the process core: a new municipality on the installation (visionsprocess/tenancy.py)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import changes
from ..models import (
    HostName,
    Municipality,
    MunicipalityRole,
    MunicipalityRoleKind,
)

# --- Tenancy: a new municipality on the installation (visionsprocess/tenancy.py) ---------------


@transaction.atomic
def municipality_create(
    *,
    name: str,
    code: str,
    hosts: list[str],
    admin_email: str = "",
    sender_email: str = "",
    primary_colour: str = "",
    accent_colour: str = "",
) -> Municipality:
    """A new municipality (tenant) reached at ``hosts`` (the first is primary), with its first
    administrator (``admin_email``: an existing account, or a new one without a password who
    sets one through "forgot password" or signs in with e-ID). The platform operator's."""
    from django.core.validators import validate_email

    hosts = [h.strip().lower().rstrip(".") for h in hosts if h and h.strip()]
    if not hosts:
        raise ValidationError({"hosts": _("Give at least one host name.")})
    municipality = Municipality(name=name.strip(), code=code.strip(), sender_email=sender_email)
    if primary_colour:
        municipality.primary_colour = primary_colour
    if accent_colour:
        municipality.accent_colour = accent_colour
    municipality.full_clean()
    municipality.save()
    changes.record(municipality=municipality)  # the tenancy's host map is replaced on commit
    for position, host in enumerate(dict.fromkeys(hosts)):
        if HostName.objects.filter(host=host).exists():
            raise ValidationError(
                {"hosts": _("The host name %(host)s is taken already.") % {"host": host}}
            )
        host_name = HostName(municipality=municipality, host=host, is_primary=position == 0)
        host_name.full_clean()
        host_name.save()
    if admin_email:
        try:
            validate_email(admin_email)
        except ValidationError:
            raise ValidationError({"admin_email": _("Enter a valid e-mail address.")}) from None
        User = get_user_model()
        user = User.objects.filter(email__iexact=admin_email).first()
        if user is None:
            user = User(username=admin_email.lower()[:150], email=admin_email)
            user.set_unusable_password()
            user.save()
        MunicipalityRole.objects.get_or_create(
            municipality=municipality, user=user, role=MunicipalityRoleKind.ADMIN
        )
    return municipality
