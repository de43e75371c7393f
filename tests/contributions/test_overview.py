"""The overview page: counts by kind, theme, stage, district, age band; population comparison."""

import pytest
from django.urls import reverse
from django.utils import translation

from contributions.models import ContributionKind, ContributionTheme, PopulationFigure
from contributions.selectors.staff import contribution_overview
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory
from visionsprocess.models import District

pytestmark = pytest.mark.django_db


def _as_text(overview):
    """Evaluate the lazy labels in the language active now."""
    result = dict(overview)
    for key, value in overview.items():
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            result[key] = [
                tuple(
                    str(part) if part is not None and not isinstance(part, int | float) else part
                    for part in row
                )
                for row in value
            ]
    return result


@pytest.fixture
def data(role_users):
    process, users = role_users
    hok = District.objects.create(municipality=process.municipality, name="Hok")
    vaggeryd = District.objects.create(municipality=process.municipality, name="Vaggeryd")
    theme = ThemeFactory(process=process, name="Skola")
    for _ in range(3):
        c = StaffContributionFactory(process=process, district=hok, age_band="13-19")
        ContributionTheme.objects.create(contribution=c, theme=theme)
    StaffContributionFactory(
        process=process, kind=ContributionKind.LETTER, district=vaggeryd, age_band="65-79"
    )
    StaffContributionFactory(process=process, kind=ContributionKind.LETTER)
    return process, users, hok, vaggeryd, theme


def test_overview_numbers(data):
    process, _users, hok, vaggeryd, _theme = data
    with translation.override("en"):
        overview = _as_text(contribution_overview(process=process))
    assert overview["total"] == 5
    assert dict(overview["by_kind"])["Idea"] == 3
    assert dict(overview["by_kind"])["Letter from the future"] == 2
    assert dict(overview["by_theme"])["Skola"] == 3
    assert dict(overview["by_district"]) == {"Hok": 3, "Vaggeryd": 1, None: 1}
    assert dict(overview["by_age_band"])["13–19"] == 3
    assert dict(overview["by_age_band"])[None] == 1


def test_population_comparison_in_per_cent(client, data):
    process, users, hok, vaggeryd, _theme = data
    client.force_login(users["admin"])
    response = client.post(
        reverse("contributions:staff_population", kwargs={"slug": process.slug}),
        {"year": 2025, "age_13-19": 1000, "age_65-79": 3000, f"district_{hok.pk}": 2500,
         f"district_{vaggeryd.pk}": 7500},
    )  # fmt: skip
    assert response.status_code == 302
    assert PopulationFigure.objects.count() == 4
    with translation.override("en"):
        overview = _as_text(contribution_overview(process=process))
    ages = {label: (ours, pop) for label, ours, pop in overview["age_comparison"]}
    assert ages["13–19"] == (75.0, 25.0)
    districts = {label: (ours, pop) for label, ours, pop in overview["district_comparison"]}
    assert districts["Hok"] == (75.0, 25.0)


def test_population_form_rejects_negative_numbers_and_keeps_input(client, data):
    process, users, hok, _v, _t = data
    client.force_login(users["admin"])
    response = client.post(
        reverse("contributions:staff_population", kwargs={"slug": process.slug}),
        {"year": 2025, "age_13-19": -5, f"district_{hok.pk}": 123},
    )
    assert response.status_code == 400
    assert 'value="123"' in response.content.decode()
    assert not PopulationFigure.objects.exists()


def test_overview_page_has_accessible_svg_charts_and_tables(client, data):
    process, users, *_ = data
    client.force_login(users["politician"])
    content = client.get(
        reverse("contributions:staff_overview", kwargs={"slug": process.slug})
    ).content.decode()
    assert content.count('role="img"') >= 5
    assert "<title id=" in content and "<desc id=" in content
    assert content.count("<table") >= 5
    assert "Skola" in content
