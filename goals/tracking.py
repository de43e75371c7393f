"""A line on a contribution's tracking page: the action-plan activities it led to."""

from django.db.models import Q

from .models import ActionPlanItem


def action_plan_line_context(request, contribution):
    """Activities in published action-plan versions that cite the contribution or its themes."""
    theme_ids = [tagging.theme_id for tagging in contribution.taggings.all()]
    items = list(
        ActionPlanItem.objects.filter(
            Q(contributions=contribution) | Q(themes__in=theme_ids),
            version__published=True,
            version__plan__process_id=contribution.process_id,
        )
        .select_related("version__plan__process")
        .distinct()
        .order_by("-version__year", "activity")
    )
    return {"items": items} if items else None


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
