"""Officials acting on many contributions at once, and on one contribution's themes and files.

Bulk actions take the ticked rows, or every contribution the inbox's filter matches; the latter
is confirmed first by a question that names the number. With htmx the ticked rows are redrawn
in place (unticked) with a note of what was done; an action on all matches reloads the inbox.
Without JavaScript every step is an ordinary form and redirect.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from visionsprocess.permissions import permission_required, process_by_slug

from .. import counting
from ..forms_staff import BulkAction, BulkActionForm, ChildrenFlagsForm, ThemeToggleForm
from ..models import Attachment, Contribution
from ..selectors import staff as selectors
from ..services import bulk as bulk_services
from ..services import handling as services
from .staff import (
    contribution_lookup,
    decorate_rows,
    filter_params,
    inbox_filter,
    render_rows,
    themes_partial_context,
)

ACTION_PERMISSIONS = {
    BulkAction.PUBLISH: "contributions.moderate_contribution",
    BulkAction.KEEP_INTERNAL: "contributions.moderate_contribution",
    BulkAction.HIDE: "contributions.moderate_contribution",
    BulkAction.TAG: "contributions.tag_contribution",
    BulkAction.UNTAG: "contributions.tag_contribution",
}


def _numbers(ids: list[int], total: int) -> str:
    text = ", ".join(f"#{pk}" for pk in ids)
    if total > len(ids):
        text += " " + _("and %(n)d more") % {"n": total - len(ids)}
    return text


def result_text(action: str, result: bulk_services.BulkResult, theme=None) -> str:
    """What was done, in a sentence or three an official reads at a glance."""
    n = result.changed
    if action == BulkAction.PUBLISH:
        parts = [
            ngettext("%(n)d contribution was published.", "%(n)d contributions were published.", n)
        ]
    elif action == BulkAction.KEEP_INTERNAL:
        parts = [ngettext("%(n)d contribution is now kept internal.", "%(n)d contributions are now kept internal.", n)]  # fmt: skip
    elif action == BulkAction.HIDE:
        parts = [ngettext("%(n)d contribution was withdrawn from the web.", "%(n)d contributions were withdrawn from the web.", n)]  # fmt: skip
    elif action == BulkAction.TAG:
        parts = [ngettext("Theme “%(theme)s” added to %(n)d contribution.", "Theme “%(theme)s” added to %(n)d contributions.", n)]  # fmt: skip
    else:
        parts = [ngettext("Theme “%(theme)s” removed from %(n)d contribution.", "Theme “%(theme)s” removed from %(n)d contributions.", n)]  # fmt: skip
    parts = [parts[0] % {"n": n, "theme": theme}]
    if result.unchanged:
        parts.append(
            ngettext("%(n)d already was so.", "%(n)d already were so.", result.unchanged)
            % {"n": result.unchanged}
        )
    reasons = {
        "no_consent": lambda k: ngettext(
            "%(n)d was not published: the sender did not consent to publishing (%(numbers)s).",
            "%(n)d were not published: the senders did not consent to publishing (%(numbers)s).",
            k,
        ),
        "children": lambda k: ngettext(
            "%(n)d was not published: a picture or film shows children and the guardians' "
            "consent is missing (%(numbers)s).",
            "%(n)d were not published: a picture or film shows children and the guardians' "
            "consent is missing (%(numbers)s).",
            k,
        ),
    }
    for reason, count in result.refused_counts.items():
        parts.append(
            reasons[reason](count)
            % {"n": count, "numbers": _numbers(result.refused[reason], count)}
        )
    return " ".join(parts)


def _targets(process, form):
    """The contributions the action is for, and (for all matches) how many and the filter."""
    if form.cleaned_data["scope"] == "all":
        data = QueryDict(form.cleaned_data.get("filter") or "", mutable=False)
        inbox = inbox_filter(process, data)
        if inbox.is_bound and not inbox.form.is_valid():
            # An invalid filter value would be left out and select more than the page showed.
            raise ValidationError(_("The filter has an error; correct it before acting on all."))
        queryset = inbox.qs if inbox.is_bound else inbox.queryset
        count = counting.cached_count(queryset, process=process, params=filter_params(data))
        return queryset, count, data
    ids = form.cleaned_data["ids"]
    return Contribution.objects.filter(process=process, pk__in=ids), len(ids), None


def _inbox_url(slug, data) -> str:
    url = reverse("contributions:staff_inbox", kwargs={"slug": slug})
    query = data.urlencode() if data else ""
    return f"{url}?{query}" if query else url


def _answer(request, process, *, note, error=False, ids=(), redirect_to=None, nothing=False):
    """``nothing``: the action changed no contribution, which is no success to show in green."""
    level = messages.error if error else messages.warning if nothing else messages.success
    if not request.htmx:
        level(request, note)
        return redirect(redirect_to or _inbox_url(process.slug, None))
    if redirect_to:
        level(request, note)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to
        return response
    rows = selectors.contribution_rows(process=process, ids=ids).order_by("-created", "-pk")
    context = {
        "process": process,
        "rows_html": render_rows(process, decorate_rows(rows), can_tag=True, oob=True)
        if ids
        else "",
        "note": note,
        "note_error": error,
        "note_warning": nothing,
        "clear_selection": not error,
    }
    # htmx swaps only 2xx answers by default: errors come back as 200 with the message shown.
    return render(request, "contributions/staff/includes/inbox_rows.html", context)


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def bulk_action(request, process, slug):
    themes = selectors.theme_list(process=process)
    form = BulkActionForm(request.POST, themes=themes)
    back = request.POST.get("filter", "")
    back_url = _inbox_url(slug, QueryDict(back)) if back else None
    if not form.is_valid():
        note = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _answer(
            request, process, note=note, error=True, redirect_to=None if request.htmx else back_url
        )
    action = form.cleaned_data["action"]
    if not request.user.has_perm(ACTION_PERMISSIONS[action], process):
        return HttpResponse(status=403)
    try:
        targets, count, data = _targets(process, form)
    except ValidationError as error:
        return _answer(request, process, note=" ".join(error.messages), error=True,
                       redirect_to=None if request.htmx else back_url)  # fmt: skip
    all_matches = data is not None
    if all_matches and form.cleaned_data.get("confirm_count") != count:
        context = {
            "process": process,
            "form": form,
            "count": count,
            "changed_since": form.cleaned_data.get("confirm_count") is not None,
            "action_label": dict(form.fields["action"].choices)[action],
            "theme": next((t for t in themes if t.pk == form.cleaned_data.get("theme")), None),
            "back_url": back_url or _inbox_url(slug, None),
        }
        template = (
            "contributions/staff/includes/bulk_confirm.html"
            if request.htmx
            else "contributions/staff/bulk_confirm.html"
        )
        return render(request, template, context)
    theme = next((t for t in themes if t.pk == form.cleaned_data.get("theme")), None)
    try:
        if action in BulkAction.MODERATION:
            result = bulk_services.contributions_moderate_bulk(
                process=process,
                targets=targets,
                action=action,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        else:
            result = bulk_services.contributions_tag_bulk(
                process=process,
                targets=targets,
                theme=theme,
                by=request.user,
                add=action == BulkAction.TAG,
            )
    except ValidationError as error:
        return _answer(request, process, note=" ".join(error.messages), error=True,
                       redirect_to=back_url if all_matches or not request.htmx else None)  # fmt: skip
    note = result_text(action, result, theme)
    nothing = result.changed == 0
    if all_matches:
        return _answer(request, process, note=note, redirect_to=back_url, nothing=nothing)
    return _answer(
        request,
        process,
        note=note,
        nothing=nothing,
        ids=form.cleaned_data["ids"],
        redirect_to=None if request.htmx else back_url,
    )


# --- One contribution: themes and files ---------------------------------------------------------


@require_POST
@permission_required("contributions.tag_contribution", contribution_lookup)
def contribution_themes(request, contribution, slug, pk):
    process = contribution.process
    themes = selectors.theme_list(process=process)
    form = ThemeToggleForm(request.POST, themes=themes)
    error = ""
    if form.is_valid():
        theme = next(t for t in themes if t.pk == form.cleaned_data["theme"])
        add = form.cleaned_data["operation"] == "add"
        try:
            services.contributions_tag(
                process=process, contribution_ids=[contribution.pk], theme=theme,
                by=request.user, add=add,
            )  # fmt: skip
            note = (_("Theme “%(theme)s” added.") if add else _("Theme “%(theme)s” removed.")) % {
                "theme": theme
            }
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a theme.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, note)
        return redirect("contributions:staff_contribution", slug=slug, pk=pk)
    detail = selectors.contribution_detail(process=process, pk=pk)
    context = {
        "process": process,
        "contribution": detail,
        **themes_partial_context(request, process, detail),
        "note": error or note,
        "note_error": bool(error),
    }
    return render(request, "contributions/staff/includes/contribution_themes.html", context)


def attachment_lookup(request, slug, pk, attachment_id, **kwargs):
    return get_object_or_404(
        Attachment.objects.select_related("contribution__process__municipality"),
        pk=attachment_id,
        contribution_id=pk,
        contribution__process__slug=slug,
    )


@require_POST
@permission_required("contributions.moderate_contribution", attachment_lookup)
def attachment_children(request, attachment, slug, pk, attachment_id):
    form = ChildrenFlagsForm(request.POST)
    form.is_valid()  # two check boxes: always valid
    try:
        services.attachment_children_set(
            attachment=attachment,
            shows_children=form.cleaned_data.get("shows_children", False),
            guardian_consent=form.cleaned_data.get("guardian_consent", False),
            by=request.user,
        )
        messages.success(
            request,
            _("Saved what %(file)s shows.") % {"file": services.attachment_label(attachment)},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    url = reverse("contributions:staff_contribution", kwargs={"slug": slug, "pk": pk})
    return redirect(f"{url}#file-{attachment.pk}")
