"""The map of what was said: the officials' page (exact figures, publish or withdraw) and the
public page once published (the small-count rule applied). Filters are validated by a form:
an unknown channel, district or age band is ignored with a note, never an error."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from visionsprocess import changes
from visionsprocess.disclosure import HIDDEN_NOTE
from visionsprocess.models import AgeBand, District
from visionsprocess.permissions import permission_required, process_by_slug

from .. import theme_map
from ..models import Channel, ThemeMapPublication


class MapFilter(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    age_band = forms.ChoiceField(label=gettext_lazy("Age band"), required=False)

    def __init__(self, data, *, process):
        super().__init__(data)
        everyone = [("", _("All"))]
        self.fields["channel"].choices = everyone + list(Channel.choices)
        self.fields["district"].choices = everyone + [
            (str(pk), name)
            for pk, name in District.objects.filter(
                municipality_id=process.municipality_id
            ).values_list("pk", "name")
        ]
        self.fields["age_band"].choices = everyone + list(AgeBand.choices)

    def values(self) -> dict:
        if self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if v}
        return {}


def _context(request, process, *, public: bool) -> dict:
    form = MapFilter(request.GET or None, process=process)
    filters = form.values()
    built = theme_map.build(process, public=public, **filters)
    return {
        "process": process,
        "form": form,
        "filtered": bool(filters),
        "bad_filter": bool(request.GET) and not form.is_valid(),
        "map": built,
        "description": theme_map.describe(built),
        "hidden_note": HIDDEN_NOTE,
        "public": public,
    }


@permission_required("contributions.view_overview", process_by_slug)
def staff_map(request, process, slug):
    context = _context(request, process, public=False)
    context["publication"] = ThemeMapPublication.objects.filter(process=process).first()
    context["can_publish"] = request.user.has_perm("contributions.tag_contribution", process)
    return render(request, "contributions/staff/theme_map.html", context)


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def staff_map_publish(request, process, slug):
    with transaction.atomic():
        if request.POST.get("publish") == "yes":
            ThemeMapPublication.objects.get_or_create(
                process=process, defaults={"published_by": request.user}
            )
            note = _("The map is public now, with the small-count rule applied.")
        else:
            ThemeMapPublication.objects.filter(process=process).delete()
            note = _("The map is no longer public.")
        changes.record(process=process)
    messages.success(request, note)
    return redirect(reverse("contributions:staff_theme_map", args=[process.slug]))


def published_map_process(request, slug, **kwargs):
    """The process, when its map is published (404 otherwise, for everyone: a map not yet
    published does not exist on the public side)."""
    process = process_by_slug(request, slug)
    if not ThemeMapPublication.objects.filter(process=process).exists():
        raise Http404
    return process


@permission_required("visionsprocess.view_process", published_map_process)
def public_map(request, process, slug):
    return render(
        request, "contributions/public/theme_map.html", _context(request, process, public=True)
    )
