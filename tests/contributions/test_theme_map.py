"""The map of what was said: sizes, nearness and links from the officials' tagging, filters,
the public version's small-count rule, publishing, and bad input."""

import pytest
from django.urls import reverse

from contributions import theme_map
from contributions.models import ContributionTheme, ThemeMapPublication
from tests.contributions.staff_factories import StaffContributionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _tag(contribution, *themes):
    for theme in themes:
        ContributionTheme.objects.create(contribution=contribution, theme=theme)


@pytest.fixture
def tagged(role_users):
    process, users = role_users
    bus = ThemeFactory(process=process, name="Kollektivtrafik")
    roads = ThemeFactory(process=process, name="Vägar och cykel")
    school = ThemeFactory(process=process, name="Skola")
    ThemeFactory(process=process, name="Aldrig nämnt")
    for _n in range(12):
        _tag(StaffContributionFactory(process=process, channel="web"), bus, roads)
    for _n in range(3):
        _tag(StaffContributionFactory(process=process, channel="interview"), school)
    for _n in range(6):
        _tag(StaffContributionFactory(process=process, channel="web"), bus)
    return process, users, bus, roads, school


def test_sizes_follow_counts_and_themes_raised_together_are_near_and_linked(tagged):
    process, _users, bus, roads, school = tagged
    built = theme_map.build(process, public=False)
    nodes = {n.theme: n for n in built.nodes}
    assert set(nodes) == {bus, roads, school}  # a theme never raised is not drawn
    assert nodes[bus].count == 18 and nodes[roads].count == 12 and nodes[school].count == 3
    assert nodes[bus].r > nodes[roads].r > nodes[school].r
    assert [(link.a.theme, link.b.theme) for link in built.links] == [(bus, roads)]

    def gap(a, b):
        return ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 - a.r - b.r

    assert gap(nodes[bus], nodes[roads]) < gap(nodes[bus], nodes[school])
    for a in built.nodes:  # nothing overlaps, everything inside the drawing
        assert a.r <= a.x <= built.width - a.r and a.r <= a.y <= built.height - a.r
        for b in built.nodes:
            if a is not b:
                assert gap(a, b) >= 0


def test_the_public_map_hides_small_counts_and_links_between_few(tagged):
    process, _users, bus, roads, school = tagged
    built = theme_map.build(process, public=True, channel="interview")
    assert [(n.theme, n.shown) for n in built.nodes] == [(school, "dolt")]
    built = theme_map.build(process, public=True)
    shown = {n.theme: n.shown for n in built.nodes}
    assert shown == {bus: "18", roads: "12", school: "dolt"}


def test_officials_publish_and_the_public_sees_it_only_then(client, tagged):
    process, users, *_themes = tagged
    public = reverse("contributions:theme_map", args=[process.slug])
    assert client.get(public).status_code == 404
    client.force_login(users["official"])
    staff = reverse("contributions:staff_theme_map", args=[process.slug])
    html = client.get(staff).content.decode()
    assert "<svg" in html and "Kollektivtrafik" in html and ">3<" in html
    response = client.post(
        reverse("contributions:staff_theme_map_publish", args=[process.slug]),
        {"publish": "yes"},
        follow=True,
    )
    assert "Kartan är offentlig nu" in response.content.decode()
    client.logout()
    html = client.get(public).content.decode()
    assert "Kollektivtrafik" in html and "dolt" in html and ">3<" not in html
    assert "färre än 5" in html
    outcome = client.get(reverse("process_outcome", args=[process.slug])).content.decode()
    assert "Se det som sades som en karta" in outcome
    client.force_login(users["official"])
    client.post(reverse("contributions:staff_theme_map_publish", args=[process.slug]), {})
    assert not ThemeMapPublication.objects.exists()
    client.logout()
    assert client.get(public).status_code == 404


def test_filters_narrow_the_map_and_bad_values_are_ignored_with_a_note(client, tagged):
    process, users, bus, _roads, school = tagged
    client.force_login(users["politician"])
    staff = reverse("contributions:staff_theme_map", args=[process.slug])
    html = client.get(staff, {"channel": "interview"}).content.decode()
    assert "Skola" in html and "Kollektivtrafik</text>" not in html
    for bad in (
        {"channel": "<script>alert(1)</script>"},
        {"district": "x" * 500},
        {"age_band": "999"},
    ):
        response = client.get(staff, bad)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ett filtervärde kändes inte igen" in html and "<script>alert(1)" not in html
        assert "Kollektivtrafik" in html  # the whole map, unfiltered


def test_a_process_without_themes_says_so(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    html = client.get(reverse("contributions:staff_theme_map", args=[process.slug])).content
    assert "Inget tema har tagits upp än." in html.decode()


def test_theme_names_with_html_are_escaped_in_the_drawing(client, role_users):
    process, users = role_users
    theme = ThemeFactory(process=process, name="<script>alert(1)</script>")
    _tag(StaffContributionFactory(process=process), theme)
    client.force_login(users["official"])
    html = client.get(reverse("contributions:staff_theme_map", args=[process.slug])).content
    assert b"<script>alert(1)" not in html and b"&lt;script&gt;" in html


def test_the_drawings_numbers_are_svg_numbers_in_swedish_too(client, tagged):
    """Swedish formats 179.7 as "179,7", which SVG reads as no number: every circle was drawn
    in the top left corner with no size, the labels piled on each other."""
    import re

    process, users, *_themes = tagged
    client.force_login(users["official"])
    html = client.get(
        reverse("contributions:staff_theme_map", args=[process.slug]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    attributes = re.findall(r'\b(?:cx|cy|r|x|y|x1|y1|x2|y2|stroke-width)="([^"]*)"', html)
    assert attributes and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in attributes)
