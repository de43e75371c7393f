"""The whole journey of issue 4 through the browser, as the people involved would do it.

A citizen on a 360 px phone sends a letter from the future with a drawing; an official, at a desk,
tags it from the inbox, publishes it and gives feedback; the citizen's private tracking link then
shows the theme and the feedback.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from contributions.models import Contribution
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_contributions_citizen import drawing_png
from tests.contributions.staff_factories import ThemeFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from visionsprocess.models import Role, StageKind


@pytest.fixture
def world(transactional_db):
    process = ProcessFactory(
        slug="vision-2040", title="Vision 2040", current_stage=StageKind.DIALOGUE
    )
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    theme = ThemeFactory(process=process, name="Kollektivtrafik")
    return process, official, theme


def test_letter_with_drawing_is_tagged_published_answered_and_followed(mobile_page, page, world):
    process, official, theme = world
    citizen = mobile_page

    # The citizen, on a phone.
    citizen.goto(f"/process/{process.slug}/")
    citizen.get_by_role("link", name="Skicka in ett bidrag").click()
    citizen.locator("#kind-letter").click()
    citizen.get_by_label("Hälsning").fill("Hej från Vaggeryd 2040!")
    citizen.locator("#id_text").fill("Tåget till Jönköping går var femtonde minut.")
    citizen.locator("#id_files").set_input_files(
        files=[{"name": "teckning.png", "mimeType": "image/png", "buffer": drawing_png()}]
    )
    citizen.locator("#id_media_description").fill("Ett tåg och en gul sol")
    citizen.locator("#id_email").fill("saga@example.org")
    citizen.locator("#id_consent_to_publish").check()
    citizen.locator("#submit-contribution").click()
    expect(citizen.locator("#receipt")).to_be_visible()
    tracking_url = citizen.locator("#tracking-link").get_attribute("href")
    letter = Contribution.objects.get()
    assert any(letter.tracking_token in m.body for m in mail.outbox), "receipt e-mail with the link"

    # The official, at a desk: tag from the inbox (htmx), publish, give feedback.
    login(page, official)
    page.goto(f"/staff/processer/{process.slug}/bidrag/")
    page.locator(f"#select-{letter.pk}").check()
    page.locator("#bulk-action").select_option("tag")
    page.locator("#bulk-theme").select_option(str(theme.pk))
    page.locator("#bulk-submit").click()
    page.locator(f"#row-{letter.pk} .vp-themes").get_by_text("Kollektivtrafik").wait_for()
    assert_accessible(page)
    page.locator(f"#row-{letter.pk} a").first.click()
    page.locator("#moderation-form input[value='published']").check()
    page.locator("#moderation-form [type=submit]").click()
    page.wait_for_load_state()
    page.locator("#feedback-form textarea[name=text]").fill(
        "Tack! Tätare tågtrafik finns med i arbetet med visionen."
    )
    page.locator("#feedback-form [type=submit]").click()
    page.get_by_text("Tack! Tätare tågtrafik finns med i arbetet med visionen.").first.wait_for()

    # The citizen follows the private link.
    citizen.goto(tracking_url)
    expect(citizen).to_have_url(re.compile(rf"/bidrag/folj/{letter.tracking_token}/$"))
    expect(citizen.locator("#tracking-themes")).to_contain_text("Kollektivtrafik")
    expect(citizen.locator("#tracking-feedback")).to_contain_text("Tätare tågtrafik")
    expect(citizen.locator("#tracking-publication")).to_have_class(re.compile("is-done"))
    assert_accessible(citizen)
