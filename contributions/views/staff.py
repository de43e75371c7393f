"""Views for officials: inbox, moderation, tagging, feedback, themes, overview, export,
statements from meetings. Thin: permission, form, one service, render or redirect."""

import csv
import io
import tempfile
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, F, Func, Value
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialog.models import Meeting
from visionsprocess.exports import neutralise_formula
from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from .. import charts, counting
from ..filters import PAGE_SIZES, InboxFilter
from ..forms_staff import (
    BulkTagForm,
    FeedbackForm,
    ModerationForm,
    PopulationForm,
    StatementsForm,
    ThemeForm,
)
from ..models import Contribution, ContributionTheme, Theme
from ..selectors import staff as selectors
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


class CountedPaginator(Paginator):
    """A paginator told its count (the inbox caches it) instead of counting itself."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


# Parameters that change the order or the page but never which contributions match.
NOT_COUNTED = {"page", "per_page", "sort"}


def _inbox_context(request, process):
    themes = selectors.theme_list(process=process)
    inbox = InboxFilter(
        request.GET or None,
        queryset=selectors.contribution_inbox_rows(process=process),
        themes=themes,
        choices=selectors.filter_choices(process=process),
    )
    try:
        per_page = int(request.GET.get("per_page", 50))
    except ValueError:
        per_page = 50
    per_page = per_page if per_page in PAGE_SIZES else 50
    queryset = inbox.qs if inbox.is_bound else inbox.qs.order_by("-created", "-pk")
    params = [(k, v) for k, v in request.GET.lists() if k not in NOT_COUNTED]
    count = counting.cached_count(queryset, process=process, params=params)
    searched = inbox.is_bound and inbox.form.is_valid() and inbox.form.cleaned_data.get("q")
    if searched and count >= selectors.BROAD_SEARCH_MATCHES:
        queryset = inbox.broad_search_queryset()
    page = CountedPaginator(selectors.as_row_values(queryset), per_page, count=count).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
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
        "query_string": query.urlencode(),
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "can_tag": can_tag,
    }


@permission_required("contributions.view_inbox", process_by_slug)
def inbox(request, process, slug):
    return render(request, "contributions/staff/inbox.html", _inbox_context(request, process))


@require_POST
@permission_required("contributions.tag_contribution", process_by_slug)
def bulk_tag(request, process, slug):
    themes = selectors.theme_list(process=process)
    form = BulkTagForm(request.POST, themes=themes)
    status = 200
    if form.is_valid():
        theme = next(t for t in themes if t.pk == form.cleaned_data["theme"])
        add = form.cleaned_data["operation"] == "add"
        try:
            changed = services.contributions_tag(
                process=process,
                contribution_ids=form.cleaned_data["ids"],
                theme=theme,
                by=request.user,
                add=add,
            )
            note = (
                _("Theme “%(theme)s” added to %(n)d contributions.")
                if add
                else _("Theme “%(theme)s” removed from %(n)d contributions.")
            ) % {"theme": theme, "n": changed}
        except ValidationError as error:
            note, status = _error_text(error), 400
    else:
        note = " ".join(str(e) for errors in form.errors.values() for e in errors)
        status = 400
    if not request.htmx:
        (messages.success if status == 200 else messages.error)(request, note)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("contributions:staff_inbox", kwargs={"slug": slug})
        return redirect(target)
    ids = form.cleaned_data.get("ids", []) if form.is_valid() else []
    rows = selectors.contribution_rows(process=process, ids=ids).order_by("-created", "-pk")
    context = {
        "process": process,
        "rows_html": render_rows(
            process, decorate_rows(rows), can_tag=True, selected=ids, oob=True
        ),
        "note": note,
        "note_error": status != 200,
    }
    # htmx swaps only 2xx answers by default: errors come back as 200 with the message shown.
    return render(request, "contributions/staff/includes/inbox_rows.html", context)


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


def _detail_context(request, process, contribution, moderation_form=None, feedback_form=None):
    return {
        "process": process,
        "contribution": contribution,
        "moderation_form": moderation_form or ModerationForm(),
        "feedback_form": feedback_form or FeedbackForm(),
        "can_moderate": request.user.has_perm("contributions.moderate_contribution", process),
        "can_feedback": request.user.has_perm("contributions.give_feedback", process),
        "can_see_email": request.user.has_perm("contributions.view_contributor_email", process),
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
def suggestions(request, process, slug):
    context = {"process": process, "suggestions": selectors.theme_suggestions(process=process)}
    return render(request, "contributions/staff/suggestions.html", context)


@require_POST
@permission_required("contributions.tag_contribution", contribution_lookup)
def suggestion_decide(request, contribution, slug, pk, theme_id):
    theme = get_object_or_404(Theme, pk=theme_id, process=contribution.process)
    accept = request.POST.get("decision") == "accept"
    try:
        services.theme_suggestion_decide(
            contribution=contribution, theme=theme, accept=accept, by=request.user
        )
        note = (_("Theme “%(theme)s” added.") if accept else _("Suggestion rejected.")) % {
            "theme": theme
        }
        messages.success(request, note)
    except ValidationError as error:
        messages.error(request, _error_text(error))
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
    context = {
        "process": process,
        "themes": theme_rows,
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
    if data["has_population"]:
        series = (_("Contributors"), _("Population"))
        result += [
            charts.bar_chart(
                _("Age bands: contributors compared with the population"),
                _("Share in per cent of contributors who gave their age, and of the population."),
                data["age_comparison"],
                unit=" %",
                series=series,
            ),
            charts.bar_chart(
                _("Districts: contributors compared with the population"),
                _("Share in per cent of contributors who gave a district, and of the population."),
                data["district_comparison"],
                unit=" %",
                series=series,
            ),
        ]
    return result


@permission_required("contributions.view_overview", process_by_slug)
def overview(request, process, slug):
    data = selectors.contribution_overview(process=process)
    context = {
        "process": process,
        "data": data,
        "charts": [charts.render_chart(c) for c in overview_charts(data)],
        "can_change_population": request.user.has_perm("contributions.change_population", process),
    }
    return render(request, "contributions/staff/overview.html", context)


@permission_required("contributions.change_population", process_by_slug)
def population(request, process, slug):
    municipality = process.municipality
    districts = list(municipality.districts.all())
    year, by_age, by_district = selectors.population_current(municipality=municipality)
    form = PopulationForm(
        request.POST or None,
        districts=districts,
        initial={"year": year or timezone.now().year},
        initial_age=by_age,
        initial_district=by_district,
    )
    status = 200
    if request.method == "POST":
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
    return render(
        request,
        "contributions/staff/population.html",
        {"process": process, "form": form},
        status=status,
    )


# --- Export -----------------------------------------------------------------------------------


def export_header(with_email: bool) -> list[str]:
    header = [
        _("Number"), _("Received"), _("Kind"), _("Stage"), _("Title"), _("Text"),
        _("Year of the letter"), _("Greeting"), _("Kind of group"), _("Group"),
        _("Participants"), _("Meeting"), _("Conversation kit"), _("District"), _("Age band"),
        _("Name or pseudonym"),
    ]  # fmt: skip
    if with_email:
        header.append(_("E-mail"))
    header += [_("Consent to publish"), _("Moderation"), _("Feedback"), _("Read"), _("Themes")]
    return header


EXPORT_FIELDS = (
    "pk", "received", "kind", "stage", "title", "text", "letter_year", "greeting", "group_kind",
    "group_name", "group_size", "meeting__title", "kit__title", "district__name", "age_band",
    "pseudonym", "email", "consent_to_publish", "moderation_state", "feedback_state", "read",
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


def _export_chunks(process):
    """Rows as tuples (no model instances), 2,000 at a time from a server-side cursor; dates as
    local text (by PostgreSQL, elsewhere here)."""
    rows = Contribution.objects.filter(process=process).order_by("pk")
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
            row = (row[0], minute(row[1]), *row[2:20], minute(row[20]))
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


def export_row_chunks(process, with_email: bool):
    """All contributions of ``process`` with their themes, a chunk of rows at a time; memory
    stays flat. Every cell that people wrote is neutralised against formula injection (the
    labels, numbers and dates are ours)."""
    from visionsprocess.models import AgeBand

    from ..models import ContributionKind, FeedbackState, GroupKind, ModerationState

    kinds = _choices(ContributionKind.choices)
    stages = {stage.pk: stage.name for stage in process.stages.all()}
    groups, bands = _choices(GroupKind.choices), _choices(AgeBand.choices)
    moderation, feedback = _choices(ModerationState.choices), _choices(FeedbackState.choices)
    yes, no = _("yes"), _("no")
    safe = neutralise_formula

    for chunk in _export_chunks(process):
        themes = _chunk_themes(process, chunk)
        rows = []
        for r in chunk:
            row = [
                r[0], r[1], kinds.get(r[2], r[2]), stages.get(r[3], r[3]), safe(r[4]),
                safe(r[5]), r[6] or "", safe(r[7]), groups.get(r[8], ""), safe(r[9]),
                r[10] or "", safe(r[11] or ""), safe(r[12] or ""), safe(r[13] or ""),
                bands.get(r[14], ""), safe(r[15]),
            ]  # fmt: skip
            if with_email:
                row.append(safe(r[16]))
            row += [
                yes if r[17] else no,
                moderation.get(r[18], r[18]),
                feedback.get(r[19], r[19]),
                r[20],
                safe(themes.get(r[0], "")),
            ]
            rows.append(row)
        yield rows


def export_rows(process, with_email: bool):
    for rows in export_row_chunks(process, with_email):
        yield from rows


def _export_name(process, ext):
    return f"bidrag-{process.slug}-{timezone.localdate():%Y%m%d}.{ext}"


@permission_required("contributions.export_contributions", process_by_slug)
def export_csv(request, process, slug):
    with_email = request.user.has_perm("contributions.view_contributor_email", process)

    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")  # so that Excel opens UTF-8 with å, ä, ö
        writer.writerow(export_header(with_email))
        for rows in export_row_chunks(process, with_email):
            writer.writerows(rows)
            yield buffer.getvalue()  # one piece per 2,000 rows
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(process, "csv")}"'
    return response


@permission_required("contributions.export_contributions", process_by_slug)
def export_xlsx(request, process, slug):
    from openpyxl import Workbook

    with_email = request.user.has_perm("contributions.view_contributor_email", process)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Contributions")[:31])
    sheet.append(export_header(with_email))
    for row in export_rows(process, with_email):
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_export_name(process, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


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
