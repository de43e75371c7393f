"""Permissions of the citizens' side of contributions: one line each.

(The officials' side keeps its permissions in ``rules_staff.py``.)
"""

import rules

from visionsprocess.predicates import (
    is_process_member,
    is_signed_in,
    process_allows_anonymous_input,
    process_is_public,
    stage_opens,
)

from .predicates import (
    CITIZEN_INPUT_KINDS,
    attachment_consent_in_order,
    comment_is_published,
    contribution_is_published,
    stage_accepts_contributions,
    stage_open_for,
)

can_see_process = process_is_public | is_process_member

rules.add_perm("contributions.view_wall", can_see_process)
rules.add_perm(
    "contributions.submit_contribution",
    can_see_process & (process_allows_anonymous_input | is_signed_in),
)
rules.add_perm("contributions.stage_open_for_contributions", stage_accepts_contributions)
for _kind in CITIZEN_INPUT_KINDS:
    rules.add_perm(stage_open_for(_kind), stage_opens(_kind))
rules.add_perm(
    "contributions.view_attachment",
    is_process_member
    | (process_is_public & contribution_is_published & attachment_consent_in_order),
)
# The sender's own files, on the private tracking page (whatever their publication).
from .predicates import holds_tracking_link  # noqa: E402

rules.add_perm("contributions.view_tracked_attachment", holds_tracking_link)
rules.add_perm("contributions.report_contribution", process_is_public & contribution_is_published)
# The discussion of a published contribution (comments, "Håller med"): anyone may read it;
# taking part needs an account or a confirmed e-mail address, which the services check.
rules.add_perm("contributions.view_contribution", can_see_process & contribution_is_published)
rules.add_perm("contributions.discuss_contribution", process_is_public & contribution_is_published)
rules.add_perm("contributions.report_comment", process_is_public & comment_is_published)

# The discussion of each paragraph of a draft on consultation: anyone may read it while the text
# is public; taking part (comments, "Håller med") while the consultation is open, with an account
# or a confirmed e-mail address, which the services check.
from .predicates import (  # noqa: E402
    paragraph_comment_is_published,
    paragraph_is_public,
    paragraph_open_for_discussion,
)

rules.add_perm("contributions.view_paragraph_discussion", can_see_process & paragraph_is_public)
rules.add_perm("contributions.discuss_paragraph", process_is_public & paragraph_open_for_discussion)
rules.add_perm(
    "contributions.report_paragraph_comment", process_is_public & paragraph_comment_is_published
)
