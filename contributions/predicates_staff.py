"""Predicates of the officials' side of contributions, built from the core's role predicates."""

from visionsprocess.predicates import (
    is_process_admin,
    is_process_official,
    is_process_politician,
)

# Officials handle contributions; process administrators (and superusers) may do all they do.
handles_contributions = is_process_official | is_process_admin
# Politicians read the material (inbox, overview, export without e-mail addresses).
reads_contributions = handles_contributions | is_process_politician
