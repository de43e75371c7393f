"""CSV and XLSX export: content, formula-injection neutralising, e-mail column by role."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contributions.models import ContributionTheme
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _csv(client, process):
    response = client.get(reverse("contributions:staff_export_csv", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_export_has_all_contributions_with_themes(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="Gång- och cykelvägar")
    c = StaffContributionFactory(process=process, text="Cykelväg till Åsenhöga")
    ContributionTheme.objects.create(contribution=c, theme=theme)
    StaffContributionFactory(process=process)
    StaffContributionFactory()  # another process
    client.force_login(users["official"])
    rows = _csv(client, process)
    assert len(rows) == 3
    row = next(r for r in rows[1:] if r[0] == str(c.pk))
    assert "Cykelväg till Åsenhöga" in row
    assert row[-1] == "Gång- och cykelvägar"


def test_formula_cells_are_neutralised(client, role_users):
    process, users = role_users
    StaffContributionFactory(
        process=process, title='=HYPERLINK("http://x")', text="+1+1", pseudonym="@kalle"
    )
    StaffContributionFactory(process=process, title="-2", text="\tflik", pseudonym="vanlig")
    client.force_login(users["official"])
    cells = [cell for row in _csv(client, process)[1:] for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+1+1" in cells and "'@kalle" in cells and "'-2" in cells and "'\tflik" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_email_column_only_for_officials_and_admins(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process, email="hemlig@example.org")
    client.force_login(users["official"])
    rows = _csv(client, process)
    assert "hemlig@example.org" in rows[1]
    client.force_login(users["politician"])
    rows = _csv(client, process)
    assert all("hemlig@example.org" not in row for row in rows)
    assert len(rows[0]) == len(rows[1])


def test_xlsx_export_with_neutralised_cells(client, role_users):
    process, users = role_users
    StaffContributionFactory(process=process, title="=1+2", text="Skolan i Hok")
    client.force_login(users["official"])
    response = client.get(reverse("contributions:staff_export_xlsx", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert "'=1+2" in rows[1] and "Skolan i Hok" in rows[1]


def test_export_query_count_does_not_grow_with_rows(
    client, role_users, django_assert_max_num_queries
):
    process, users = role_users
    theme = ThemeFactory(process=process)
    for c in StaffContributionFactory.create_batch(40, process=process):
        ContributionTheme.objects.create(contribution=c, theme=theme)
    client.force_login(users["official"])
    # 10: the host's municipality is read once from the database while the test's cache is cold
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("contributions:staff_export_csv", kwargs={"slug": process.slug})
        )
        b"".join(response.streaming_content)


def test_export_in_chunks_keeps_themes_dates_and_other_processes_apart(
    client, role_users, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    from contributions.models import Contribution
    from contributions.views.staff import export

    monkeypatch.setattr(export, "EXPORT_CHUNK", 2)
    process, users = role_users
    ours = ThemeFactory(process=process, name="Skola")
    theirs = ThemeFactory(name="Annan process")
    made = []
    for n in range(5):
        made.append(StaffContributionFactory(process=process, text=f"Bidrag {n}"))
        other = StaffContributionFactory(process=theirs.process)  # interleaved numbers
        ContributionTheme.objects.create(contribution=other, theme=theirs)
    for c in made[1::2]:
        ContributionTheme.objects.create(contribution=c, theme=ours)
    received = dt.datetime(2026, 6, 1, 22, 30, tzinfo=dt.UTC)  # 00:30 on 2 June in Sweden
    Contribution.objects.filter(pk=made[0].pk).update(created=received, read_at=received)
    client.force_login(users["official"])
    with timezone.override("Europe/Stockholm"):
        rows = _csv(client, process)[1:]
    assert [r[0] for r in rows] == [str(c.pk) for c in made]
    assert [r[-1] for r in rows] == ["", "Skola", "", "Skola", ""]
    assert rows[0][1] == "2026-06-02 00:30" and rows[0][-2] == "2026-06-02 00:30"
    assert rows[1][-2] == ""  # not read yet
