from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .page_cache import municipality_current


def site(request):
    return {
        "municipality": SimpleLazyObject(municipality_current),
        "SITE_URL": settings.SITE_URL,
    }
