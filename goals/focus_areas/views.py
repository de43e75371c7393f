"""Views of focus areas: the public page of one, and the officials' pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from . import selectors, services
from .forms import FocusAreaForm, FocusAreaUpdateForm
from .models import FocusArea

VIEW = "goals.view_goals"
VIEW_ALL = "goals.view_unpublished"
STAFF = "goals.view_goals_staff"
EDIT = "goals.change_goals"


def focus_area_by_pk(request, slug, pk, **kwargs):
    return get_object_or_404(
        FocusArea.objects.select_related("process", "process__municipality"),
        process__slug=slug,
        pk=pk,
    )


@permission_required(VIEW, focus_area_by_pk)
def focus_area(request, focus_area, slug, pk):
    process = focus_area.process
    can_see_all = request.user.has_perm(VIEW_ALL, process)
    if not focus_area.is_published and not can_see_all:
        raise Http404
    focus_area = selectors.focus_area_detail(process=process, pk=pk, published_only=not can_see_all)
    context = {
        "process": process,
        "focus_area": focus_area,
        "updates": list(focus_area.updates.all()),
        "can_edit": request.user.has_perm(EDIT, process),
    }
    return render(request, "goals/focus_areas/detail.html", context)


@permission_required(STAFF, process_by_slug)
def focus_areas_staff(request, process, slug):
    context = {
        "process": process,
        "focus_areas": selectors.focus_areas(process=process, published_only=False),
        "can_edit": request.user.has_perm(EDIT, process),
    }
    return render(request, "goals/focus_areas/staff_list.html", context)


def _form_page(request, process, focus_area):
    form = FocusAreaForm(request.POST or None, instance=focus_area, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.focus_area_save(
                process=process,
                data=form.service_data(),
                themes=form.cleaned_data["themes"],
                contributions=form.cleaned_data["contributions"],
                focus_area=focus_area,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The focus area “%(title)s” was saved.") % {"title": saved})
            return redirect("goals:focus_areas_staff", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "page_title": focus_area.title if focus_area else _("New focus area"),
        "back": _staff_list_url(process),
        "parent_label": _("Focus areas"),
    }
    return render(request, "goals/focus_areas/form.html", context)


def _staff_list_url(process):
    from django.urls import reverse

    return reverse("goals:focus_areas_staff", args=[process.slug])


@permission_required(EDIT, process_by_slug)
def focus_area_create(request, process, slug):
    return _form_page(request, process, None)


@permission_required(EDIT, focus_area_by_pk)
def focus_area_edit(request, focus_area, slug, pk):
    return _form_page(request, focus_area.process, focus_area)


@permission_required(EDIT, focus_area_by_pk)
def focus_area_update_create(request, focus_area, slug, pk):
    process = focus_area.process
    form = FocusAreaUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_area_update_add(
                focus_area=focus_area, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The status update of “%(title)s” was published.") % {"title": focus_area},
            )
            return redirect("goals:focus_areas_staff", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "focus_area": focus_area,
        "page_title": _("Status update: %(title)s") % {"title": focus_area.title},
        "back": _staff_list_url(process),
        "parent_label": _("Focus areas"),
    }
    return render(request, "goals/focus_areas/form.html", context)
