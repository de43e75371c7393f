"""Views for officials: inbox, moderation, tagging, feedback, themes, overview, export,
statements from meetings. Thin: permission, form, one service, render or redirect."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CharField, F, Func, Value
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialog.models import Meeting
from visionsprocess.exports import neutralise_formula, stream_xlsx
from visionsprocess.forms import add_service_errors
from visionsprocess.models import AgeBand
from visionsprocess.permissions import permission_required, process_by_slug

from .. import charts, counting, paging, pxweb
from ..analysis import near_duplicates, suggestions
from ..filters import PAGE_SIZES, InboxFilter
from ..forms_staff import (
    BulkActionForm,
    FeedbackForm,
    ModerationForm,
    PopulationForm,
    PxWebForm,
    StatementsForm,
    ThemeForm,
)
from ..models import Contribution, ContributionTheme, Theme
from ..selectors import staff as selectors
from ..selectors.representation import display, representation
from ..services import handling as services


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


def _row_labels() -> dict:
    from visionsprocess.models import AgeBand

    from ..models import ContributionKind, FeedbackState, ModerationState

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


# --- Themes -----------------------------------------------------------------------------------


def _theme_save(request, process, form, theme=None):
    data = form.cleaned_data
    return services.theme_save(
        process=process,
        theme=theme,
        name=data["name"],
        parent=data.get("parent"),
        description=data.get("description", ""),
        examples=data.get("examples", ""),
        keywords=data.get("keywords", ""),
        order=data.get("order") or 0,
    )


@permission_required("contributions.view_inbox", process_by_slug)
def themes(request, process, slug):
    can_manage = request.user.has_perm("contributions.manage_themes", process)
    form = ThemeForm(process=process)
    status = 200
    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        form = ThemeForm(request.POST, process=process, instance=Theme(process=process))
        if form.is_valid():
            try:
                theme = _theme_save(request, process, form)
                messages.success(request, _("The theme “%(name)s” was saved.") % {"name": theme})
                return redirect("contributions:staff_themes", slug=slug)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    theme_rows = selectors.theme_list(process=process)
    counts = selectors.contribution_overview_theme_counts(process=process)
    for theme in theme_rows:
        theme.contribution_count = counts.get(theme.pk, 0)
    accepted, decided = suggestions.acceptance(process=process)
    context = {
        "process": process,
        "themes": theme_rows,
        "accepted": accepted,
        "decided": decided,
        "form": form,
        "feedback_form": FeedbackForm(),
        "can_manage": can_manage,
        "can_feedback": request.user.has_perm("contributions.give_feedback", process),
    }
    return render(request, "contributions/staff/themes.html", context, status=status)


@permission_required("contributions.manage_themes", theme_lookup)
def theme_edit(request, theme, slug, pk):
    process = theme.process
    form = ThemeForm(request.POST or None, process=process, instance=theme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _theme_save(request, process, form, theme=theme)
                messages.success(request, _("The theme “%(name)s” was saved.") % {"name": theme})
                return redirect("contributions:staff_themes", slug=slug)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    context = {"process": process, "theme": theme, "form": form}
    return render(request, "contributions/staff/theme_edit.html", context, status=status)


@require_POST
@permission_required("contributions.manage_themes", theme_lookup)
def theme_delete(request, theme, slug, pk):
    try:
        services.theme_delete(theme=theme)
        messages.success(request, _("The theme was deleted."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("contributions:staff_themes", slug=slug)


@require_POST
@permission_required("contributions.give_feedback", theme_lookup)
def theme_feedback(request, theme, slug, pk):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.feedback_give(theme=theme, text=form.cleaned_data["text"], by=request.user)
        messages.success(
            request,
            _("The feedback on “%(theme)s” was published; senders are being told.")
            % {"theme": theme},
        )
    else:
        messages.error(request, _("Write the feedback."))
    return redirect("contributions:staff_themes", slug=slug)


# --- Overview and population --------------------------------------------------------------------


def overview_charts(data: dict) -> list:
    result = [
        charts.bar_chart(
            _("Contributions by kind"), _("Number of contributions of each kind."), data["by_kind"]
        ),
        charts.bar_chart(
            _("Contributions by channel"),
            _("Number of contributions by the way they came in."),
            data["by_channel"],
        ),
        charts.bar_chart(
            _("Contributions by stage"), _("Number of contributions per stage."), data["by_stage"]
        ),
        charts.bar_chart(
            _("Contributions by theme"),
            _("Number of contributions tagged with each theme."),
            data["by_theme"],
        ),
        charts.bar_chart(
            _("Contributions by district"),
            _("Number of contributions per district; – means not given."),
            data["by_district"],
        ),
        charts.bar_chart(
            _("Contributions by age band"),
            _("Number of contributions per age band; – means not given."),
            data["by_age_band"],
        ),
    ]
    return result


@permission_required("contributions.view_overview", process_by_slug)
def overview(request, process, slug):
    data = selectors.contribution_overview(process=process)
    context = {
        "process": process,
        "data": data,
        "rep": (rep := representation(process=process)),
        "show": display(rep, public=False),
        "charts": [charts.render_chart(c) for c in overview_charts(data)],
        "can_change_population": request.user.has_perm("contributions.change_population", process),
    }
    return render(request, "contributions/staff/overview.html", context)


POPULATION_SALT = "contributions.population"


@permission_required("contributions.change_population", process_by_slug)
def population(request, process, slug):
    """Population figures: fetched from Statistics Sweden (previewed, then saved) or typed."""
    municipality = process.municipality
    districts = list(municipality.districts.all())
    year, by_age, by_district = selectors.population_current(municipality=municipality)
    action = request.POST.get("action") if request.method == "POST" else None
    scb_form = PxWebForm(
        request.POST if action == "fetch" else None,
        initial={"municipality_code": municipality.code, "year": timezone.localdate().year - 1},
    )
    form = PopulationForm(
        request.POST if action not in ("fetch", "save_scb") and request.method == "POST" else None,
        districts=districts,
        initial={"year": year or timezone.now().year},
        initial_age=by_age,
        initial_district=by_district,
    )
    context = {"process": process, "form": form, "scb_form": scb_form, "current_age": by_age,
               "current_year": year}  # fmt: skip
    status = 200
    if action == "fetch":
        if scb_form.is_valid():
            try:
                fetched = pxweb.fetch_population(
                    municipality_code=scb_form.cleaned_data["municipality_code"],
                    year=scb_form.cleaned_data["year"],
                )
                source = _("Statistics Sweden, table %(table)s, fetched %(date)s") % {
                    "table": fetched.table,
                    "date": timezone.localdate().isoformat(),
                }
                payload = {"year": fetched.year, "by_band": fetched.by_band, "source": source}
                context["preview"] = {
                    "fetched": fetched,
                    "rows": [
                        (
                            label,
                            fetched.by_band.get(value, 0),
                            by_age.get(value) if year == fetched.year else None,
                        )
                        for value, label in AgeBand.choices
                    ],
                    "payload": signing.dumps(payload, salt=f"{POPULATION_SALT}:{process.pk}"),
                    "source": source,
                }
            except pxweb.PxWebError as error:
                scb_form.add_error(
                    None,
                    f"{error} "
                    + _("You can type the population of each age band by hand below instead."),
                )
                status = 400
        else:
            status = 400
    elif action == "save_scb":
        try:
            payload = signing.loads(
                request.POST.get("payload", ""), salt=f"{POPULATION_SALT}:{process.pk}",
                max_age=60 * 60,
            )  # fmt: skip
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Fetch the figures again."))
            return redirect("contributions:staff_population", slug=slug)
        services.population_set(
            municipality=municipality,
            year=payload["year"],
            by_age_band={band: payload["by_band"].get(band) for band in AgeBand.values},
            by_district={},
            source=payload["source"],
        )
        messages.success(
            request,
            _("The population per age band for %(year)s was saved from Statistics Sweden.")
            % {"year": payload["year"]},
        )
        return redirect("contributions:staff_overview", slug=slug)
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.population_set(
                    municipality=municipality,
                    year=form.cleaned_data["year"],
                    by_age_band=form.by_age_band(),
                    by_district=form.by_district(),
                )
                messages.success(request, _("The population figures were saved."))
                return redirect("contributions:staff_overview", slug=slug)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    return render(request, "contributions/staff/population.html", context, status=status)


# --- Export -----------------------------------------------------------------------------------


def export_header(with_email: bool) -> list[str]:
    header = [
        _("Contribution number"), _("Received"), _("Channel"), _("Kind"), _("Stage"), _("Title"),
        _("Text"), _("Year of the letter"), _("Greeting"), _("Kind of group"), _("Group"),
        _("Number of people"), _("Meeting"), _("Conversation kit"), _("District"),
        _("Age band"), _("Name or pseudonym"),
    ]  # fmt: skip
    if with_email:
        header.append(_("E-mail"))
    header += [
        _("Collected on"), _("Collected where"), _("Consent to publish"), _("Moderation"),
        _("Feedback"), _("Read"), _("Themes"),
    ]  # fmt: skip
    return header


EXPORT_FIELDS = (
    "pk", "received", "kind", "stage", "title", "text", "letter_year", "greeting", "group_kind",
    "group_name", "group_size", "meeting__title", "kit__title", "district__name", "age_band",
    "pseudonym", "email", "consent_to_publish", "moderation_state", "feedback_state", "read",
    "channel", "recorded_on", "recorded_place",
)  # fmt: skip
EXPORT_CHUNK = 2000


def _choices(choices) -> dict:
    return {value: str(label) for value, label in choices}


class LocalMinute(Func):
    """A timestamp as local 'YYYY-MM-DD HH:MM' text, formatted by PostgreSQL (parsing and
    formatting 200,000 timestamps in Python costs more than the rest of an export)."""

    output_field = CharField()

    def __init__(self, expression, zone: str):
        super().__init__(expression, Value(zone))

    def as_postgresql(self, compiler, connection, **extra):
        (value, value_params), (zone, zone_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        sql = f"coalesce(to_char({value} AT TIME ZONE {zone}, 'YYYY-MM-DD HH24:MI'), '')"
        return sql, (*value_params, *zone_params)


def _export_chunks(queryset):
    """Rows as tuples (no model instances), 2,000 at a time from a server-side cursor, in the
    order of their numbers; dates as local text (by PostgreSQL, elsewhere here)."""
    rows = queryset.order_by("pk")
    postgres = connection.vendor == "postgresql"
    if postgres:
        name = timezone.get_current_timezone_name()
        rows = rows.annotate(
            received=LocalMinute(F("created"), name), read=LocalMinute(F("read_at"), name)
        )
    else:
        rows = rows.annotate(received=F("created"), read=F("read_at"))
    zone = timezone.get_current_timezone()

    def minute(value):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    chunk = []
    for row in rows.values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK):
        if not postgres:
            row = (row[0], minute(row[1]), *row[2:20], minute(row[20]), *row[21:])
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chunk_themes(process, chunk) -> dict[int, str]:
    """The theme names of a chunk's contributions, found by the chunk's range of numbers (no
    list of 2,000 parameters to send)."""
    names: dict[int, list[str]] = {}
    for contribution_id, name in (
        ContributionTheme.objects.filter(
            theme__process=process,
            contribution_id__gte=chunk[0][0],
            contribution_id__lte=chunk[-1][0],
        )
        .order_by("theme__order", "theme__name")
        .values_list("contribution_id", "theme__name")
    ):
        names.setdefault(contribution_id, []).append(name)
    return {pk: "; ".join(values) for pk, values in names.items()}


def _minute_value(text: str):
    """Local 'YYYY-MM-DD HH:MM' text as a naive local datetime (for a real XLSX date)."""
    return dt.datetime.fromisoformat(text) if text else ""


def export_row_chunks(process, with_email: bool, queryset=None, *, typed: bool = False):
    """The contributions of ``queryset`` (all of ``process`` by default) with their themes, a
    chunk of rows at a time; memory stays flat. Every cell that people wrote is neutralised
    against formula injection (the labels, numbers and dates are ours). Dates are local text
    (CSV), or with ``typed`` naive local ``datetime``/``date`` values that the XLSX writes as
    real dates."""
    from visionsprocess.models import AgeBand

    from ..models import Channel, ContributionKind, FeedbackState, GroupKind, ModerationState

    if queryset is None:
        queryset = Contribution.objects.filter(process=process)
    kinds = _choices(ContributionKind.choices)
    stages = {stage.pk: stage.name for stage in process.stages.all()}
    groups, bands = _choices(GroupKind.choices), _choices(AgeBand.choices)
    moderation, feedback = _choices(ModerationState.choices), _choices(FeedbackState.choices)
    channels = _choices(Channel.choices)
    yes, no = _("yes"), _("no")
    safe = neutralise_formula

    for chunk in _export_chunks(queryset):
        themes = _chunk_themes(process, chunk)
        rows = []
        for r in chunk:
            if typed:
                r = (r[0], _minute_value(r[1]), *r[2:20], _minute_value(r[20]), *r[21:])
            row = [
                r[0], r[1], channels.get(r[21], r[21]), kinds.get(r[2], r[2]),
                stages.get(r[3], r[3]), safe(r[4]), safe(r[5]), r[6] or "", safe(r[7]),
                groups.get(r[8], ""), safe(r[9]), r[10] or "", safe(r[11] or ""),
                safe(r[12] or ""), safe(r[13] or ""), bands.get(r[14], ""), safe(r[15]),
            ]  # fmt: skip
            if with_email:
                row.append(safe(r[16]))
            row += [
                (r[22] if typed else r[22].isoformat()) if r[22] else "",
                safe(r[23]),
                yes if r[17] else no,
                moderation.get(r[18], r[18]),
                feedback.get(r[19], r[19]),
                r[20],
                safe(themes.get(r[0], "")),
            ]
            rows.append(row)
        yield rows


def export_rows(process, with_email: bool, queryset=None):
    for rows in export_row_chunks(process, with_email, queryset):
        yield from rows


def export_filename(process, inbox: InboxFilter, ext: str) -> str:
    """``bidrag-<process>-<date>[-<what the filter chose>].<ext>``: each chosen filter by its
    shown value (the search words, the theme's name, the kind ...), so that two exports of
    different filters never get the same name."""
    parts = ["bidrag", process.slug, f"{timezone.localdate():%Y-%m-%d}"]
    if inbox.is_bound and inbox.form.is_valid():
        for name, field in inbox.form.fields.items():
            value = inbox.form.cleaned_data.get(name)
            if name in ("sort",) or value in (None, ""):
                continue
            label = {str(k): v for k, v in getattr(field, "choices", [])}.get(str(value))
            parts.append(slugify(f"{field.label} {label or value}", allow_unicode=True))
    name = "-".join(p for p in parts if p)
    return f"{name[:150]}.{ext}"


def _export_source(request, process):
    inbox = inbox_filter(process, request.GET)
    queryset = inbox.qs if inbox.is_bound else inbox.queryset
    with_email = request.user.has_perm("contributions.view_contributor_email", process)
    return inbox, queryset, with_email


def _bad_filter(inbox) -> HttpResponse | None:
    if inbox.is_bound and not inbox.form.is_valid():
        # An invalid filter value would be left out and export more than the page showed.
        return HttpResponse(
            _("The filter has an error; correct it in the inbox before exporting."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return None


@permission_required("contributions.export_contributions", process_by_slug)
def export_csv(request, process, slug):
    inbox, queryset, with_email = _export_source(request, process)
    if bad := _bad_filter(inbox):
        return bad

    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")  # so that Excel opens UTF-8 with å, ä, ö
        writer.writerow(export_header(with_email))
        yield buffer.getvalue()  # the header at once: the first byte does not wait for rows
        buffer.seek(0)
        buffer.truncate()
        for rows in export_row_chunks(process, with_email, queryset):
            writer.writerows(rows)
            yield buffer.getvalue()  # one piece per 2,000 rows
            buffer.seek(0)
            buffer.truncate()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, export_filename(process, inbox, "csv")
    )
    return response


@permission_required("contributions.export_contributions", process_by_slug)
def export_xlsx(request, process, slug):
    inbox, queryset, with_email = _export_source(request, process)
    if bad := _bad_filter(inbox):
        return bad
    stream = stream_xlsx(
        export_header(with_email),
        export_row_chunks(process, with_email, queryset, typed=True),
        sheet=_("Contributions"),
    )
    response = StreamingHttpResponse(
        stream, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, export_filename(process, inbox, "xlsx")
    )
    return response


# --- Statements from a meeting ----------------------------------------------------------------


@permission_required("contributions.enter_statements", meeting_lookup)
def meeting_statements(request, meeting, slug, meeting_id):
    process = meeting.process
    form = StatementsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.meeting_statements_add(
                    meeting=meeting, text=form.cleaned_data["text"], by=request.user
                )
                messages.success(request, _("%(n)d statements were saved.") % {"n": len(created)})
                return redirect(
                    "contributions:staff_meeting_statements", slug=slug, meeting_id=meeting.pk
                )
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    statements = meeting.contributions.defer("search_vector").order_by("created", "pk")
    context = {"process": process, "meeting": meeting, "form": form, "statements": statements}
    return render(request, "contributions/staff/meeting_statements.html", context, status=status)
