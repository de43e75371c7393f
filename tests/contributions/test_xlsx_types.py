"""Every XLSX export writes dates as real Excel dates (local time, Europe/Stockholm, with a date
format) and numbers as numbers, never as text. Read back with openpyxl."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contributions.models import Contribution, SurveyResponse
from tests.contributions.staff_factories import StaffContributionFactory
from tests.contributions.survey_factories import answer, build_survey
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.exports import stream_xlsx
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2026, 6, 1, 22, 30, tzinfo=dt.UTC)  # 00:30 on 2 June in Sweden


def _book(response):
    assert response.status_code == 200
    content = response.streaming_content if response.streaming else [response.content]
    return load_workbook(io.BytesIO(b"".join(content)))


def _column(sheet, title):
    header = [c.value for c in sheet[1]]
    return header.index(title) + 1


def test_inbox_xlsx_has_real_dates_in_local_time_and_numbers(client, role_users):
    process, users = role_users
    made = StaffContributionFactory(
        process=process, kind="group_report", group_size=12, recorded_on=dt.date(2026, 5, 30)
    )
    Contribution.objects.filter(pk=made.pk).update(created=RECEIVED, read_at=RECEIVED)
    unread = StaffContributionFactory(process=process)
    client.force_login(users["official"])
    with timezone.override("Europe/Stockholm"):
        response = client.get(
            reverse("contributions:staff_export_xlsx", kwargs={"slug": process.slug}),
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    sheet = _book(response).active
    row = {c: sheet.cell(row=2, column=_column(sheet, c)) for c in ("Inkom", "Läst")}
    for cell in row.values():
        assert cell.is_date and isinstance(cell.value, dt.datetime)
        assert cell.value == dt.datetime(2026, 6, 2, 0, 30)  # naive local time
        assert cell.number_format == "yyyy-mm-dd hh:mm"
    collected = sheet.cell(row=2, column=_column(sheet, "Insamlat den"))
    assert collected.is_date and collected.value == dt.datetime(2026, 5, 30)
    assert collected.number_format == "yyyy-mm-dd"
    number = sheet.cell(row=2, column=1)
    assert number.data_type == "n" and number.value == made.pk
    size = sheet.cell(row=2, column=_column(sheet, "Antal personer"))
    assert size.data_type == "n" and size.value == 12
    # Unread: an empty cell, not the text "".
    assert sheet.cell(row=3, column=1).value == unread.pk
    assert sheet.cell(row=3, column=_column(sheet, "Läst")).value is None


def test_inbox_csv_keeps_its_local_text_dates(client, role_users):
    """The CSV is text by nature; only the XLSX changed."""
    process, users = role_users
    made = StaffContributionFactory(process=process)
    Contribution.objects.filter(pk=made.pk).update(created=RECEIVED)
    client.force_login(users["official"])
    with timezone.override("Europe/Stockholm"):
        response = client.get(
            reverse("contributions:staff_export_csv", kwargs={"slug": process.slug})
        )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2026-06-02 00:30" in text


def test_survey_xlsx_has_the_sent_in_time_as_a_date_and_numbers_as_numbers(client):
    process = ProcessFactory(slug="framtidsbygget")
    survey, q = build_survey(process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    saved = answer(survey, q, satisfaction=4)
    SurveyResponse.objects.filter(pk=saved.pk).update(submitted_at=RECEIVED)
    client.force_login(official)
    with timezone.override("Europe/Stockholm"):
        response = client.get(
            reverse("contributions:staff_survey_export_xlsx", args=[process.slug, survey.pk]),
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    book = _book(response)
    sheet = book["Svar"]
    sent = sheet.cell(row=2, column=_column(sheet, "Inskickat"))
    assert sent.is_date and sent.value == dt.datetime(2026, 6, 2, 0, 30)
    assert sent.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(row=2, column=1).data_type == "n"
    scale = sheet.cell(row=2, column=_column(sheet, q["satisfaction"].label))
    assert scale.data_type == "n" and scale.value == 4
    counts = [row for row in book["Sammanställning"].iter_rows(min_row=2) if row[2].value != ""]
    assert counts and all(row[2].data_type == "n" for row in counts)


def test_the_streamed_writer_types_dates_numbers_and_text():
    """The writer itself: aware datetimes in local time, dates, Decimal and int as numbers, and
    a date-looking text stays text (no guessing)."""
    import decimal

    rows = [
        [
            RECEIVED,
            dt.date(2019, 11, 25),
            decimal.Decimal("2.5"),
            7,
            "2019-11-25",
            "<script>x</script>",
        ]
    ]
    with timezone.override("Europe/Stockholm"):
        data = b"".join(stream_xlsx(["a", "b", "c", "d", "e", "f"], [rows]))
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [sheet.cell(row=2, column=n) for n in range(1, 7)]
    assert cells[0].value == dt.datetime(2026, 6, 2, 0, 30)
    assert cells[1].value == dt.datetime(2019, 11, 25) and cells[1].is_date
    assert cells[2].value == 2.5 and cells[3].value == 7
    assert cells[4].data_type == "s" and cells[4].value == "2019-11-25"
    assert cells[5].value == "<script>x</script>"
