"""Swedish as a municipal editor writes it: the wordings the officials' workbench issue named."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext, pgettext

from contributions import charts
from contributions.filters import InboxFilter
from dialog.models import MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def test_pages_of_a_pdf_are_sidor():
    text = ngettext(
        "The PDF is ready: %(pages)s page, %(size)s.",
        "The PDF is ready: %(pages)s pages, %(size)s.",
        16,
    ) % {"pages": 16, "size": "1 MB"}
    assert text == "PDF:en är klar: 16 sidor, 1 MB."


def test_one_meeting_is_genomfort_and_the_list_is_genomforda():
    assert str(MeetingStatus.HELD.label) == "Genomfört"
    assert translation.gettext("Held") == "Genomförda"


def test_a_date_column_is_anmald_den():
    assert pgettext("column of dates", "Registered on") == "Anmäld den"


def test_account_pages_write_e_post(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    html = client.get("/konto/email/").content.decode()
    assert "E-postadresser" in html and "Epost" not in html


def test_filter_lists_start_with_alla_not_dashes():
    form = InboxFilter({}, themes=[], choices={}).form
    assert form.fields["kind"].choices[0] == ("", "Alla")
    assert "---------" not in str(form.fields["moderation_state"].choices)


def test_months_on_drafting_pages_are_lower_case():
    import datetime

    text = Template('{{ d|date:"j F Y" }}').render(Context({"d": datetime.date(2026, 12, 1)}))
    assert text == "1 december 2026"
    from pathlib import Path

    for name in ("version_detail.html", "rounds.html", "includes/answer_list.html"):
        source = (Path("visionsprocess/templates/visionsprocess/drafting") / name).read_text()
        assert 'date:"j M Y' not in source


def test_chart_figures_have_a_decimal_comma_like_their_table():
    chart = charts.bar_chart("Andel", "Andel i procent.", [("13–19 år", 34.4, 12.5)], unit=" %",
                             series=("Deltagare", "Befolkning"))  # fmt: skip
    html = charts.render_chart(chart)
    assert "34,4 %</text>" in html and "34.4 %" not in html.replace('width="', "")
    assert '<td class="text-end">34,4 %</td>' in html
