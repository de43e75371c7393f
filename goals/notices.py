"""What the goals app adds to notices and to "Ni sa – vi gjorde".

When an action-plan version is published, the process's followers hear of it, and everyone who
follows a contribution or theme an activity rests on hears of that activity. On "Ni sa – vi
gjorde" each theme shows the activities of the current action plan that rest on it, with their
council goal and status.
"""

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contributions.models import Contribution
from visionsprocess.notices import NoticeKind, notice_emit, notice_kinds
from visionsprocess.services import absolute_url

from .models import ActionPlanItem, ActionPlanVersion, FocusAreaStatus, ItemStatus

PUBLISHED = "goals.action_plan_published"
ACTIVITY = "goals.activity"
FOCUS_AREA_STATUS = "goals.focus_area_status"


def _status_label(context: dict) -> dict:
    status = context.get("status")
    return {"status_label": ItemStatus(status).label if status in ItemStatus.values else ""}


def _focus_area_status_label(context: dict) -> dict:
    status = context.get("status")
    return {
        "status_label": FocusAreaStatus(status).label if status in FocusAreaStatus.values else ""
    }


def _resting_on(themes: list, contributions) -> list:
    """The targets of a notice about something that rests on ``themes`` and ``contributions``:
    their followers, and the followers of every contribution tagged with one of the themes."""
    return [
        *contributions,
        *themes,
        Contribution.objects.filter(taggings__theme__in=themes) if themes else None,
    ]


def register():
    notice_kinds.register(
        NoticeKind(
            key=PUBLISHED,
            label=_("A new version of the action plan"),
            template="goals/notices/action_plan_published.txt",
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=ACTIVITY,
            label=_("An activity in the action plan rests on it"),
            template="goals/notices/activity.txt",
            render_context=_status_label,
        )
    )
    notice_kinds.register(
        NoticeKind(
            key=FOCUS_AREA_STATUS,
            label=_("A focus area it grew into has news"),
            template="goals/notices/focus_area_status.txt",
            render_context=_focus_area_status_label,
        )
    )
    from contributions.outcome import ThemeOutcomePart, theme_outcome_parts
    from visionsprocess.outcome import outcome_deeds

    outcome_deeds.register("goals.focus_areas", focus_area_deeds, order=20)
    outcome_deeds.register("goals.activities", activity_deeds, order=30)

    theme_outcome_parts.register(
        ThemeOutcomePart(
            key="goals.activities",
            template="goals/includes/outcome_activities.html",
            bulk_context=activities_by_theme,
            order=50,
        )
    )


def action_plan_published(*, version: ActionPlanVersion) -> None:
    process = version.plan.process
    url = absolute_url(
        reverse("goals:action_plan_version", kwargs={"slug": process.slug, "pk": version.pk}),
        municipality=process.municipality_id,
    )
    notice_emit(
        kind=PUBLISHED,
        process=process,
        key=f"{PUBLISHED}:{version.pk}",
        context={"process": process.title, "year": version.year, "note": version.note, "url": url},
        process_followers=True,
    )
    items = (
        ActionPlanItem.objects.filter(version=version)
        .filter(Q(themes__isnull=False) | Q(contributions__isnull=False))
        .select_related("goal")
        .prefetch_related("themes", "contributions")
        .distinct()
    )
    for item in items:
        themes = list(item.themes.all())
        notice_emit(
            kind=ACTIVITY,
            process=process,
            key=f"{ACTIVITY}:{version.pk}:{item.pk}",
            context={
                "process": process.title,
                "year": version.year,
                "activity": item.activity,
                "goal": item.goal.title,
                "status": item.status,
                "themes": [theme.name for theme in themes],
                "url": url,
            },
            targets=_resting_on(themes, item.contributions.all()),
        )


def activities_by_theme(process, themes) -> dict[int, dict]:
    """The current action plan's activities per theme (one query for all themes)."""
    through = ActionPlanItem.themes.through
    rows = (
        through.objects.filter(
            actionplanitem__version__plan__process=process,
            actionplanitem__version__published=True,
            actionplanitem__version__superseded_at__isnull=True,
        )
        .select_related("actionplanitem__goal__process", "actionplanitem__version")
        .order_by("actionplanitem__goal__order", "actionplanitem__order", "actionplanitem_id")
    )
    result: dict[int, list] = defaultdict(list)
    for row in rows:
        result[row.theme_id].append(row.actionplanitem)
    return {theme_id: {"items": items} for theme_id, items in result.items()}


def focus_area_updated(*, update) -> None:
    """A published focus area's status update reaches the process's followers and everyone who
    follows a theme or contribution the focus area grew from (and the contributions of those
    themes). An unpublished focus area tells no one; its updates are read once it is published."""
    area = update.focus_area
    if not area.is_published:
        return
    process = area.process
    themes = list(area.themes.all())
    notice_emit(
        kind=FOCUS_AREA_STATUS,
        process=process,
        key=f"{FOCUS_AREA_STATUS}:{update.pk}",
        context={
            "process": process.title,
            "area": area.title,
            "status": update.status,
            "date": update.date.isoformat(),
            "text": update.text,
            "url": absolute_url(area.get_absolute_url(), municipality=process.municipality_id),
        },
        targets=_resting_on(themes, area.contributions.all()),
        process_followers=True,
    )


def focus_area_deeds(process) -> list:
    """Published focus areas are deeds: each grew from themes and contributions, and has someone
    responsible going forward. Shown under the themes they grew from."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from visionsprocess.outcome import Deed

    from .models import FocusArea

    areas = (
        FocusArea.objects.filter(process=process)
        .published()
        .select_related("process")
        .prefetch_related("themes")
    )
    return [
        Deed(
            kind=_("Focus area"),
            title=area.title,
            date=timezone.localdate(area.created),
            text=area.responsible_name
            and _("Responsible going forward: %(name)s") % {"name": area.responsible_name},
            url=area.get_absolute_url(),
            theme_ids=frozenset(theme.pk for theme in area.themes.all()),
        )
        for area in areas
    ]


def activity_deeds(process) -> list:
    """The activities of the action plan in force (they show under their themes through the
    activities part, so here they carry no themes)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from visionsprocess.outcome import Deed

    items = ActionPlanItem.objects.filter(
        version__plan__process=process, version__published=True, version__superseded_at__isnull=True
    ).select_related("version", "goal__process")
    return [
        Deed(
            kind=_("Activity in the action plan"),
            title=item.activity,
            date=timezone.localdate(item.version.published_at)
            if item.version.published_at
            else None,
            text=f"{item.goal.title} · {item.get_status_display()}",
            url=item.goal.get_absolute_url(),
        )
        for item in items
    ]
