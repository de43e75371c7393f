"""Shared by the staff views of contributions: object lookups and the inbox rows' rendering."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dialog.models import Meeting
from visionsprocess.models import AgeBand

from ...models import Contribution, Theme
from ...selectors import staff as selectors


def contribution_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Contribution.objects.select_related("process__municipality").defer("search_vector"),
        pk=pk,
        process__slug=slug,
    )


def theme_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Theme.objects.select_related("process__municipality", "parent"), pk=pk, process__slug=slug
    )


def meeting_lookup(request, slug, meeting_id, **kwargs):
    return get_object_or_404(
        Meeting.objects.select_related("process__municipality"), pk=meeting_id, process__slug=slug
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _choices(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _row_labels() -> dict:

    from ...models import ContributionKind, FeedbackState, ModerationState

    return {
        "kind": _choices(ContributionKind.choices),
        "moderation": _choices(ModerationState.choices),
        "feedback": _choices(FeedbackState.choices),
        "age": _choices(AgeBand.choices),
    }


def decorate_rows(rows) -> list[SimpleNamespace]:
    """The inbox rows as plain records with every shown text ready: labels computed once per
    page instead of a lazy translation and a localised value per cell (a page of 50 rows of
    100,000 stays cheap to build and render)."""
    labels = _row_labels()
    rows = list(rows)
    theme_names = selectors.theme_names_by_contribution([c["id"] for c in rows])
    for c in rows:
        pk, text = c["id"], c["text"]
        c["pk"] = pk
        c["ref"] = str(pk)
        c["kind_label"] = labels["kind"].get(c["kind"], c["kind"])
        c["moderation_label"] = labels["moderation"].get(c["moderation_state"], "")
        c["feedback_label"] = labels["feedback"].get(c["feedback_state"], "")
        c["age_label"] = labels["age"].get(c["age_band"], "")
        c["created_label"] = timezone.localtime(c["created"]).strftime("%Y-%m-%d")
        c["text_short"] = text if len(text) <= 180 else text[:179].rstrip() + "…"
        c["theme_names"] = theme_names.get(pk, [])
    # Attribute access, so Jinja2 finds each value at its first try.
    return [SimpleNamespace(**c) for c in rows]


def render_rows(process, contributions, *, can_tag: bool, selected=(), oob=False) -> SafeString:
    """The inbox rows (Jinja2, autoescaped) as markup for the page, or with ``oob`` for the
    htmx answer to bulk tagging."""
    context = {
        "contributions": contributions,
        "t_unread": _("Unread"),
        "t_no_consent": _("No consent"),
        "t_select": _("Select contribution"),
        "can_tag": can_tag,
        "detail_base": reverse("contributions:staff_inbox", kwargs={"slug": process.slug}),
        "selected": set(selected),
        "oob": oob,
    }
    html = render_to_string("contributions/staff/inbox_rows.html", context, using="jinja2")
    return SafeString(html)
