"""The officials' pages of budget frames, governing documents and the action plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from .. import selectors, services
from ..forms import (
    ActionPlanItemForm,
    ActionPlanVersionForm,
    BudgetFrameForm,
    GoverningDocumentForm,
)
from ..models import (
    ActionPlanItem,
    BudgetFrame,
    GoverningDocument,
)
from .base import EDIT, STAFF, document_by_pk, frame_by_pk, item_by_pk, version_by_pk
from .staff import _form_page, _overview

# --- Staff: budget ----------------------------------------------------------------------------


def _budget_context(request, process) -> dict:
    years = selectors.budget_years(process=process)
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else None
    except ValueError:
        year = None
    if year not in years:
        year = None
    return {
        "process": process,
        "years": years,
        "year": year,
        "summary": selectors.budget_summary(process=process, year=year),
        "frames": selectors.budget_frames(process=process),
    }


@permission_required("goals.view_budget", process_by_slug)
def budget_public(request, process, slug):
    """The budget per council goal for anyone who may read the process (the frames and what
    they serve; the staff page's editing stays there)."""
    return render(request, "goals/budget.html", _budget_context(request, process))


@permission_required(STAFF, process_by_slug)
def budget(request, process, slug):
    context = _budget_context(request, process)
    context["can_edit"] = request.user.has_perm(EDIT, process)
    return render(request, "goals/staff/budget.html", context)


def _budget_form(request, process, frame):
    form = BudgetFrameForm(
        request.POST or None, instance=frame or BudgetFrame(process=process), process=process
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_frame_save(process=process, frame=frame, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The budget frame was saved."))
            return redirect("goals:budget", slug=process.slug)
    title = _("Edit budget frame") if frame else _("New budget frame")
    back = redirect("goals:budget", slug=process.slug).url
    return _form_page(request, process, form, title=title, back=back)


@permission_required(EDIT, process_by_slug)
def budget_create(request, process, slug):
    return _budget_form(request, process, None)


@permission_required(EDIT, frame_by_pk)
def budget_edit(request, frame, slug, pk):
    return _budget_form(request, frame.process, frame)


# --- Staff: governing documents ---------------------------------------------------------------


def _document_form(request, process, document):
    form = GoverningDocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document or GoverningDocument(process=process),
        process=process,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file") or None
        try:
            services.governing_document_save(
                process=process,
                document=document,
                goals=form.cleaned_data["goals"],
                file=upload,
                remove_file=form.cleaned_data.get("remove_file", False),
                **form.document_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The governing document was saved."))
            return redirect("goals:governing_documents", slug=process.slug)
    title = _("Edit governing document") if document else _("New governing document")
    return _form_page(
        request, process, form, title=title, back=_overview(process).url, extra={"multipart": True}
    )


@permission_required(EDIT, process_by_slug)
def document_create(request, process, slug):
    return _document_form(request, process, None)


@permission_required(EDIT, document_by_pk)
def document_edit(request, document, slug, pk):
    return _document_form(request, document.process, document)


# --- Staff: action plan -----------------------------------------------------------------------


@permission_required(STAFF, process_by_slug)
def action_plan_staff(request, process, slug):
    versions = list(selectors.action_plan_versions(process=process, include_unpublished=True))
    editable = [v for v in versions if not v.is_superseded]
    context = {
        "process": process,
        "versions": versions,
        "editable": [(v, list(selectors.version_items(version=v))) for v in editable],
        "can_edit": request.user.has_perm(EDIT, process),
        "has_draft": any(not v.published for v in versions),
        "revision": selectors.revision_status(process=process),
    }
    return render(request, "goals/staff/action_plan.html", context)


@permission_required(EDIT, process_by_slug)
def action_plan_version_create(request, process, slug):
    form = ActionPlanVersionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_version_create(process=process, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "A new version was made as a copy of the latest one. Publish it when it is ready."
                ),
            )
            return redirect("goals:action_plan_staff", slug=process.slug)
    back = redirect("goals:action_plan_staff", slug=process.slug).url
    return _form_page(request, process, form, title=_("New version of the action plan"), back=back)


@require_POST
@permission_required(EDIT, version_by_pk)
def action_plan_version_publish(request, version, slug, pk):
    try:
        services.action_plan_version_publish(version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The version was published; the previous one is now history."))
    return redirect("goals:action_plan_staff", slug=version.plan.process.slug)


def _item_form(request, version, item):
    process = version.plan.process
    back = redirect("goals:action_plan_staff", slug=process.slug).url
    if version.is_superseded:
        messages.error(
            request,
            _("This version of the action plan has been superseded and can no longer be changed."),
        )
        return redirect(back)
    form = ActionPlanItemForm(
        request.POST or None, instance=item or ActionPlanItem(version=version), process=process
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_item_save(
                version=version,
                item=item,
                themes=form.cleaned_data["themes"],
                contributions=form.cleaned_data["contributions"],
                **form.item_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(back)
    title = _("Edit activity") if item else _("New activity")
    return _form_page(request, process, form, title=title, back=back)


@permission_required(EDIT, version_by_pk)
def action_plan_item_create(request, version, slug, pk):
    return _item_form(request, version, None)


@permission_required(EDIT, item_by_pk)
def action_plan_item_edit(request, item, slug, pk):
    return _item_form(request, item.version, item)
