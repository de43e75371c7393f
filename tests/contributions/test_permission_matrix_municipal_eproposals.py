"""Role × URL matrix of the municipality's own e-förslag (``/e-forslag/``): the citizens' pages
answer everyone while the municipality has opened them (404 for what is not published), and the
page that opens them is the municipality administrator's. (In this world the process's ``admin``
also administers the municipality; the other roles hold roles in a process only.)"""

import pytest

from contributions.models import EProposalState
from contributions.services.municipal_eproposals import municipal_eproposals_open
from tests.contributions.eproposal_factories import EProposalFactory, EProposalRulesFactory
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, check_case, expect, params
from tests.worlds import module_world
from visionsprocess.models import MunicipalityRole, MunicipalityRoleKind

MUNICIPALITY_ADMIN = expect(FORBIDDEN, anonymous=LOGIN, admin=OK, superuser=OK)


def on(key):
    return lambda w: {"pk": w[key].pk}


CASES = [
    Case("contributions:municipal_eproposals", expect(OK)),
    Case("contributions:municipal_eproposal_new", expect(OK)),
    Case(
        "contributions:municipal_eproposal_new",
        expect(OK),
        method="post",
        data=lambda w: {"title": "Lampor", "what": "Mer ljus.", "why": "Mörkt."},
    ),
    Case("contributions:municipal_eproposal", expect(OK), on("collecting")),
    Case("contributions:municipal_eproposal", expect(NOT_FOUND), on("submitted")),
    # A proposal of a process is not at the municipality's address.
    Case("contributions:municipal_eproposal", expect(NOT_FOUND), on("process_proposal")),
    Case("contributions:municipal_eproposal_support", expect(OK), on("collecting"), method="post"),
    Case(
        "contributions:municipal_eproposal_support",
        expect(NOT_FOUND),
        on("submitted"),
        method="post",
    ),
    Case("contributions:staff_municipal_eproposals", MUNICIPALITY_ADMIN),
    Case("contributions:staff_municipal_eproposals_open", MUNICIPALITY_ADMIN, method="post"),
]


def matrix_world(role_users):
    process, users = role_users
    municipality = process.municipality
    MunicipalityRole.objects.create(
        municipality=municipality, user=users["admin"], role=MunicipalityRoleKind.ADMIN
    )
    standing = municipal_eproposals_open(municipality=municipality)
    EProposalRulesFactory(process=standing)
    return {
        "process": process,
        "users": users,
        "collecting": EProposalFactory(process=standing),
        "submitted": EProposalFactory(process=standing, state=EProposalState.SUBMITTED),
        "process_proposal": EProposalFactory(process=process),
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_municipal_eproposal_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
