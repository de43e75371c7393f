"""A survey's results as a spreadsheet: one row per sent-in response, one column per question
(CSV and XLSX), and in the XLSX a second sheet with the counts per answer.

Rows are read 2,000 responses at a time with their answers, so memory stays flat. Every cell that
a person wrote (free text) or an official wrote (questions, options) is neutralised against
formula injection like the other exports (``visionsprocess.exports``).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess.exports import neutralise_formula, safe_cell
from visionsprocess.models import AgeBand, District

from .models import QuestionKind, ResponseState, SurveyAnswer, SurveyResponse

CHUNK = 2000


def header(survey, questions) -> list[str]:
    return [
        _("Response"),
        _("Sent in"),
        _("Receipt number"),
        *(neutralise_formula(q.label) for q in questions),
        _("Free-text answers may be published"),
    ]


def row_chunks(survey, questions, *, typed: bool = False):
    """Lists of rows, ``CHUNK`` responses at a time, in the order they were sent in. "Sent in"
    is local text (CSV), or with ``typed`` a naive local datetime (a real XLSX date)."""
    options = {o.pk: o.label for q in questions for o in q.options.all()}
    districts = dict(
        District.objects.filter(municipality_id=survey.process.municipality_id).values_list(
            "pk", "name"
        )
    )
    bands = {v: str(label) for v, label in AgeBand.choices}
    yes, no = _("yes"), _("no")
    zone = timezone.get_current_timezone()
    last_pk = 0
    while True:
        responses = list(
            SurveyResponse.objects.filter(
                survey=survey, state=ResponseState.SUBMITTED, pk__gt=last_pk
            )
            .order_by("pk")
            .values_list("pk", "submitted_at", "receipt_code", "consent_to_publish")[:CHUNK]
        )
        if not responses:
            return
        first, last_pk = responses[0][0], responses[-1][0]
        cells: dict[tuple[int, int], list] = {}
        for response_id, question_id, option_id, rank, number, district_id, band, text in (
            SurveyAnswer.objects.filter(
                survey=survey, response_id__gte=first, response_id__lte=last_pk
            )
            .order_by("response_id", "question_id", "rank", "option_id")
            .values_list(
                "response_id",
                "question_id",
                "option_id",
                "rank",
                "number",
                "district_id",
                "age_band",
                "text",
            )
        ):
            if option_id is not None:
                label = options.get(option_id, "")
                value = f"{rank}. {label}" if rank else label
            elif number is not None:
                value = number
            elif district_id is not None:
                value = districts.get(district_id, "")
            elif band:
                value = bands.get(band, band)
            else:
                value = text
            cells.setdefault((response_id, question_id), []).append(value)
        rows = []
        for pk, submitted_at, code, consent in responses:
            local = submitted_at.astimezone(zone)
            sent = local.replace(tzinfo=None) if typed else local.strftime("%Y-%m-%d %H:%M")
            row = [pk, sent, code]
            for question in questions:
                values = cells.get((pk, question.pk))
                if not values:
                    row.append("")
                elif question.kind == QuestionKind.SCALE:
                    row.append(values[0])
                else:
                    row.append(safe_cell("; ".join(str(v) for v in values)))
            row.append(yes if consent else no)
            rows.append(row)
        yield rows


def summary_rows(results) -> list[list]:
    """The counts per question and answer, for the second sheet."""
    rows = [[_("Question"), _("Answer"), _("Number"), _("Share (%)"), _("Note")]]
    for item in results.questions:
        label = neutralise_formula(item.question.label)
        if not item.rows:
            rows.append([label, _("Free-text answers"), item.answered, "", ""])
            continue
        for row in item.rows:
            rows.append([label, neutralise_formula(row.label), row.count, row.percent, row.note])
        if item.mean is not None:
            rows.append([label, _("Average"), item.mean, "", ""])
    return rows


def write_xlsx(survey, handle) -> None:
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from .selectors.surveys import survey_questions, survey_results

    questions = survey_questions(survey=survey)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses")[:31])
    sheet.append(header(survey, questions))

    def date_cell(value):
        # A real date (local time, XLSX has no zones) with the format the other exports use.
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell

    for rows in row_chunks(survey, questions, typed=True):
        for row in rows:
            sheet.append([date_cell(v) if isinstance(v, dt.datetime) else v for v in row])
    summary = workbook.create_sheet(_("Summary")[:31])
    for row in summary_rows(survey_results(survey=survey)):
        summary.append(row)
    workbook.save(handle)
