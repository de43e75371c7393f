"""A line on a contribution's tracking page: the action-plan activities it led to."""

from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import formats

from .models import ActionPlanItem, Indicator, Measurement


def action_plan_line_context(request, contribution):
    """Activities in published action-plan versions that cite the contribution or its themes,
    each with its council goal and the goal's indicators at their latest value (the end of the
    chain contribution → theme → vision → goal → activity → indicator)."""
    theme_ids = [tagging.theme_id for tagging in contribution.taggings.all()]
    items = list(
        ActionPlanItem.objects.filter(
            Q(contributions=contribution) | Q(themes__in=theme_ids),
            version__published=True,
            version__plan__process_id=contribution.process_id,
        )
        .select_related("version__plan__process", "goal__process")
        .prefetch_related(
            Prefetch(
                "goal__indicators",
                queryset=Indicator.objects.order_by("order", "id").prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("-year"))
                ),
            )
        )
        .distinct()
        .order_by("-version__year", "-version__published_at", "-version_id", "activity")
    )
    # The same activity carried from one yearly version to the next is one line: the newest.
    seen: set[tuple] = set()
    newest = []
    for item in items:
        key = (item.goal_id, " ".join(item.activity.split()).casefold())
        if key not in seen:
            seen.add(key)
            newest.append(item)
    items = newest
    for item in items:
        for indicator in item.goal.indicators.all():
            measurements = indicator.measurements.all()
            indicator.latest = measurements[0] if measurements else None
            if indicator.latest is not None:
                indicator.latest_value = _plain_number(indicator.latest.value)
    return {"items": items} if items else None


def _plain_number(value: Decimal) -> str:
    """14.50 → "14,5" (in Swedish), 100.00 → "100": no trailing zeros, local separators."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True)


def register():
    from contributions.registry import TrackingLine, tracking_lines

    tracking_lines.register(
        TrackingLine(
            key="goals.action_plan",
            template="goals/includes/tracking_action_plan.html",
            order=80,
            get_context=action_plan_line_context,
        )
    )
