"""A citizen answers a three-page survey on a 360 px phone (axe-core on every page), then the
official sees the result chart and tags the free-text answer in the inbox.

Elements are found by id and field names, so the test does not depend on the catalogue.
"""

from contributions.models import (
    Contribution,
    ContributionKind,
    ContributionTheme,
    ResponseState,
    SurveyResponse,
)
from tests.browser.conftest import assert_accessible, login
from tests.contributions.staff_factories import ThemeFactory
from tests.contributions.survey_factories import build_survey
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role


def test_phone_answer_then_official_sees_chart_and_tags_the_free_text(mobile_page, page):
    process = ProcessFactory(slug="framtidsbygget", title="Framtidsbygget – en hel kommun")
    survey, q = build_survey(process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    theme = ThemeFactory(process=process, name="Service på landsbygden")
    phone = mobile_page

    phone.goto(process.get_absolute_url())
    phone.locator(f"#answer-survey-{survey.pk}").click()
    assert_accessible(phone)
    phone.locator("#survey-begin").click()

    # Page 1: sending it empty shows the errors (nothing stored), then answer it.
    phone.locator("#survey-next").click()
    phone.locator("#form-errors").wait_for()
    assert_accessible(phone)
    assert not SurveyResponse.objects.exists()
    phone.locator(f"label[for={q['contact'].field_name}-2]").click()
    phone.locator(f"label[for={q['satisfaction'].field_name}-3]").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator("#survey-next").click()

    # Page 2: multiple choice, ranking, free text (with markup that must stay text).
    phone.locator(f"#{q['text'].field_name}").wait_for()
    assert_accessible(phone)
    phone.locator(f"label[for={q['services'].field_name}-0]").click()
    phone.locator(f"label[for={q['services'].field_name}-3]").click()
    for place, option in enumerate(q["ranking"].options.all(), start=1):
        phone.locator(f"#{q['ranking'].field_name}_{option.pk}").select_option(str(place))
    phone.locator(f"#{q['text'].field_name}").fill(
        "Behåll servicekontoret i Nyland <script>alert(1)</script>"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator("#survey-next").click()

    # Page 3: district and age band, consent; send in.
    phone.locator("#consent-yes").wait_for()
    assert_accessible(phone)
    phone.locator(f"label[for={q['district'].field_name}-1]").click()
    phone.locator(f"label[for={q['age'].field_name}-3]").click()
    phone.locator("#consent-yes").check()
    phone.locator("#survey-next").click()

    # The receipt.
    phone.locator("#receipt-code").wait_for()
    assert_accessible(phone)
    response = SurveyResponse.objects.get()
    assert response.state == ResponseState.SUBMITTED
    assert phone.locator("#receipt-code").inner_text() == response.receipt_code
    assert "<script>alert(1)</script>" in phone.locator(".survey-answers").inner_text()
    phone.screenshot(path="/tmp/survey-receipt-phone.png", full_page=True)

    # The official: the result chart, then the free-text answer tagged in the inbox.
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/enkater/{survey.pk}/resultat/")
    chart = page.locator(f"#result-q{q['contact'].pk} svg[role=img]")
    chart.wait_for()
    assert "1" in page.locator(f"#result-q{q['contact'].pk} table").inner_text()
    assert_accessible(page)
    page.screenshot(path="/tmp/survey-results.png", full_page=True)
    contribution = Contribution.objects.get(kind=ContributionKind.SURVEY_ANSWER)
    page.goto(f"/staff/processer/{process.slug}/bidrag/?kind=survey_answer")
    page.locator(f"#select-{contribution.pk}").check()
    page.locator("#bulk-theme").select_option(str(theme.pk))
    page.locator("#bulk-submit").click()
    page.locator(f"#row-{contribution.pk} .vp-themes").get_by_text(theme.name).wait_for()
    assert ContributionTheme.objects.filter(contribution=contribution, theme=theme).exists()
    assert_accessible(page)


def test_official_builds_a_survey_and_every_builder_page_is_accessible(page):
    process = ProcessFactory(slug="framtidsbygget", title="Framtidsbygget – en hel kommun")
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    build_survey(process, open_now=False, title="Tidigare enkät")
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/enkater/")
    assert_accessible(page)
    page.locator("#new-survey").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Enkät efter stormötet")
    page.locator("#survey-form [type=submit]").click()
    page.locator("#add-question").wait_for()
    assert_accessible(page)
    # Choosing a scale shows the scale fields and hides the options (progressive enhancement).
    page.locator("#id_kind").select_option("scale")
    assert page.locator("#id_scale_max").is_visible()
    assert not page.locator("#id_options").is_visible()
    page.locator("#id_label").fill("Hur nöjd är du med stormötet?")
    page.locator("#id_required").check()
    page.locator("#add-question [type=submit]").click()
    page.get_by_text("Hur nöjd är du med stormötet?").first.wait_for()
    page.locator("#id_kind").select_option("single")
    page.locator("#id_label").fill("Kommer du nästa gång?")
    page.locator("#id_options").fill("Ja\nNej\nVet inte")
    page.locator("#add-question [type=submit]").click()
    page.get_by_text("Kommer du nästa gång?").first.wait_for()
    page.locator(".survey-question-list a").first.click()
    page.locator("#id_label").wait_for()
    assert_accessible(page)
    page.go_back()
    page.locator("#preview-link").click()
    page.locator("#preview-banner").wait_for()
    assert_accessible(page)
    page.locator("#survey-next").click()
    page.locator("#form-errors").wait_for()  # checked, not stored
    assert not SurveyResponse.objects.exists()
    page.goto(page.url.split("forhandsvisning")[0])
    page.locator("#open-survey").click()
    page.locator("#close-survey").wait_for()
    assert_accessible(page)
