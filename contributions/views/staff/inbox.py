"""The inbox: list, a contribution's detail, moderation, feedback and theme suggestions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from ... import counting, paging
from ...analysis import near_duplicates, suggestions
from ...filters import PAGE_SIZES, InboxFilter
from ...forms_staff import (
    BulkActionForm,
    FeedbackForm,
    ModerationForm,
)
from ...models import Theme
from ...selectors import staff as selectors
from ...services import handling as services
from .common import _error_text, contribution_lookup, decorate_rows, render_rows

# --- Inbox ------------------------------------------------------------------------------------


# Parameters that change the order or the page but never which contributions match.
NOT_COUNTED = {"page", "cursor", "per_page", "sort"}


def inbox_filter(process, data, themes=None) -> InboxFilter:
    """The inbox's filter over ``data`` (the page's query, or the one a bulk action or an
    export was given), so that they all select exactly what the page shows."""
    return InboxFilter(
        data or None,
        queryset=selectors.contribution_inbox_rows(process=process),
        themes=selectors.theme_list(process=process) if themes is None else themes,
        choices=selectors.filter_choices(process=process),
    )


def filter_params(data) -> list[tuple[str, list[str]]]:
    """The parameters that decide which contributions match (the key of a cached count)."""
    return [(k, v) for k, v in data.lists() if k not in NOT_COUNTED]


def _inbox_context(request, process):
    themes = selectors.theme_list(process=process)
    inbox = inbox_filter(process, request.GET, themes)
    try:
        per_page = int(request.GET.get("per_page", 50))
    except ValueError:
        per_page = 50
    per_page = per_page if per_page in PAGE_SIZES else 50
    queryset = inbox.qs if inbox.is_bound else inbox.qs.order_by("-created", "-pk")
    count = counting.cached_count(queryset, process=process, params=filter_params(request.GET))
    # The valid fields of the query, as the filter applied them (an invalid field is left out).
    cleaned = inbox.form.cleaned_data if inbox.is_bound and inbox.form.errors is not None else {}
    searched = bool(cleaned.get("q"))
    # The count is known before the page is fetched: it chooses the plan (see search_filter).
    broad = searched and count >= selectors.BROAD_SEARCH_MATCHES
    if broad:
        queryset = inbox.broad_search_queryset()
    page = paging.inbox_page(
        queryset,
        count=count,
        per_page=per_page,
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
        sort=cleaned.get("sort") or "",
        rows=selectors.as_row_values,
        unindexed=searched and not broad and selectors.is_postgres(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("cursor", None)
    query_string = query.urlencode()
    for name in ("previous", "next"):
        link = getattr(page, f"{name}_query")
        setattr(page, f"{name}_url", f"?{query_string}&{link}" if query_string else f"?{link}")
    filter_query = request.GET.copy()
    for name in NOT_COUNTED - {"sort"}:
        filter_query.pop(name, None)
    can_tag = request.user.has_perm("contributions.tag_contribution", process)
    contributions = page.object_list = decorate_rows(page.object_list)
    rows_html = render_rows(process, contributions, can_tag=can_tag)
    filter_fields_html = SafeString(
        render_to_string(
            "contributions/staff/inbox_filter_fields.html",
            {"fields": list(inbox.form)},
            using="jinja2",
        )
    )
    return {
        "process": process,
        "filter_fields_html": filter_fields_html,
        "page_obj": page,
        "contributions": contributions,
        "rows_html": rows_html,
        "themes": themes,
        "query_string": query_string,
        "filter_query": filter_query.urlencode(),
        "filtered": bool(filter_params(request.GET)),
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "can_tag": can_tag,
        "can_moderate": request.user.has_perm("contributions.moderate_contribution", process),
        "bulk_actions": BulkActionForm(themes=themes).fields["action"].choices,
    }


@permission_required("contributions.view_inbox", process_by_slug)
def inbox(request, process, slug):
    return render(request, "contributions/staff/inbox.html", _inbox_context(request, process))


@permission_required("contributions.view_inbox", contribution_lookup)
def contribution_detail(request, contribution, slug, pk):
    process = contribution.process
    if request.user.has_perm("contributions.moderate_contribution", contribution):
        services.contribution_mark_read(contribution=contribution)
    contribution = selectors.contribution_detail(process=process, pk=pk)
    return render(
        request,
        "contributions/staff/contribution_detail.html",
        _detail_context(request, process, contribution),
    )


def themes_partial_context(request, process, contribution) -> dict:
    """What the themes section of a contribution shows: its themes and, for those who tag,
    the suggested ones (computed live by the process's model; nothing is changed by them)."""
    can_tag = request.user.has_perm("contributions.tag_contribution", process)
    return {
        "can_tag": can_tag,
        "themes": selectors.theme_list(process=process),
        "suggestions": suggestions.for_contribution(contribution) if can_tag else None,
    }


def _similar_context(request, process, contribution) -> dict:
    """Those most alike in wording, and the contribution's group (for those who tag)."""
    if not request.user.has_perm("contributions.tag_contribution", process):
        return {}
    index = near_duplicates.current_index(process)  # read once for the page
    return {
        "similar": near_duplicates.similar_to(contribution, index=index),
        "similar_ready": index is not None,
        "near_group": near_duplicates.group_of(contribution),
    }


def _detail_context(request, process, contribution, moderation_form=None, feedback_form=None):
    return {
        **_similar_context(request, process, contribution),
        "process": process,
        "contribution": contribution,
        "moderation_form": moderation_form or ModerationForm(),
        "feedback_form": feedback_form or FeedbackForm(),
        "can_moderate": request.user.has_perm("contributions.moderate_contribution", process),
        "can_feedback": request.user.has_perm("contributions.give_feedback", process),
        "can_see_email": request.user.has_perm("contributions.view_contributor_email", process),
        **themes_partial_context(request, process, contribution),
        "children_blocking": [
            a for a in contribution.attachments.all() if a.needs_guardian_consent
        ],
    }


@require_POST
@permission_required("contributions.moderate_contribution", contribution_lookup)
def contribution_moderate(request, contribution, slug, pk):
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_moderate(
                contribution=contribution,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("The moderation was saved."))
            return redirect("contributions:staff_contribution", slug=slug, pk=pk)
        except ValidationError as error:
            add_service_errors(form, error)
    process = contribution.process
    detail = selectors.contribution_detail(process=process, pk=pk)
    return render(
        request,
        "contributions/staff/contribution_detail.html",
        _detail_context(request, process, detail, moderation_form=form),
        status=400,
    )


@require_POST
@permission_required("contributions.give_feedback", contribution_lookup)
def contribution_feedback(request, contribution, slug, pk):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_give(
                contribution=contribution, text=form.cleaned_data["text"], by=request.user
            )
            messages.success(request, _("The feedback was published."))
            return redirect("contributions:staff_contribution", slug=slug, pk=pk)
        except ValidationError as error:
            add_service_errors(form, error)
    process = contribution.process
    detail = selectors.contribution_detail(process=process, pk=pk)
    return render(
        request,
        "contributions/staff/contribution_detail.html",
        _detail_context(request, process, detail, feedback_form=form),
        status=400,
    )


@permission_required("contributions.tag_contribution", process_by_slug)
def suggestions_page(request, process, slug):
    """Learned suggestions for the newest untagged contributions, and the keywords' matches."""
    found = {c.pk: (c, list(themes)) for c, themes in suggestions.stored(process=process)}
    for contribution, themes in selectors.theme_suggestions(process=process):
        _c, listed = found.setdefault(contribution.pk, (contribution, []))
        listed.extend(t for t in themes if t not in listed)
    rows = sorted(found.values(), key=lambda row: (row[0].created, row[0].pk), reverse=True)
    context = {
        "process": process,
        "suggestions": rows[:25],
        "has_model": suggestions.has_model(process),
    }
    return render(request, "contributions/staff/suggestions.html", context)


@require_POST
@permission_required("contributions.tag_contribution", contribution_lookup)
def suggestion_decide(request, contribution, slug, pk, theme_id):
    theme = get_object_or_404(Theme, pk=theme_id, process=contribution.process)
    accept = request.POST.get("decision") == "accept"
    error = ""
    try:
        services.theme_suggestion_decide(
            contribution=contribution, theme=theme, accept=accept, by=request.user
        )
        note = (_("Theme “%(theme)s” added.") if accept else _("Suggestion rejected.")) % {
            "theme": theme
        }
    except ValidationError as exc:
        error = note = _error_text(exc)
    on_contribution = request.POST.get("next") == "contribution"
    if on_contribution and request.htmx:
        process = contribution.process
        detail = selectors.contribution_detail(process=process, pk=pk)
        context = {
            "process": process,
            "contribution": detail,
            **themes_partial_context(request, process, detail),
            "note": note,
            "note_error": bool(error),
        }
        return render(request, "contributions/staff/includes/contribution_themes.html", context)
    (messages.error if error else messages.success)(request, note)
    if on_contribution:
        return redirect("contributions:staff_contribution", slug=slug, pk=pk)
    return redirect("contributions:staff_suggestions", slug=slug)
