"""Permissions of citations ("bygger på"); one line each."""

import rules

from visionsprocess.predicates import (
    is_process_admin,
    is_process_member,
    is_process_official,
    is_process_politician,
    process_is_public,
    version_is_public,
)

rules.add_perm(
    "contributions.cite_in_paragraph",
    is_process_politician | is_process_official | is_process_admin,
)
rules.add_perm(
    "contributions.view_paragraph_sources",
    (process_is_public & version_is_public) | is_process_member,
)
