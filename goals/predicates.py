"""Permission predicates of the goals app, built from the core's.

Every goals object has a ``process`` attribute (directly or through its parent), so the core's
predicates work on all of them.
"""

from visionsprocess.predicates import (  # noqa: F401
    is_process_admin,
    is_process_member,
    is_process_official,
    is_process_politician,
    process_is_public,
)

can_read_public = process_is_public | is_process_member
can_read_everything = is_process_member
can_edit = is_process_official | is_process_admin
