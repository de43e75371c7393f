"""Permissions and object look-ups the goals views share."""

from django.shortcuts import get_object_or_404

from ..models import (
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    GoverningDocument,
    Indicator,
)

VIEW = "goals.view_goals"
VIEW_ALL = "goals.view_unpublished"
STAFF = "goals.view_goals_staff"
EDIT = "goals.change_goals"


def _lookup(model, path="process"):
    """A permission lookup that loads ``model`` by pk within the process named by the slug."""

    def lookup(request, slug, pk, **kwargs):
        qs = model.objects.select_related(path)
        return get_object_or_404(qs, **{f"{path}__slug": slug, "pk": pk})

    return lookup


goal_by_pk = _lookup(CouncilGoal)
committee_goal_by_pk = _lookup(CommitteeGoal)
indicator_by_pk = _lookup(Indicator, "goal__process")
frame_by_pk = _lookup(BudgetFrame)
document_by_pk = _lookup(GoverningDocument)
version_by_pk = _lookup(ActionPlanVersion, "plan__process")
item_by_pk = _lookup(ActionPlanItem, "version__plan__process")
