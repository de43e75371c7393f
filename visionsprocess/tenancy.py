"""Which municipality a request is for.

Every view that shows or changes something of "the municipality" (not of one process, whose
municipality is its own) asks ``request_municipality(request)``: one place that knows how a
request is tied to its municipality.
"""

from django.http import Http404

from . import page_cache


def request_municipality(request):
    """The municipality ``request`` is for; 404 when the installation has none for it."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        municipality = page_cache.municipality_current()
    if municipality is None:
        raise Http404
    return municipality
