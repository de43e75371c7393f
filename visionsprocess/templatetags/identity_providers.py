"""The login page's providers split by kind (``visionsprocess.identity``): citizens' e-ID and
the municipality's own login for staff are offered under headings of their own."""

from django import template

from ..identity import KIND
from ..models import IdentityProviderKind

register = template.Library()


@register.filter
def staff_providers(providers) -> list:
    return [p for p in providers if (p.app.settings or {}).get(KIND) == IdentityProviderKind.STAFF]


@register.filter
def citizen_providers(providers) -> list:
    return [p for p in providers if (p.app.settings or {}).get(KIND) != IdentityProviderKind.STAFF]
