"""Shared by the drafting views: the object lookups of the permission decorators."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from ...models import (
    Comment,
    Consultation,
    ConsultationAnswer,
    Decision,
    Paragraph,
)
from ...permissions import process_by_slug
from .. import selectors

# --- Lookups (used by permission_required) ----------------------------------------------------


def version_lookup(request, slug, number, **kwargs):
    process = process_by_slug(request, slug)
    return selectors.version_by_number(process=process, number=number)


def paragraph_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Paragraph.objects.select_related("version__round__process__municipality"),
        pk=pk,
        version__round__process__slug=slug,
    )


def comment_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Comment.objects.select_related("paragraph__version__round__process"),
        pk=pk,
        paragraph__version__round__process__slug=slug,
    )


def consultation_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Consultation.objects.select_related("version__round__process__municipality"),
        pk=pk,
        version__round__process__slug=slug,
    )


def answer_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        ConsultationAnswer.objects.select_related("consultation__version__round__process"),
        pk=pk,
        consultation__version__round__process__slug=slug,
    )


def decision_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Decision.objects.select_related("version__round__process"),
        pk=pk,
        version__round__process__slug=slug,
    )


def _version_url(version) -> str:
    return reverse("drafting:version", args=[version.process.slug, version.number])
