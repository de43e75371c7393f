"""Role × URL matrix of e-förslag: the citizens' pages (public for a public process, members only
for an internal one, 404 for anything not published) and the officials' page (officials and
administrators review and set the rules, the clerk answers)."""

import datetime as dt

import pytest
from django.utils import timezone

from contributions.models import EProposalState, RefusalRule
from tests.contributions.eproposal_factories import EProposalFactory, EProposalRulesFactory
from tests.factories import ProcessFactory
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, check_case, expect, params
from tests.worlds import module_world
from visionsprocess.models import ProcessRole, Visibility

PUBLIC_URLS = {
    "contributions:eproposal_track",  # the private link: whoever holds it (404 otherwise)
}

INTERNAL = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)

READERS = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK)
REVIEWERS = expect(FORBIDDEN, admin=OK, official=OK, superuser=OK)
CLERK = expect(FORBIDDEN, clerk=OK, superuser=OK)


def slug_of(key):
    return lambda w: {"slug": w[key].slug}


def on(key, process="process"):
    return lambda w: {"slug": w[process].slug, "pk": w[key].pk}


CASES = [
    Case("contributions:eproposals", expect(OK), slug_of("process")),
    Case("contributions:eproposals", INTERNAL, slug_of("internal")),
    Case("contributions:eproposal_new", expect(OK), slug_of("process")),
    Case(
        "contributions:eproposal_new",
        expect(OK),
        slug_of("process"),
        method="post",
        data=lambda w: {"title": "Lampor", "what": "Mer ljus.", "why": "Mörkt."},
    ),
    # Proposing is for a public process's citizens (an internal process's members included).
    Case("contributions:eproposal_new", expect(FORBIDDEN, superuser=OK), slug_of("internal")),
    Case("contributions:eproposal_new_participant", expect(OK), slug_of("process")),
    Case("contributions:eproposal", expect(OK), on("collecting")),
    Case("contributions:eproposal", expect(OK), on("answered")),
    Case("contributions:eproposal", expect(NOT_FOUND), on("submitted")),
    Case("contributions:eproposal", expect(NOT_FOUND), on("refused")),
    Case("contributions:eproposal", INTERNAL, on("internal_collecting", "internal")),
    Case("contributions:eproposal_support", expect(OK), on("collecting"), method="post"),
    Case("contributions:eproposal_support", expect(OK), on("expired"), method="post"),
    Case("contributions:eproposal_support", expect(NOT_FOUND), on("submitted"), method="post"),
    Case(
        "contributions:eproposal_support",
        expect(FORBIDDEN, superuser=OK),
        on("internal_collecting", "internal"),
        method="post",
    ),
    Case("contributions:eproposal_participant", expect(OK), on("collecting")),
    Case("contributions:eproposal_participant", expect(NOT_FOUND), on("refused")),
    Case(
        "contributions:eproposal_track",
        expect(OK),
        lambda w: {"token": w["submitted"].tracking_token},
    ),
    Case("contributions:eproposal_track", expect(NOT_FOUND), lambda w: {"token": "forged"}),
    # The officials' page.
    Case("contributions:staff_eproposals", READERS, slug_of("process")),
    Case(
        "contributions:staff_eproposal_rules",
        REVIEWERS,
        slug_of("process"),
        method="post",
        data=lambda w: {"threshold": "100", "period_days": "90", "min_age": "16"},
    ),
    Case(
        "contributions:staff_eproposal_review",
        REVIEWERS,
        on("submitted"),
        method="post",
        data=lambda w: {f"r{w['submitted'].pk}-action": "approve"},
    ),
    Case(
        "contributions:staff_eproposal_review",
        REVIEWERS | {"admin": NOT_FOUND, "official": NOT_FOUND, "superuser": NOT_FOUND},
        lambda w: {"slug": w["process"].slug, "pk": w["other_process_proposal"].pk},
        method="post",
    ),
    Case(
        "contributions:staff_eproposal_answer",
        CLERK,
        on("reached"),
        method="post",
        data=lambda w: {f"a{w['reached'].pk}-answer": "Nämnden bifaller förslaget."},
    ),
]


def matrix_world(role_users):
    process, users = role_users
    EProposalRulesFactory(process=process)
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    EProposalRulesFactory(process=internal)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal, user=users[role], role=role)
    return {
        "process": process,
        "internal": internal,
        "users": users,
        "collecting": EProposalFactory(process=process),
        "internal_collecting": EProposalFactory(process=internal),
        "submitted": EProposalFactory(process=process, state=EProposalState.SUBMITTED),
        "refused": EProposalFactory(
            process=process, state=EProposalState.REFUSED, refusal_rule=RefusalRule.UNCLEAR
        ),
        "expired": EProposalFactory(
            process=process, closes_at=timezone.now() - dt.timedelta(days=1)
        ),
        "reached": EProposalFactory(process=process, state=EProposalState.REACHED),
        "answered": EProposalFactory(
            process=process, state=EProposalState.ANSWERED, answer="Bifall."
        ),
        "other_process_proposal": EProposalFactory(),
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_eproposal_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)
