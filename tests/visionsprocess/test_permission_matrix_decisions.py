"""Role × URL matrix of the clerk's chain: planning a decision path, the distribution list, the
expediering and the memo are the clerk's (and a superuser's); every other member reads the
decisions page, a signed-in stranger gets 403 and an anonymous visitor the login page."""

import datetime as dt

import pytest

from tests.factories import BodyFactory
from tests.url_matrix import FORBIDDEN, OK, Case, check_case, expect, params
from tests.worlds import module_world
from visionsprocess.decisions import distribution, planning
from visionsprocess.models import BodyKind, Decision

RECORD_OK = expect(FORBIDDEN, clerk=OK, superuser=OK)


def slug(world):
    return {"slug": world["process"].slug}


CASES = [
    Case(
        "staff:decision_plan_add",
        RECORD_OK,
        slug,
        method="post",
        data=lambda w: {
            "plan-matter": "programme",
            "plan-step": "1",
            "plan-bodies": [w["ks"].pk],
            "plan-planned_date": "2019-11-06",
        },
    ),
    Case(
        "staff:decision_plan_remove",
        RECORD_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["step"].pk},
        method="post",
    ),
    Case(
        "staff:decision_distribution_add",
        RECORD_OK,
        slug,
        method="post",
        data=lambda w: {"dist-matter": "programme", "dist-name": "Kommunens ledningsgrupp"},
    ),
    Case(
        "staff:decision_distribution_remove",
        RECORD_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["entry"].pk},
        method="post",
    ),
    Case(
        "staff:decision_dispatch",
        RECORD_OK,
        lambda w: {"slug": w["process"].slug, "pk": w["decision"].pk},
        method="post",
    ),
    Case(
        "staff:decision_proposal",
        RECORD_OK,
        lambda w: {"slug": w["process"].slug, "matter": "programme"},
    ),
]


def matrix_world(role_users):
    process, users = role_users
    municipality = process.municipality
    ks = BodyFactory(municipality=municipality, kind=BodyKind.KS, short_name="KS", name="KS")
    kf = BodyFactory(municipality=municipality, kind=BodyKind.KF, short_name="KF", name="KF")
    clerk = users["clerk"]
    (step,) = planning.planned_step_add(
        process=process,
        matter="programme",
        bodies=[kf],
        step=2,
        planned_date=dt.date(2019, 11, 25),
        actor=clerk,
    )
    entry = distribution.distribution_entry_add(
        process=process, matter="programme", name="Samtliga nämnder", actor=clerk
    )
    decision = Decision.objects.create(
        process=process,
        matter="programme",
        body=ks,
        meeting_date=dt.date(2019, 11, 6),
        paragraph_number=187,
        dnr="KS 2019/160",
        outcome="approved",
    )
    return {
        "process": process,
        "users": users,
        "ks": ks,
        "step": step,
        "entry": entry,
        "decision": decision,
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_clerk_chain_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
