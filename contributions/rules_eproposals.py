"""Permissions of e-förslag: one line each (imported by ``ContributionsConfig.ready()``).

Reading: the proposals shown on the web, by anyone who may see the process. Proposing and
supporting: anyone who may see a public process; the services check who (an account or a
confirmed address) and what the rules allow. Reviewing and the rules: the process's officials;
the answer, with its decision, is the clerk's (as recording any decision).
"""

import rules

from visionsprocess.predicates import (
    is_municipality_admin,
    is_process_admin,
    is_process_clerk,
    is_process_member,
    process_is_public,
)

from .predicates_staff import handles_contributions, reads_contributions


@rules.predicate
def eproposal_is_public(user, obj=None):
    return bool(getattr(obj, "is_public", False))


rules.add_perm("contributions.view_eproposals", process_is_public | is_process_member)
rules.add_perm(
    "contributions.view_eproposal", (process_is_public | is_process_member) & eproposal_is_public
)
rules.add_perm("contributions.propose_eproposal", process_is_public)
rules.add_perm("contributions.support_eproposal", process_is_public & eproposal_is_public)
rules.add_perm("contributions.view_eproposals_staff", reads_contributions | is_process_clerk)
rules.add_perm("contributions.review_eproposal", handles_contributions)
rules.add_perm("contributions.change_eproposal_rules", handles_contributions | is_process_admin)
rules.add_perm("contributions.answer_eproposal", is_process_clerk | rules.is_superuser)
rules.add_perm(
    "contributions.open_municipal_eproposals", rules.is_superuser | is_municipality_admin
)
