"""Reads of focus areas, shaped for the screens and documents that show them."""

from django.db.models import Max, Prefetch, Q, QuerySet

from contributions.models import Contribution

from .models import FocusArea, FocusAreaUpdate


def focus_areas(*, process, published_only: bool = True) -> QuerySet[FocusArea]:
    """The process's focus areas in order, with their updates (newest first) prefetched."""
    queryset = FocusArea.objects.for_process(process)
    if published_only:
        queryset = queryset.published()
    return (
        queryset.select_related("process")
        .prefetch_related(
            Prefetch("updates", queryset=FocusAreaUpdate.objects.order_by("-date", "-created"))
        )
        .order_by("order", "pk")
    )


def focus_area_detail(*, process, pk: int, published_only: bool = True) -> FocusArea:
    """One focus area with its updates, themes and the contributions it grew from; the public
    sees only published contributions (the same rule as the wall)."""
    contributions = Contribution.objects.order_by("-created")
    if published_only:
        contributions = contributions.published()
    return (
        focus_areas(process=process, published_only=published_only)
        .prefetch_related(
            "themes",
            Prefetch("contributions", queryset=contributions, to_attr="shown_contributions"),
        )
        .get(pk=pk)
    )


def focus_areas_for_contribution(contribution) -> list[FocusArea]:
    """Published focus areas that grew from the contribution or from a theme it was tagged with
    (uses the contribution's prefetched taggings)."""
    theme_ids = [tagging.theme_id for tagging in contribution.taggings.all()]
    return list(
        FocusArea.objects.published()
        .filter(process_id=contribution.process_id)
        .filter(Q(contributions=contribution) | Q(themes__in=theme_ids))
        .select_related("process")
        .prefetch_related(
            Prefetch("updates", queryset=FocusAreaUpdate.objects.order_by("-date", "-created"))
        )
        .distinct()
        .order_by("order", "pk")
    )


def focus_areas_version(*, process) -> str:
    """Changes whenever a focus area or an update of the process changes (for the PDF)."""
    stamps = FocusArea.objects.for_process(process).aggregate(
        areas=Max("modified"), updates=Max("updates__modified")
    )
    count = FocusArea.objects.for_process(process).count()
    return f"{count}:{stamps['areas']}:{stamps['updates']}"
