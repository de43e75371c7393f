"""The site search page (``/sok/``): everything public, grouped by kind (see ``site_search``)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import site_search
from .tenancy import request_municipality


@require_safe
def search(request):
    """``?q=`` the words; ``typ=`` one kind only, a page (``sida=``) at a time. Anything a
    visitor types is folded into at most 200 characters of words: never an error page."""
    municipality = request_municipality(request)
    text = request.GET.get("q", "")
    kind = request.GET.get("typ", "")
    kind = kind if kind in site_search.search_sources else ""
    result = site_search.search(
        municipality=municipality, text=text, kind=kind, page=request.GET.get("sida", 1)
    )
    context = {
        "result": result,
        "query": result.query,
        "kind": kind,
        "kind_source": site_search.search_sources.get(kind) if kind else None,
        "sources": list(site_search.search_sources),
        "searched": bool(result.stems),
        "cap": site_search.COUNT_CAP,
    }
    return render(request, "visionsprocess/search.html", context)
