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
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("contributions:staff_export_csv", kwargs={"slug": process.slug})
        )
        b"".join(response.streaming_content)
