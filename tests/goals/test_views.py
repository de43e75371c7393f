"""The pages: public goal pages with charts, bulk entry of values, CSV import, reordering,
budget summary, governing documents, and bad input on each."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import BudgetFrame, CommitteeGoal, CouncilGoal, GoverningDocument, Measurement
from tests.factories import ProcessFactory
from tests.goals.conftest import PDF_BYTES, build_world
from tests.goals.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(role_users, client):
    process, users = role_users
    world = build_world(process)
    return process, users, world


def url(name, process, **kwargs):
    return reverse(f"goals:{name}", kwargs={"slug": process.slug, **kwargs})


def test_goal_page_shows_will_chart_table_committee_goals_sdgs_and_documents(client, setup):
    process, users, w = setup
    goal = w["goals"][0]
    response = client.get(goal.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert goal.political_will in html and goal.how_measured in html
    assert 'role="img"' in html and f'id="indicator-{w["indicator"].pk}-title"' in html
    assert "<table" in html and "61" in html and "64" in html
    assert w["committee_goal"].title in html
    assert w["document"].name in html


def test_goal_page_query_count_is_bounded(client, setup, django_assert_max_num_queries):
    process, users, w = setup
    goal = w["goals"][0]
    for _n in range(5):
        IndicatorFactory(goal=goal)
    with django_assert_max_num_queries(14):
        client.get(goal.get_absolute_url())


def test_goal_of_another_process_is_not_found_under_this_slug(client, setup):
    process, users, w = setup
    other = build_world(ProcessFactory())
    response = client.get(url("council_goal", process, pk=other["goals"][0].pk))
    assert response.status_code == 404


def test_vision_page_lists_goals_in_order(client, setup):
    process, users, w = setup
    html = client.get(url("vision", process)).content.decode()
    positions = [html.index(g.title) for g in w["goals"]]
    assert positions == sorted(positions)
    assert w["vision"].statement in html


def test_process_page_shows_the_goals_section(client, setup):
    process, users, w = setup
    html = client.get(process.get_absolute_url()).content.decode()
    assert w["vision"].statement in html and url("vision", process) in html


def test_official_enters_a_year_of_values_for_many_indicators(client, setup):
    process, users, w = setup
    second = IndicatorFactory(goal=w["goals"][1], name="Behöriga till gymnasiet")
    client.force_login(users["official"])
    page = client.get(url("measurements_bulk", process) + "?year=2021")
    assert page.status_code == 200
    indicators = page.context["formset"].indicators
    data = {"year": "2021", "values-TOTAL_FORMS": str(len(indicators)), "values-INITIAL_FORMS": "0"}
    for i, ind in enumerate(indicators):
        data[f"values-{i}-value"] = "66,5" if ind == w["indicator"] else "88"
        data[f"values-{i}-comment"] = "Preliminärt"
    response = client.post(url("measurements_bulk", process), data)
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=w["indicator"], year=2021).value == Decimal("66.50")
    assert Measurement.objects.get(indicator=second, year=2021).comment == "Preliminärt"


def test_bulk_entry_with_a_wrong_value_keeps_what_was_typed_and_saves_nothing(client, setup):
    process, users, w = setup
    IndicatorFactory(goal=w["goals"][1], name="Behöriga")
    client.force_login(users["official"])
    data = {"year": "2021", "values-TOTAL_FORMS": "2", "values-INITIAL_FORMS": "0"}
    data["values-0-value"] = "67"
    data["values-1-value"] = "150 kr"
    response = client.post(url("measurements_bulk", process), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wrong unit" in html or "Fel enhet" in html
    assert 'value="150 kr"' in html and 'aria-invalid="true"' in html
    assert not Measurement.objects.filter(year=2021).exists()


def test_bulk_entry_refuses_a_year_outside_the_period(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    data = {
        "year": "2035",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-0-value": "5",
    }
    response = client.post(url("measurements_bulk", process), data)
    assert response.status_code == 200
    assert not Measurement.objects.filter(year=2035).exists()


def _csv(text):
    return SimpleUploadedFile("varden.csv", text.encode("utf-8"), content_type="text/csv")


def test_csv_import_previews_errors_per_row_and_imports_nothing(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    ind = w["indicator"]
    text = (
        "indikator;år;värde;kommentar\n"
        f"{ind.pk};2021;66,5;ok\n"
        f"{ind.pk};2019;70;finns redan\n"
        f"{ind.pk};2040;70;utanför\n"
        "okänd;2021;5;\n"
        f"{ind.pk};2021;67;dubblett\n"
        f"{ind.pk};tjugo;<script>alert(1)</script>;\n"
    )
    response = client.post(url("measurements_import", process), {"file": _csv(text)})
    html = response.content.decode()
    preview = response.context["preview"]
    assert not preview.ok
    errors = {row.line: row.errors for row in preview.rows}
    assert errors[2] == []
    assert errors[3] and errors[4] and errors[5] and errors[6] and errors[7]
    assert "<script>alert(1)</script>" not in html
    assert not Measurement.objects.filter(year=2021).exists()
    # confirming anyway does nothing
    client.post(url("measurements_import", process), {"csv_text": text, "confirm": "1"})
    assert not Measurement.objects.filter(year=2021).exists()


def test_csv_import_of_clean_rows_after_preview(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    text = f"indicator,year,value,comment\n{w['indicator'].pk},2021,66.5,Prel\n"
    preview = client.post(url("measurements_import", process), {"file": _csv(text)})
    assert preview.context["preview"].ok
    response = client.post(url("measurements_import", process), {"csv_text": text, "confirm": "1"})
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=w["indicator"], year=2021).comment == "Prel"


def test_csv_import_rejects_a_binary_file(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    upload = SimpleUploadedFile("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/csv")
    response = client.post(url("measurements_import", process), {"file": upload})
    assert response.status_code == 200
    assert "not a CSV" in response.content.decode() or "inte en CSV" in response.content.decode()


def test_reordering_goals_with_buttons(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    last = w["goals"][2]
    client.post(url("council_goal_move", process, pk=last.pk), {"direction": "up"})
    order = list(
        CouncilGoal.objects.filter(process=process).order_by("order").values_list("pk", flat=True)
    )
    assert order == [w["goals"][0].pk, last.pk, w["goals"][1].pk]


def test_move_needs_post(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    assert client.get(url("council_goal_move", process, pk=w["goals"][0].pk)).status_code == 405


def test_committee_goal_form_without_council_goal_shows_error(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    response = client.post(
        url("committee_goal_create", process),
        {"body": w["bodies"]["KFN"].pk, "title": "Fler unga i föreningslivet"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fler unga i föreningslivet" in html
    assert CommitteeGoal.objects.filter(process=process).count() == 1


def test_council_goal_form_saves_sdg_links(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    response = client.post(
        url("council_goal_create", process),
        {
            "term_start": 2019,
            "term_end": 2022,
            "title": "Ett nytt mål",
            "sdg_11": "on",
            "sdg_11_how": "Bostäder",
        },
    )
    assert response.status_code == 302
    goal = CouncilGoal.objects.get(title="Ett nytt mål")
    assert list(goal.sdg_links.values_list("sdg__number", "how")) == [(11, "Bostäder")]


def test_council_goal_form_with_term_backwards_keeps_input(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    response = client.post(
        url("council_goal_create", process),
        {"term_start": 2022, "term_end": 2019, "title": "Bakvänt"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bakvänt" in html
    assert "Mandatperioden kan inte sluta innan den börjar" in html
    assert "Constraint" not in html
    assert not CouncilGoal.objects.filter(title="Bakvänt").exists()


def test_budget_summary_per_goal(client, setup):
    process, users, w = setup
    BudgetFrame.objects.create(
        process=process, body=w["bodies"]["KFN"], year=2020, amount_ksek=30000
    ).goals.set([w["goals"][0], w["goals"][1]])
    client.force_login(users["politician"])
    response = client.get(url("budget", process))
    lines = {line.goal.pk: line for line in response.context["summary"]}
    first = lines[w["goals"][0].pk]
    # BUN 125 000 + KFN 30 000 in full; share: 125 000 + 15 000
    assert first.total == Decimal(155000) and first.share == Decimal(140000)
    assert lines[w["goals"][1].pk].share == Decimal(15000)


def test_budget_form_with_year_outside_term_shows_error(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    response = client.post(
        url("budget_create", process),
        {
            "body": w["bodies"]["KFN"].pk,
            "year": 2030,
            "amount_ksek": "100",
            "goals": [w["goals"][0].pk],
        },
    )
    assert response.status_code == 200
    assert not BudgetFrame.objects.filter(year=2030).exists()


def test_governing_document_upload_must_be_pdf(client, setup):
    process, users, w = setup
    client.force_login(users["official"])
    fake = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        url("document_create", process),
        {"name": "Trygghetsplan", "doc_type": "plan", "dnr": "KS 2020/86", "file": fake},
    )
    assert response.status_code == 200
    assert not GoverningDocument.objects.filter(name="Trygghetsplan").exists()
    good = SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        url("document_create", process),
        {"name": "Trygghetsplan", "doc_type": "plan", "dnr": "ks  2020/86", "file": good},
    )
    assert response.status_code == 302
    assert GoverningDocument.objects.get(name="Trygghetsplan").dnr == "KS 2020/86"


def test_governing_document_list_warns_of_expired_documents(client, setup):
    import datetime as dt

    process, users, w = setup
    GoverningDocument.objects.create(
        process=process,
        name="Gammal kulturpolicy",
        doc_type="policy",
        valid_until=dt.date(2019, 1, 1),
    )
    response = client.get(url("governing_documents", process))
    assert [d.name for d in response.context["expired"]] == ["Gammal kulturpolicy"]
    assert "alert-warning" in response.content.decode()


def test_document_file_is_served_as_pdf(client, setup):
    process, users, w = setup
    response = client.get(url("governing_document_file", process, pk=w["document"].pk))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_politician_sees_unpublished_version_citizen_does_not(client, setup):
    from tests.goals.factories import ActionPlanVersionFactory

    process, users, w = setup
    draft = ActionPlanVersionFactory(plan=w["plan"], year=2022, revision=3, published=False)
    assert client.get(url("action_plan_version", process, pk=draft.pk)).status_code == 404
    client.force_login(users["politician"])
    assert client.get(url("action_plan_version", process, pk=draft.pk)).status_code == 200
    html = client.get(url("action_plan", process)).content.decode()
    assert url("action_plan_version", process, pk=draft.pk) in html


def test_contribution_tracking_include_shows_the_action_it_led_to(setup):
    from django.template.loader import render_to_string

    from contributions.models import Contribution

    process, users, w = setup
    contribution = Contribution.objects.create(
        process=process,
        kind="idea",
        stage=process.stage_by_key("dialogue"),
        text="Fler trygghetsvandringar!",
    )
    w["item"].contributions.add(contribution)
    html = render_to_string(
        "goals/includes/contribution_actions.html", {"contribution": contribution}
    )
    assert "Trygghetsvandring i Hok" in html and "2021" in html


@pytest.mark.parametrize(
    ("name", "limit"),
    [("vision", 6), ("agenda2030", 4), ("action_plan", 8), ("governing_documents", 4)],
)
def test_public_pages_have_a_fixed_query_count(
    client, setup, name, limit, django_assert_max_num_queries
):
    process, users, w = setup
    for i in range(5):  # more goals must not mean more queries
        goal = CouncilGoal.objects.create(
            process=process, term_start=2019, term_end=2022, title=f"Mål {i}", order=10 + i
        )
        w["item"].version.items.create(activity=f"Aktivitet {i}", goal=goal)
        w["document"].goals.add(goal)
    client.get(url(name, process))  # warm caches (site, session)
    with django_assert_max_num_queries(limit):
        response = client.get(url(name, process))
    assert response.status_code == 200


def test_a_csv_the_sniffer_cannot_read_leaves_other_csv_readers_alone():
    import csv

    from goals.services import measurements_csv_preview

    process = ProcessFactory()
    # One column and a decimal comma: csv.Sniffer gives up, the preview guesses ";".
    preview = measurements_csv_preview(process=process, text="x;y\n1;2,5;3\n")
    assert preview.errors
    assert csv.excel.delimiter == ","  # the organisation import reads with csv.excel too
