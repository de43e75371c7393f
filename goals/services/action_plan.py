"""Writes of the yearly action plan and its versions."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.model_update import model_assign

from ..models import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
)

# --- Action plan ------------------------------------------------------------------------------


def _check_editable(version: ActionPlanVersion) -> None:
    if version.superseded_at is not None:
        raise ValidationError(
            _("This version of the action plan has been superseded and can no longer be changed.")
        )


@transaction.atomic
def action_plan_version_create(*, process, year: int, note: str = "") -> ActionPlanVersion:
    """Start a new yearly revision as a copy of the latest one (unpublished until published)."""
    plan, _created = ActionPlan.objects.get_or_create(process=process)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.versions.filter(published=False).exists():
        raise ValidationError(
            _("There is already an unpublished version; publish or finish it first.")
        )
    latest = plan.versions.order_by("-revision").first()
    if latest is not None and year < latest.year:
        raise ValidationError(
            {
                "year": _("The year cannot be earlier than the latest version (%(year)s).")
                % {"year": latest.year}
            }
        )
    version = ActionPlanVersion(
        plan=plan, year=year, revision=(latest.revision + 1) if latest else 1, note=note
    )
    version.full_clean()
    version.save()
    if latest is not None:
        for item in latest.items.prefetch_related("themes", "contributions"):
            copy = ActionPlanItem.objects.create(
                version=version,
                order=item.order,
                activity=item.activity,
                description=item.description,
                goal_id=item.goal_id,
                responsible_id=item.responsible_id,
                when=item.when,
                status=item.status,
                follow_up=item.follow_up,
                origin=item,
            )
            copy.themes.set(item.themes.all())
            copy.contributions.set(item.contributions.all())
    changes.record(process=process)
    return version


@transaction.atomic
def action_plan_version_publish(*, version: ActionPlanVersion) -> ActionPlanVersion:
    version = ActionPlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.published:
        raise ValidationError(_("This version is already published."))
    now = timezone.now()
    ActionPlanVersion.objects.filter(
        plan_id=version.plan_id, published=True, superseded_at__isnull=True
    ).update(superseded_at=now, modified=now)
    version.published = True
    version.published_at = now
    version.save(update_fields=["published", "published_at", "modified"])
    from ..notices import action_plan_published

    action_plan_published(version=version)
    changes.record(process=version.plan.process_id)
    return version


@transaction.atomic
def action_plan_version_update(
    *, version: ActionPlanVersion, year: int, note: str
) -> ActionPlanVersion:
    version = ActionPlanVersion.objects.select_for_update().get(pk=version.pk)
    _check_editable(version)
    version.year = year
    version.note = note
    version.full_clean()
    version.save()
    changes.record(process=version.plan.process_id)
    return version


ITEM_FIELDS = ("activity", "description", "goal", "responsible", "when", "status", "follow_up")


@transaction.atomic
def action_plan_item_save(
    *,
    version: ActionPlanVersion,
    item: ActionPlanItem | None = None,
    themes: Iterable = (),
    contributions: Iterable = (),
    **fields,
) -> ActionPlanItem:
    version = (
        ActionPlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    )
    _check_editable(version)
    process_id = version.plan.process_id
    goal = fields.get("goal")
    if goal is not None and goal.process_id != process_id:
        raise ValidationError({"goal": _("Choose a council goal of this process.")})
    themes, contributions = list(themes), list(contributions)
    if any(t.process_id != process_id for t in themes) or any(
        c.process_id != process_id for c in contributions
    ):
        raise ValidationError(_("Themes and contributions must belong to this process."))
    item = item or ActionPlanItem(version=version)
    if item.version_id != version.pk:
        raise ValidationError(_("This activity belongs to another version."))
    model_assign(instance=item, fields=ITEM_FIELDS, data=fields)
    if item.order == 0 and item.pk is None:
        last = version.items.aggregate(m=Max("order"))["m"]
        item.order = 0 if last is None else last + 1
    item.full_clean()
    item.save()
    item.themes.set(themes)
    item.contributions.set(contributions)
    changes.record(process=process_id)
    return item
