"""Goals, activities and focus areas in the site search (``visionsprocess.site_search``).

"Goals and activities": the vision, council goals (every term, each has its page), committee
goals (shown on the page of the council goal they serve) and the activities of the action plan
version in force (published, not superseded). "Focus areas": published ones only, found by their own text or their public status updates."""

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visionsprocess.site_search import Hit, SearchSource, process_ids, search_sources
from visionsprocess.textsearch import matching

from .models import (
    ActionPlanItem,
    CommitteeGoal,
    CouncilGoal,
    FocusArea,
    FocusAreaUpdate,
    Vision,
)

#: The fields of the functional indexes (goals migration 0012), in order.
VISION_FIELDS = ("statement", "text", "values")
COUNCIL_GOAL_FIELDS = (
    "title",
    "summary",
    "description",
    "political_will",
    "how_measured",
    "citizen_examples",
)
COMMITTEE_GOAL_FIELDS = ("title", "description")
ITEM_FIELDS = ("activity", "description", "follow_up")
UPDATE_FIELDS = ("text",)
FOCUS_AREA_FIELDS = (
    "title",
    "description",
    "responsible_name",
    "responsible_role",
    "responsible_organisation",
)


def _vision_hit(vision) -> Hit:
    return Hit(
        title=vision.statement,
        url=reverse("goals:vision", args=[vision.process.slug]),
        text=" ".join(part for part in (vision.text, vision.values) if part),
        process=vision.process,
        detail=_("Vision"),
    )


def _council_goal_hit(goal) -> Hit:
    text = " ".join(
        part
        for part in (
            goal.summary,
            goal.description,
            goal.political_will,
            goal.how_measured,
            goal.citizen_examples,
        )
        if part
    )
    return Hit(
        title=goal.title,
        url=goal.get_absolute_url(),
        text=text,
        process=goal.process,
        detail=_("Council goal %(term)s") % {"term": goal.term_label},
    )


def _committee_goal_hit(goal) -> Hit:
    served = list(goal.council_goals.all())
    url = (
        served[0].get_absolute_url()
        if served
        else reverse("goals:vision", args=[goal.process.slug])
    )
    return Hit(
        title=goal.title,
        url=url,
        text=goal.description,
        process=goal.process,
        detail=_("Committee goal, %(body)s") % {"body": goal.body.name},
    )


def _item_hit(item) -> Hit:
    process = item.version.plan.process
    return Hit(
        title=item.activity,
        url=reverse("goals:action_plan", args=[process.slug]),
        text=" ".join(part for part in (item.description, item.follow_up) if part),
        process=process,
        detail=_("Activity in the action plan %(year)s, %(status)s")
        % {"year": item.version.year, "status": item.get_status_display().lower()},
    )


def find_goals(processes, stems) -> list[Hit]:
    """Every matching vision, goal and activity of the processes as hits, in the hierarchy's
    order (vision, council goals, committee goals, activities). Four queries; a few hundred rows
    at most, so the list is built whole."""
    ids = process_ids(processes)
    visions = matching(
        Vision.objects.filter(process_id__in=ids), stems, fields=VISION_FIELDS
    ).select_related("process")
    council = matching(
        CouncilGoal.objects.filter(process_id__in=ids), stems, fields=COUNCIL_GOAL_FIELDS
    ).select_related("process")
    committee = (
        matching(
            CommitteeGoal.objects.filter(process_id__in=ids),
            stems,
            fields=COMMITTEE_GOAL_FIELDS,
        )
        .select_related("process", "body")
        .prefetch_related(
            Prefetch("council_goals", queryset=CouncilGoal.objects.order_by("order", "pk"))
        )
    )
    items = matching(
        ActionPlanItem.objects.filter(
            version__plan__process_id__in=ids,
            version__published=True,
            version__superseded_at__isnull=True,
        ),
        stems,
        fields=ITEM_FIELDS,
    ).select_related("version__plan__process")
    return (
        [_vision_hit(v) for v in visions.order_by("process_id")]
        + [
            _council_goal_hit(g)
            for g in council.order_by("process_id", "-term_start", "order", "pk")
        ]
        + [_committee_goal_hit(g) for g in committee.order_by("process_id", "order", "pk")]
        + [_item_hit(i) for i in items.order_by("version__plan__process_id", "order", "pk")]
    )


def find_focus_areas(processes, stems):
    """Published focus areas whose own text or one of whose public status updates matches."""
    areas = FocusArea.objects.published().filter(process_id__in=process_ids(processes))
    by_update = matching(
        FocusAreaUpdate.objects.filter(focus_area__in=areas), stems, fields=UPDATE_FIELDS
    ).values("focus_area_id")
    by_area = matching(areas, stems, fields=FOCUS_AREA_FIELDS).values("pk")
    return (
        FocusArea.objects.filter(Q(pk__in=by_area) | Q(pk__in=by_update))
        .select_related("process")
        .order_by("process_id", "order", "pk")
    )


def _prepare_focus_areas(items, processes):
    prefetch_related_objects(
        items, Prefetch("updates", queryset=FocusAreaUpdate.objects.order_by("-date", "-created"))
    )


def _focus_area_hit(area) -> Hit:
    texts = [area.description, *(update.text for update in area.updates.all())]
    return Hit(
        title=area.title,
        url=area.get_absolute_url(),
        text=" ".join(text for text in texts if text),
        process=area.process,
        detail=_("Responsible: %(who)s") % {"who": area.responsible} if area.responsible else "",
    )


def _same(hit: Hit) -> Hit:
    return hit


def register():
    search_sources.register(
        SearchSource(
            key="goals",
            label=gettext_lazy("Goals and activities"),
            order=40,
            find=find_goals,
            hit=_same,
        )
    )
    search_sources.register(
        SearchSource(
            key="focus_areas",
            label=gettext_lazy("Focus areas"),
            order=50,
            find=find_focus_areas,
            hit=_focus_area_hit,
            prepare=_prepare_focus_areas,
        )
    )
