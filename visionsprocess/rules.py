"""The core's permissions: one line each. Views and templates ask ``has_perm``."""

import rules

from .predicates import (
    has_any_process_role,
    is_process_admin,
    is_process_clerk,
    is_process_member,
    is_process_official,
    process_is_public,
)

rules.add_perm("visionsprocess.view_process", process_is_public | is_process_member)
rules.add_perm("visionsprocess.view_staff_area", has_any_process_role)
rules.add_perm("visionsprocess.view_process_staff", is_process_member)
rules.add_perm("visionsprocess.change_process", is_process_admin | is_process_official)
rules.add_perm("visionsprocess.manage_roles", is_process_admin)
rules.add_perm(
    "visionsprocess.render_document", is_process_official | is_process_clerk | is_process_admin
)
rules.add_perm("visionsprocess.view_document", is_process_member)
rules.add_perm("visionsprocess.add_process", rules.is_superuser)

# --- The document pipeline (visionsprocess/documents) ---------------------------------------
from .predicates import has_document_kind_permission  # noqa: E402

# Ask for, watch and download a document of one kind: the kind's own permission on its process.
rules.add_perm("visionsprocess.use_document", has_document_kind_permission)
# The clerks' archive page and its packages.
rules.add_perm("visionsprocess.view_archive", is_process_clerk | is_process_admin)
