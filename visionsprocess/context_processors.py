from django.conf import settings
from django.utils.functional import lazy

from . import tenancy


def site(request):
    """The municipality of the request's host (``tenancy.TenantMiddleware``) and its address."""
    municipality = getattr(request, "municipality", None)
    return {
        "municipality": municipality,
        "SITE_URL": lazy(tenancy.site_url, str)(municipality)
        if municipality
        else settings.SITE_URL,
    }
