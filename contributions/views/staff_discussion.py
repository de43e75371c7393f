"""The officials' moderation queue of the discussion: comments waiting for approval, comments and
contributions readers reported (with their reasons and the learned spam score), in bulk:
approve, hide with a reason, show again, dismiss the reports. Also the process's choice of pre-
or post-moderation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from ..forms_discussion import DiscussionSettingsForm, QueueAction
from ..models import Contribution, DiscussionSettings, ModerationAction, ModerationState
from ..selectors import discussion as selectors
from ..services import comment_moderation as moderation
from ..services import discussion as services
from ..services import handling
from ..services.submission import contribution_reports_review


def _act_on_contributions(process, ids, action, reason, by) -> int:
    changed = 0
    for contribution in Contribution.objects.for_process(process).filter(pk__in=ids):
        if action == QueueAction.HIDE:
            # Also when readers' reports hid it: the official's own reason is kept with it.
            handling.contribution_moderate(
                contribution=contribution, action=ModerationAction.HIDDEN, by=by, reason=reason
            )
        elif (
            action in (QueueAction.RESTORE, QueueAction.APPROVE)
            and contribution.moderation_state != ModerationState.PUBLISHED
        ):
            handling.contribution_moderate(
                contribution=contribution, action=ModerationAction.PUBLISHED, by=by
            )
        contribution_reports_review(contribution=contribution)
        changed += 1
    return changed


def _act(process, form, by) -> int:
    action = form.cleaned_data["action"]
    reason = (form.cleaned_data.get("reason") or "").strip()
    comment_ids = form.cleaned_data.get("comments") or []
    n = 0
    if comment_ids:
        if action == QueueAction.APPROVE:
            n += moderation.comments_approve(process=process, comment_ids=comment_ids, by=by)
        elif action == QueueAction.HIDE:
            n += moderation.comments_hide(
                process=process, comment_ids=comment_ids, by=by, reason=reason
            )
        elif action == QueueAction.RESTORE:
            n += moderation.comments_restore(process=process, comment_ids=comment_ids, by=by)
        else:
            n += moderation.comments_dismiss_reports(
                process=process, comment_ids=comment_ids, by=by
            )
    if form.cleaned_data.get("contributions"):
        n += _act_on_contributions(process, form.cleaned_data["contributions"], action, reason, by)
    return n


@permission_required("contributions.moderate_discussion", process_by_slug)
def queue(request, process, slug):
    show = "hidden" if request.GET.get("visa") == "dolda" else "open"
    form = QueueAction(request.POST if "action" in request.POST else None)
    settings_row = DiscussionSettings.objects.filter(process=process).first()
    settings_form = DiscussionSettingsForm(
        request.POST if "comment_moderation" in request.POST else None,
        instance=settings_row or DiscussionSettings(process=process),
    )
    status = 200
    if request.method == "POST":
        if settings_form.is_bound:
            if settings_form.is_valid():
                services.discussion_settings_set(
                    process=process,
                    comment_moderation=settings_form.cleaned_data["comment_moderation"],
                )
                messages.success(request, _("The choice of moderation is saved."))
                return redirect(request.get_full_path())
            status = 400
        elif form.is_valid():
            try:
                n = _act(process, form, request.user)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    ngettext("%(n)d item was handled.", "%(n)d items were handled.", n) % {"n": n},
                )
                return redirect(request.get_full_path())
        else:
            status = 400
    context = {
        "process": process,
        "queue": selectors.moderation_queue(process=process, show=show),
        "show": show,
        "form": form,
        "settings_form": settings_form,
    }
    return render(request, "contributions/staff/moderation.html", context, status=status)
