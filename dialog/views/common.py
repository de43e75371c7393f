"""Shared by the dialog views: the object lookups of the permission decorators and form helpers."""

from django.shortcuts import get_object_or_404

from visionsprocess.tenancy import request_municipality

from ..models import (
    ConversationKit,
    Meeting,
    Organisation,
)

IMPORT_SESSION_KEY = "dialog_organisation_import"


def _post(request):
    """The submitted data on POST (even when empty), else None: an empty POST is still bound."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


# --- Lookups ------------------------------------------------------------------------------------


def meeting_by_pk(request, slug, pk, **kwargs) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("process"), process__slug=slug, pk=pk)


def kit_by_slug(request, slug, kit, **kwargs) -> ConversationKit:
    # Process addresses are unique per municipality: the kit of the municipality served.
    kits = ConversationKit.objects.select_related("process")
    if getattr(request, "municipality", None) is not None:
        kits = kits.filter(process__municipality=request.municipality)
    return get_object_or_404(kits, process__slug=slug, slug=kit)


def current_municipality(request, **kwargs):
    return request_municipality(request)


def organisation_by_pk(request, pk, **kwargs) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("municipality", "district"), pk=pk)
