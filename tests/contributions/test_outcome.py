"""“Ni sa – vi gjorde”: theme by theme, counts under five masked, only published quotes, public
feedback, adopted paragraphs and activities; the same number of queries however much data."""

import pytest
from django.urls import reverse

from contributions import citations
from contributions.models import ModerationState
from contributions.services.handling import feedback_give
from tests.contributions.factories import (
    ContributionFactory,
    ContributionThemeFactory,
    PublishedContributionFactory,
    ThemeFactory,
)
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.models import AgeBand, District, Role, Visibility

pytestmark = pytest.mark.django_db


def url(process):
    return reverse("process_outcome", kwargs={"slug": process.slug})


def add(theme, count, **fields):
    for _ in range(count):
        factory = PublishedContributionFactory if fields.pop("published", False) else None
        contribution = (factory or ContributionFactory)(process=theme.process, **fields)
        ContributionThemeFactory(contribution=contribution, theme=theme)


def test_counts_under_five_are_hidden_and_so_is_what_would_give_them_away(client):
    process = ProcessFactory(title="Vision 2040")
    district = District.objects.create(municipality=process.municipality, name="Hok")
    big = ThemeFactory(process=process, name="Kollektivtrafik")
    small = ThemeFactory(process=process, name="Badplatser")
    add(big, 6, kind="idea", age_band=AgeBand.AGE_20_34)
    add(big, 2, kind="letter", district=district, age_band=AgeBand.AGE_65_79)
    add(small, 3, kind="idea")
    html = client.get(url(process)).content.decode()
    big_block = html.split(f'id="tema-{big.pk}"')[1].split("</article>")[0]
    small_block = html.split(f'id="tema-{small.pk}"')[1].split("</article>")[0]
    assert "8 bidrag" in big_block
    # 8 − 6 would give the 2 letters away: the 6 ideas are hidden too (and the 6 aged 20–34).
    assert "Idé: dolt" in big_block and "Brev från framtiden: dolt" in big_block
    assert "Hok: dolt" in big_block and "20–34 år: dolt" in big_block
    assert "65–79 år: dolt" in big_block and "skyddar enskilda" in big_block
    assert "Antal bidrag: dolt" in small_block and "3" not in small_block.split("Ni sa")[1][:200]


def test_only_published_contributions_with_consent_are_quoted_but_all_are_counted(client):
    process = ProcessFactory()
    theme = ThemeFactory(process=process, name="Trygghet")
    add(theme, 1, text="Publicerat och okej att visa.", published=True)
    add(theme, 1, text="Hemligt utan samtycke.", consent_to_publish=False)
    add(theme, 1, text="Nytt och ännu inte granskat.")
    add(theme, 3, text="Fler röster.", published=True)
    html = client.get(url(process)).content.decode()
    assert "Publicerat och okej att visa." in html or "Fler röster." in html
    assert "Hemligt utan samtycke." not in html
    assert "Nytt och ännu inte granskat." not in html
    assert "6 bidrag" in html


def test_theme_feedback_adopted_paragraphs_and_activities_are_shown(client):
    process = ProcessFactory(title="Vision 2040")
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    theme = ThemeFactory(process=process, name="Värdskap")
    add(theme, 5)
    feedback_give(theme=theme, text="Vi tar med värdskapet i visionen.", by=None)
    _round, version = draft_world(process, actor=politician)
    citations.citation_add(paragraph=version.paragraphs.get(order=4), theme=theme, actor=None)
    adopt(version, clerk=clerk, bodies=bodies_for(process))
    plan = ActionPlanVersionFactory(plan__process=process, year=2026)
    item = ActionPlanItemFactory(version=plan, activity="Välkomstpaket till nya invånare")
    item.themes.set([theme])
    html = client.get(url(process)).content.decode()
    assert "Vi tar med värdskapet i visionen." in html
    assert "Vi tar emot besökare och nya invånare" in html
    assert "Välkomstpaket till nya invånare" in html and item.goal.title in html
    assert reverse("notices:follow", kwargs={"kind": "tema", "reference": theme.pk}) in html


def test_an_internal_process_has_no_public_page(client):
    process = ProcessFactory(visibility=Visibility.INTERNAL)
    response = client.get(url(process))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_script_in_a_quote_is_escaped(client):
    process = ProcessFactory()
    theme = ThemeFactory(process=process)
    add(theme, 1, text="<script>alert('hej')</script>", published=True)
    html = client.get(url(process)).content.decode()
    assert "<script>alert" not in html


def _world(process, themes: int, per_theme: int):
    district = District.objects.get_or_create(municipality=process.municipality, name="Hok")[0]
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    plan = ActionPlanVersionFactory(plan__process=process, year=2026)
    for number in range(themes):
        theme = ThemeFactory(process=process)
        add(theme, per_theme, district=district, published=True)
        add(theme, 1, moderation_state=ModerationState.INTERNAL)
        feedback_give(theme=theme, text=f"Återkoppling {number}", by=politician)
        item = ActionPlanItemFactory(version=plan)
        item.themes.set([theme])


def test_the_page_costs_the_same_number_of_queries_as_the_data_grows(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    process = ProcessFactory()
    _world(process, themes=2, per_theme=2)
    client.get(url(process))  # the layout's municipality is in the cache from now on
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(process)).status_code == 200
    _world(process, themes=8, per_theme=9)
    client.get(url(process))  # the writes gave the municipality a new version: warm it again
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(process)).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 16  # one of them looks for a published synthesis ("Ni sa")
