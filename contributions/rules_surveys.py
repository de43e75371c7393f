"""Permissions of web surveys: one line each (imported by ``ContributionsConfig.ready()``).

Officials and process administrators build, open and close surveys and publish their results;
politicians read the results and exports like the rest of the material; citizens answer an
open survey of a process they can see, without an account unless the process asks for one.
"""

import rules

from visionsprocess.predicates import (
    is_process_member,
    is_signed_in,
    process_allows_anonymous_input,
    process_is_public,
)

from .predicates_staff import handles_contributions, reads_contributions

rules.add_perm("contributions.view_surveys", reads_contributions)
rules.add_perm("contributions.change_survey", handles_contributions)
rules.add_perm(
    "contributions.answer_survey",
    (process_is_public | is_process_member) & (process_allows_anonymous_input | is_signed_in),
)
