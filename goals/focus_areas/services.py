"""Writes of focus areas. Keyword-only, atomic, validated before saving."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.notices import focus_area_updated
from visionsprocess import changes
from visionsprocess.model_update import model_assign

from .models import FocusArea, FocusAreaStatus, FocusAreaUpdate

FOCUS_AREA_FIELDS = (
    "title",
    "description",
    "responsible_name",
    "responsible_role",
    "responsible_organisation",
    "order",
    "is_published",
)


def _check_origin(process, themes, contributions) -> None:
    if any(theme.process_id != process.pk for theme in themes):
        raise ValidationError({"themes": _("Choose themes of this process.")})
    if any(contribution.process_id != process.pk for contribution in contributions):
        raise ValidationError({"contributions": _("Choose contributions to this process.")})


@transaction.atomic
def focus_area_save(
    *, process, data: dict, themes=(), contributions=(), focus_area: FocusArea | None = None
) -> FocusArea:
    """Create or change a focus area with the themes and contributions it grew from."""
    themes, contributions = list(themes or ()), list(contributions or ())
    focus_area = focus_area or FocusArea(process=process)
    if focus_area.process_id != process.pk:
        raise ValidationError(_("The focus area belongs to another process."))
    model_assign(instance=focus_area, fields=FOCUS_AREA_FIELDS, data=data, strip=True)
    _check_origin(process, themes, contributions)
    taken = FocusArea.objects.filter(process=process, title=focus_area.title)
    if taken.exclude(pk=focus_area.pk).exists():
        raise ValidationError({"title": _("The process already has a focus area with that title.")})
    focus_area.full_clean()
    try:
        with transaction.atomic():
            focus_area.save()
    except IntegrityError:  # the same title saved a moment ago by someone else
        raise ValidationError(
            {"title": _("The process already has a focus area with that title.")}
        ) from None
    focus_area.themes.set(themes)
    focus_area.contributions.set(contributions)
    changes.record(process=process)
    return focus_area


@transaction.atomic
def focus_area_update_add(
    *, focus_area: FocusArea, status: str, text: str, date=None, author=None
) -> FocusAreaUpdate:
    """Add a public status update to a focus area."""
    if status not in FocusAreaStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("A status update cannot be dated in the future.")})
    update = FocusAreaUpdate(
        focus_area=focus_area,
        status=status,
        text=(text or "").strip(),
        date=date,
        author=author if getattr(author, "is_authenticated", False) else None,
    )
    update.full_clean()
    update.save()
    FocusArea.objects.filter(pk=focus_area.pk).update(modified=timezone.now())
    focus_area_updated(update=update)
    changes.record(process=focus_area.process_id)
    return update
