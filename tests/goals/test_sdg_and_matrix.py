"""The Agenda 2030 reference data, the Agenda 2030 page and the committees × council goals
matrix."""

import re

import pytest
from django.urls import reverse

from goals import selectors, services
from goals.models import SDG, CouncilGoalSDG
from tests.factories import ProcessFactory
from tests.goals.factories import CommitteeFactory, CommitteeGoalFactory, CouncilGoalFactory
from visionsprocess.models import BodyKind

pytestmark = pytest.mark.django_db


def test_the_17_global_goals_are_loaded_with_names_and_colours():
    sdgs = list(SDG.objects.order_by("number"))
    assert [s.number for s in sdgs] == list(range(1, 18))
    assert all(re.fullmatch(r"#[0-9A-F]{6}", s.colour) for s in sdgs)
    by_number = {s.number: s for s in sdgs}
    assert by_number[1].name_sv == "Ingen fattigdom" and by_number[1].name_en == "No poverty"
    assert by_number[3].name_sv == "God hälsa och välbefinnande"
    assert by_number[13].name_en == "Climate action" and by_number[13].colour == "#3F7E44"
    assert by_number[17].name_sv == "Genomförande och globalt partnerskap"
    assert by_number[1].colour == "#E5243B" and by_number[7].colour == "#FCC30B"
    assert len({s.colour for s in sdgs}) == 17


def test_sdg_name_follows_the_language():
    from django.utils import translation

    sdg = SDG.objects.get(number=4)
    with translation.override("sv"):
        assert sdg.name == "God utbildning för alla"
    with translation.override("en"):
        assert sdg.name == "Quality education"


def test_agenda2030_lists_every_goal_and_the_local_goals_serving_it(client):
    goal = CouncilGoalFactory()
    services.council_goal_set_sdgs(
        goal=goal, links={SDG.objects.get(number=11): "Bostäder i hela kommunen"}
    )
    rows = selectors.agenda2030(process=goal.process)
    assert len(rows) == 17
    assert [link.goal for link in rows[10].links] == [goal]
    assert all(not r.links for i, r in enumerate(rows) if i != 10)
    response = client.get(reverse("goals:agenda2030", kwargs={"slug": goal.process.slug}))
    assert response.status_code == 200
    assert "Bostäder i hela kommunen" in response.content.decode()


def test_setting_sdg_links_replaces_the_old_ones():
    goal = CouncilGoalFactory()
    services.council_goal_set_sdgs(goal=goal, links={SDG.objects.get(number=3): "a"})
    services.council_goal_set_sdgs(goal=goal, links={SDG.objects.get(number=4): "b"})
    assert list(CouncilGoalSDG.objects.filter(goal=goal).values_list("sdg__number", "how")) == [
        (4, "b")
    ]


def test_matrix_shows_every_committee_and_company_against_every_goal_with_gaps():
    process = ProcessFactory()
    goals = [CouncilGoalFactory(process=process, order=i) for i in range(2)]
    bun = CommitteeFactory(municipality=process.municipality, short_name="BUN", order=1)
    veab = CommitteeFactory(
        municipality=process.municipality, short_name="VEAB", kind=BodyKind.COMPANY, order=2
    )
    CommitteeFactory(municipality=process.municipality, short_name="KS", kind=BodyKind.KS)
    CommitteeGoalFactory(process=process, body=bun, council_goals=goals)
    CommitteeGoalFactory(process=process, body=veab, council_goals=[goals[1]])
    matrix = selectors.committee_matrix(process=process)
    assert [row.body for row in matrix.rows] == [bun, veab]  # KS sets no committee goals
    assert [[c.is_gap for c in row.cells] for row in matrix.rows] == [[False, False], [True, False]]
    assert matrix.gap_count == 1


def test_matrix_page_highlights_gaps(client, role_users):
    process, users = role_users
    goal = CouncilGoalFactory(process=process)
    CommitteeFactory(municipality=process.municipality, short_name="SON", name="Socialnämnden")
    client.force_login(users["politician"])
    response = client.get(reverse("goals:matrix", kwargs={"slug": process.slug}))
    html = response.content.decode()
    assert "matrix-gap" in html and "Socialnämnden" in html
    assert goal.title[:20] in html
    # politicians read but do not get links to add goals
    assert reverse("goals:committee_goal_create", kwargs={"slug": process.slug}) not in html


def test_matrix_query_count_does_not_grow_with_goals(
    client, role_users, django_assert_max_num_queries
):
    process, users = role_users
    goals = [CouncilGoalFactory(process=process, order=i) for i in range(4)]
    for n in range(6):
        body = CommitteeFactory(municipality=process.municipality, short_name=f"N{n}")
        for goal in goals:
            CommitteeGoalFactory(process=process, body=body, council_goals=[goal])
    client.force_login(users["official"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("goals:matrix", kwargs={"slug": process.slug}))
    assert response.status_code == 200
