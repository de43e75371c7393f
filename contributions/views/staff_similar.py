"""Officials making sense of many contributions: those that say the same thing (the proposals of
the similarity index, and the groups they confirm, ``analysis.near_duplicates``), and themes no
one has named yet (``analysis.found_themes``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from visionsprocess.permissions import permission_required, process_by_slug

from ..analysis import found_themes, near_duplicates
from ..models import Contribution, FoundTheme, NearDuplicateGroup, Theme, ThemeDiscovery
from ..selectors import staff as selectors
from ..services import bulk as bulk_services
from .staff import contribution_lookup


class OtherForm(forms.Form):
    other = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class GroupThemeForm(forms.Form):
    theme = forms.IntegerField(min_value=1, max_value=2**31 - 1)


def _back(request, contribution=None):
    if contribution is not None and request.POST.get("next") == "contribution":
        url = reverse(
            "contributions:staff_contribution", args=[contribution.process.slug, contribution.pk]
        )
        return redirect(url + "#similar")
    process = contribution.process if contribution is not None else None
    return redirect(reverse("contributions:staff_near_duplicates", args=[process.slug]))


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@permission_required("contributions.tag_contribution", process_by_slug)
def near_duplicates_page(request, process, slug):
    groups = list(near_duplicates.groups_of_process(process))
    context = {
        "process": process,
        "groups": groups,
        "voices": sum(g.size for g in groups),
        "copies": near_duplicates.near_copies(process),
        "index": near_duplicates.index_state(process),
        "themes": selectors.theme_list(process=process),
    }
    return render(request, "contributions/staff/near_duplicates.html", context)


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def similarity_build(request, process, slug):
    if near_duplicates.schedule_build(process_id=process.pk):
        messages.success(
            request,
            _(
                "The search for similar contributions has started. It takes a moment with many contributions."
            ),
        )
    else:
        messages.info(request, _("A search for similar contributions is already on its way."))
    return redirect(reverse("contributions:staff_near_duplicates", args=[process.slug]))


@require_POST
@permission_required("contributions.tag_contribution", contribution_lookup)
def near_duplicate_join(request, contribution, slug, pk):
    form = OtherForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a contribution of this process."))
        return _back(request, contribution)
    other = get_object_or_404(
        Contribution, pk=form.cleaned_data["other"], process=contribution.process
    )
    try:
        group = near_duplicates.join(contribution=contribution, other=other, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        size = group.members.count()
        messages.success(
            request,
            ngettext(
                "#%(a)d and #%(b)d are now in a group of %(n)d contribution that say the same thing.",
                "#%(a)d and #%(b)d are now in a group of %(n)d contributions that say the same thing.",
                size,
            )
            % {"a": contribution.pk, "b": other.pk, "n": size},
        )
    return _back(request, contribution)


@require_POST
@permission_required("contributions.tag_contribution", contribution_lookup)
def near_duplicate_leave(request, contribution, slug, pk):
    try:
        near_duplicates.leave(contribution=contribution, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("#%(n)d was taken out of its group.") % {"n": contribution.pk})
    return _back(request, contribution)


@require_POST
@permission_required("contributions.tag_contribution", contribution_lookup)
def near_duplicate_representative(request, contribution, slug, pk):
    try:
        near_duplicates.make_representative(contribution=contribution, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("#%(n)d is now shown for its group.") % {"n": contribution.pk})
    return _back(request, contribution)


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def near_duplicate_group_tag(request, process, slug, group):
    group = get_object_or_404(NearDuplicateGroup, pk=group, process=process)
    form = GroupThemeForm(request.POST)
    theme = None
    if form.is_valid():
        theme = Theme.objects.filter(pk=form.cleaned_data["theme"], process=process).first()
    if theme is None:
        messages.error(request, _("Choose one of the process's themes."))
        return redirect(reverse("contributions:staff_near_duplicates", args=[process.slug]))
    targets = Contribution.objects.filter(near_duplicate__group=group)
    try:
        result = bulk_services.contributions_tag_bulk(
            process=process, targets=targets, theme=theme, by=request.user
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "Theme “%(theme)s” added to %(n)d contribution.",
                "Theme “%(theme)s” added to %(n)d contributions.",
                result.changed,
            )
            % {"theme": theme, "n": result.changed},
        )
    return redirect(
        reverse("contributions:staff_near_duplicates", args=[process.slug]) + f"#g-{group.pk}"
    )


# --- Themes no one has named yet ----------------------------------------------------------------


class AdoptForm(forms.Form):
    name = forms.CharField(max_length=120, strip=True)


def _found_page(process):
    return redirect(reverse("contributions:staff_found_themes", args=[process.slug]))


@permission_required("contributions.tag_contribution", process_by_slug)
def found_themes_page(request, process, slug):
    discovery = ThemeDiscovery.objects.filter(process=process).first()
    context = {
        "process": process,
        "discovery": discovery,
        "groups": found_themes.open_groups(process),
        "decided": found_themes.decided_groups(process),
    }
    return render(request, "contributions/staff/found_themes.html", context)


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def found_themes_search(request, process, slug):
    if found_themes.schedule(process_id=process.pk):
        messages.success(request, _("The search for unnamed themes has started."))
    else:
        messages.info(request, _("A search for unnamed themes is already on its way."))
    return _found_page(process)


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def found_theme_decide(request, process, slug, group):
    try:
        if request.POST.get("decision") == "adopt":
            form = AdoptForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the theme a name of at most 120 characters."))
            theme = found_themes.adopt(
                process=process, group_id=group, name=form.cleaned_data["name"], by=request.user
            )
            messages.success(
                request,
                _(
                    "“%(theme)s” is a theme now. Its contributions are suggested it: accept or "
                    "reject on the page of suggested themes or in the inbox."
                )
                % {"theme": theme},
            )
        else:
            found_themes.discard(process=process, group_id=group, by=request.user)
            messages.success(request, _("The group was put aside."))
    except FoundTheme.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _error(request, exc)
    return _found_page(process)
