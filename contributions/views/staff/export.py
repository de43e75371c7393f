"""Export of a process's contributions as CSV and XLSX, in chunks."""

import csv
import datetime as dt
import io

from django.db import connection
from django.db.models import CharField, F, Func, Value
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from visionsprocess.exports import neutralise_formula, stream_xlsx
from visionsprocess.models import AgeBand
from visionsprocess.permissions import permission_required, process_by_slug

from ...filters import InboxFilter
from ...models import Contribution, ContributionTheme
from .common import _choices
from .inbox import inbox_filter

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

    from ...models import Channel, ContributionKind, FeedbackState, GroupKind, ModerationState

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
