"""The municipality's own e-förslag at ``/e-forslag/``: the pages of e-förslag of its standing
process (``services/municipal_eproposals.py``), answered at the municipality's short addresses,
and the administrator's page that opens them."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from visionsprocess.permissions import permission_required
from visionsprocess.tenancy import request_municipality

from ..services import municipal_eproposals as services
from . import eproposals


def _slug(request) -> str:
    process = services.municipal_process(municipality=request_municipality(request))
    if process is None:
        raise Http404
    return process.slug


def eproposal_list(request):
    return eproposals.eproposal_list(request, slug=_slug(request))


def eproposal_new(request):
    return eproposals.eproposal_new(request, slug=_slug(request))


def eproposal_detail(request, pk):
    return eproposals.eproposal_detail(request, slug=_slug(request), pk=pk)


def eproposal_support(request, pk):
    return eproposals.eproposal_support(request, slug=_slug(request), pk=pk)


@permission_required("contributions.open_municipal_eproposals", request_municipality)
def staff_page(request, municipality):
    """Open: the rules, review and answers are the standing process's staff page of e-förslag."""
    process = services.municipal_process(municipality=municipality)
    if process is not None:
        return redirect("contributions:staff_eproposals", slug=process.slug)
    return render(
        request,
        "contributions/eproposals/staff/municipal_open.html",
        {"municipality": municipality},
    )


@require_POST
@permission_required("contributions.open_municipal_eproposals", request_municipality)
def staff_open(request, municipality):
    process = services.municipal_eproposals_open(municipality=municipality, actor=request.user)
    return redirect("contributions:staff_eproposals", slug=process.slug)
