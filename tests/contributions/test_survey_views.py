"""Web surveys through the browser's eyes: answering page by page, the private link, the
receipt, one answer per browser, the officials' builder, results, exports and the process page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contributions.models import (
    Contribution,
    ContributionKind,
    QuestionKind,
    ResponseState,
    SurveyAnswer,
    SurveyResponse,
)
from contributions.services import surveys as services
from tests.conftest import set_rate
from tests.contributions.survey_factories import answer, build_survey, close, full_answers
from tests.factories import ProcessFactory, ProcessRoleFactory, UserFactory
from visionsprocess.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(slug="framtidsbygget", title="Framtidsbygget – en hel kommun")
    survey, q = build_survey(process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    return process, survey, q, official


def page_url(survey, page):
    return reverse("contributions:survey_page", args=[survey.process.slug, survey.pk, page])


def post_page(client, survey, page, data, **extra):
    flat = {}
    for name, value in data.items():
        if isinstance(value, dict):
            for option_id, place in value.items():
                flat[f"{name}_{option_id}"] = place
        else:
            flat[name] = value
    flat.update(extra)
    return client.post(page_url(survey, page), flat)


def answer_through_pages(client, survey, q, **kwargs):
    pages = full_answers(q, **kwargs)
    for page in (1, 2):
        response = post_page(client, survey, page, pages[page])
        assert response.status_code == 302, response.content.decode()[:2000]
    return post_page(client, survey, 3, pages[3], consent_to_publish="yes")


def test_a_citizen_answers_three_pages_and_gets_a_receipt(client, world):
    process, survey, q, _official = world
    start = client.get(reverse("contributions:survey_start", args=[process.slug, survey.pk]))
    assert start.status_code == 200
    assert "Webbenkät om framtidens service" in start.content.decode()
    first = client.get(page_url(survey, 1))
    assert first.status_code == 200
    html = first.content.decode()
    assert 'name="' + q["contact"].field_name + '"' in html
    response = answer_through_pages(client, survey, q, text="Bättre busstider <script>x</script>")
    saved = SurveyResponse.objects.get()
    assert saved.state == ResponseState.SUBMITTED
    assert response.status_code == 302
    assert response["Location"] == reverse("contributions:survey_response", args=[saved.token])
    receipt = client.get(response["Location"])
    body = receipt.content.decode()
    assert saved.receipt_code in body
    assert "Bättre busstider &lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x</script>" not in body
    assert receipt["X-Robots-Tag"] == "noindex, nofollow"
    # No personal data and nothing guessable in the private link.
    assert len(saved.token) >= 40 and "@" not in saved.token


def test_the_same_browser_answers_once(client, world):
    process, survey, q, _official = world
    answer_through_pages(client, survey, q)
    again = client.get(reverse("contributions:survey_start", args=[process.slug, survey.pk]))
    assert again.status_code == 302
    assert "/enkat/svar/" in again["Location"]
    post_page(client, survey, 1, full_answers(q)[1])
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.filter(question=q["contact"]).count() == 1


def test_a_new_browser_without_the_cookie_counts_as_a_new_person(client, world, django_user_model):
    from django.test import Client

    _process, survey, q, _official = world
    answer_through_pages(client, survey, q)
    answer_through_pages(Client(), survey, q)
    assert SurveyResponse.objects.filter(state=ResponseState.SUBMITTED).count() == 2


def test_save_and_come_back_with_the_private_link_on_another_device(client, world):
    from django.test import Client

    process, survey, q, _official = world
    pages = full_answers(q)
    saved = post_page(client, survey, 1, pages[1], action="save")
    assert saved.status_code == 302
    page = client.get(saved["Location"])
    response = SurveyResponse.objects.get()
    link = reverse("contributions:survey_response", args=[response.token])
    assert link in page.content.decode()
    assert response.state == ResponseState.DRAFT
    other = Client()
    resumed = other.get(link)
    assert resumed.status_code == 302
    start = other.get(resumed["Location"])
    assert "Fortsätt" in start.content.decode()
    # The other device sees the saved answer and goes on.
    page1 = other.get(page_url(survey, 1)).content.decode()
    option = q["contact"].options.first()
    assert f'value="{option.pk}" id="{q["contact"].field_name}-0" checked' in page1
    post_page(other, survey, 2, pages[2])
    done = post_page(other, survey, 3, pages[3], consent_to_publish="no")
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.state == ResponseState.SUBMITTED
    assert response.consent_to_publish is False
    assert SurveyResponse.objects.count() == 1


def test_wrong_answers_get_swedish_messages_and_store_nothing(client, world):
    _process, survey, q, _official = world
    foreign = q["services"].options.first()
    client.cookies.load({"django_language": "sv"})
    response = client.post(
        page_url(survey, 1),
        {q["contact"].field_name: str(foreign.pk), q["satisfaction"].field_name: "9"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Välj bland frågans svarsalternativ." in html
    assert "Välj ett värde från 1 till 5." in html
    assert not SurveyResponse.objects.exists()


def test_a_missing_answer_on_an_earlier_page_is_shown_on_that_page(client, world):
    _process, survey, q, _official = world
    pages = full_answers(q)
    post_page(client, survey, 2, pages[2])
    response = post_page(client, survey, 3, pages[3], consent_to_publish="yes")
    assert response.status_code == 400
    assert q["contact"].field_name + "-field" in response.content.decode()
    assert SurveyResponse.objects.get().state == ResponseState.DRAFT
    assert not SurveyAnswer.objects.exists()


def test_an_answer_after_closing_gets_a_clear_message(client, world):
    _process, survey, q, _official = world
    pages = full_answers(q)
    post_page(client, survey, 1, pages[1])
    post_page(client, survey, 2, pages[2])
    close(survey)
    response = post_page(client, survey, 3, pages[3], consent_to_publish="yes")
    assert response.status_code == 409
    assert "tar inte längre emot svar" in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_a_draft_survey_is_not_found_by_citizens(client):
    process = ProcessFactory()
    survey, _q = build_survey(process, open_now=False)
    response = client.get(reverse("contributions:survey_start", args=[process.slug, survey.pk]))
    assert response.status_code == 404


def test_rate_limit_stops_a_flood_of_new_answers(client, world, settings):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    set_rate(settings, "contributions.survey_answer", "2/h")
    _process, survey, q, _official = world
    pages = full_answers(q)
    assert post_page(Client(), survey, 1, pages[1]).status_code == 302
    assert post_page(Client(), survey, 1, pages[1]).status_code == 302
    assert post_page(Client(), survey, 1, pages[1]).status_code == 429
    assert SurveyResponse.objects.count() == 2
    cache.clear()


# --- Officials ----------------------------------------------------------------------------------


def test_an_official_builds_previews_opens_and_closes_a_survey(client, world):
    process, _survey, _q, official = world
    client.force_login(official)
    created = client.post(
        reverse("contributions:staff_survey_create", args=[process.slug]),
        {"title": "Snabbenkät om stormötet", "intro": "Tack för att du kom!"},
    )
    assert created.status_code == 302
    from contributions.models import Survey

    survey = Survey.objects.get(title="Snabbenkät om stormötet")
    add = reverse("contributions:staff_survey_question_add", args=[process.slug, survey.pk])
    added = client.post(
        add,
        {
            "kind": "single",
            "label": "Hur var stormötet?",
            "required": "on",
            "page": 1,
            "options": "Bra\nGanska bra\nDåligt",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    assert added.status_code == 302
    bad = client.post(
        add, {"kind": "single", "label": "Ett alternativ", "page": 1, "options": "Ja"}
    )
    assert bad.status_code == 400
    builder = client.get(reverse("contributions:staff_survey", args=[process.slug, survey.pk]))
    assert "Hur var stormötet?" in builder.content.decode()
    preview_url = reverse("contributions:staff_survey_preview", args=[process.slug, survey.pk, 1])
    preview = client.post(preview_url, {})
    assert preview.status_code == 400  # the required answer is checked...
    assert not SurveyResponse.objects.filter(survey=survey).exists()  # ...and nothing is stored
    state = "contributions:staff_survey_state"
    client.post(reverse(state, args=[process.slug, survey.pk, "oppna"]), {"now": "1"})
    survey.refresh_from_db()
    assert survey.is_open()
    client.post(reverse(state, args=[process.slug, survey.pk, "stang"]))
    survey.refresh_from_db()
    assert survey.is_closed()


def test_a_refused_change_shows_the_reason(client, world):
    process, survey, q, official = world
    answer(survey, q)
    client.force_login(official)
    url = reverse(
        "contributions:staff_survey_question_edit",
        args=[process.slug, survey.pk, q["contact"].pk],
    )
    response = client.post(
        url,
        {
            "kind": "single",
            "label": q["contact"].label,
            "required": "on",
            "page": 1,
            "options": "Telefon\nE-post",
            "scale_min": 1,
            "scale_max": 5,
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "kan inte tas bort" in response.content.decode()
    assert q["contact"].options.count() == 4


def test_results_page_shows_charts_tables_and_free_text(client, world):
    process, survey, q, official = world
    answer(survey, q, text="Fler bussar till Nyland <img src=x onerror=alert(1)>")
    answer(survey, q, contact=1, satisfaction=2)
    client.force_login(official)
    response = client.get(
        reverse("contributions:staff_survey_results", args=[process.slug, survey.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') >= 6
    assert "<table" in html and "Telefon" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert "kind=survey_answer" in html


def test_results_page_queries_do_not_grow_with_the_answers(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    process, survey, q, official = world
    client.force_login(official)
    url = reverse("contributions:staff_survey_results", args=[process.slug, survey.pk])
    answer(survey, q)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):
        answer(survey, q, contact=i % 4, satisfaction=1 + i % 5, district=i % 4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_csv_and_xlsx_exports_have_swedish_headers_and_neutralised_formulas(client, world):
    process, survey, q, official = world
    answer(survey, q, text='=HYPERLINK("http://x")')
    answer(survey, q, services_=(), text="")
    client.force_login(official)
    client.cookies.load({"vp_language": "sv"})
    csv_response = client.get(
        reverse("contributions:staff_survey_export_csv", args=[process.slug, survey.pk]),
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Svar", "Inskickat", "Kvittonummer"]
    assert rows[0][3] == q["contact"].label
    assert len(rows) == 3
    assert '\'=HYPERLINK("http://x")' in rows[1]
    assert "1. Service nära där jag bor; 2. Digitala tjänster; 3. Gott värdskap" in rows[1]
    xlsx = client.get(
        reverse("contributions:staff_survey_export_xlsx", args=[process.slug, survey.pk]),
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert workbook.sheetnames == ["Svar", "Sammanställning"]
    sheet = workbook["Svar"]
    assert sheet.max_row == 3
    summary = list(workbook["Sammanställning"].iter_rows(values_only=True))
    assert summary[0][:3] == ("Fråga", "Svar", "Antal")
    assert summary[1][:3] == ("Hur har du oftast kontakt med kommunen?", "Telefon", 2)


def test_published_results_appear_on_the_process_page_with_small_counts_hidden(client, world):
    process, survey, q, official = world
    for i in range(6):
        answer(survey, q, contact=0 if i < 5 else 1, district=0 if i < 3 else 1 + i % 2)
    close(survey)
    page = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv")
    assert f"survey-results-{survey.pk}" not in page.content.decode()
    services.survey_results_publish(survey=survey, public=True)
    html = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert f"survey-results-{survey.pk}" in html
    assert ">dolt<" in html and "skyddar enskilda" in html
    assert "Webbenkät om framtidens service" in html


def test_open_survey_is_announced_on_the_process_page(client, world):
    process, survey, _q, _official = world
    html = client.get(process.get_absolute_url()).content.decode()
    assert reverse("contributions:survey_start", args=[process.slug, survey.pk]) in html


def test_the_free_text_answer_is_tagged_in_the_inbox_like_any_contribution(client, world):
    from tests.contributions.staff_factories import ThemeFactory

    process, survey, q, official = world
    answer(survey, q, text="Servicen på landsbygden behöver finnas kvar.")
    contribution = Contribution.objects.get(kind=ContributionKind.SURVEY_ANSWER)
    theme = ThemeFactory(process=process, name="Service på landsbygden")
    client.force_login(official)
    inbox = client.get(
        reverse("contributions:staff_inbox", args=[process.slug]) + "?kind=survey_answer"
    )
    assert f"row-{contribution.pk}" in inbox.content.decode()
    client.post(
        reverse("contributions:staff_bulk_tag", args=[process.slug]),
        {"ids": [contribution.pk], "theme": theme.pk, "operation": "add"},
    )
    assert contribution.themes.filter(pk=theme.pk).exists()


def test_politician_reads_results_but_cannot_change_the_survey(client, world):
    process, survey, _q, _official = world
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    client.force_login(politician)
    assert (
        client.get(
            reverse("contributions:staff_survey_results", args=[process.slug, survey.pk])
        ).status_code
        == 200
    )
    response = client.post(
        reverse("contributions:staff_survey_question_add", args=[process.slug, survey.pk]),
        {"kind": "text", "label": "Smyg", "page": 1},
    )
    assert response.status_code == 403
    assert not survey.questions.filter(label="Smyg").exists()


def test_a_signed_in_citizen_answers_once_even_from_another_browser(world):
    from django.test import Client

    _process, survey, q, _official = world
    user = UserFactory()
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    answer_through_pages(first, survey, q)
    response = post_page(second, survey, 1, full_answers(q)[1])
    assert response.status_code == 302 and "/enkat/svar/" in response["Location"]
    assert SurveyResponse.objects.filter(user=user).count() == 1


def test_question_kinds_are_all_offered_to_officials(client, world):
    process, survey, _q, official = world
    client.force_login(official)
    html = client.get(reverse("contributions:staff_survey", args=[process.slug, survey.pk]))
    for kind in QuestionKind.values:
        assert f'value="{kind}"' in html.content.decode()
