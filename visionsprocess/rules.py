"""The core's permissions: one line each. Views and templates ask ``has_perm``."""

import rules

from .predicates import (
    has_role_in_municipality,
    is_municipality_admin,
    is_process_admin,
    is_process_clerk,
    is_process_member,
    is_process_official,
    process_is_public,
)

rules.add_perm("visionsprocess.view_process", process_is_public | is_process_member)
# The staff area of a municipality (``obj``: the municipality; none: the request's): a role in
# one of its processes or its administration. A role in another municipality does not count.
rules.add_perm("visionsprocess.view_staff_area", has_role_in_municipality)
rules.add_perm("visionsprocess.view_process_staff", is_process_member)
rules.add_perm("visionsprocess.change_process", is_process_admin | is_process_official)
rules.add_perm("visionsprocess.manage_roles", is_process_admin)
# Publish a draft process (a new one is seen by its staff only until then).
rules.add_perm("visionsprocess.publish_process", is_process_admin)
rules.add_perm(
    "visionsprocess.render_document", is_process_official | is_process_clerk | is_process_admin
)
rules.add_perm("visionsprocess.view_document", is_process_member)
# A new process of the request's municipality: its administrators, and the platform's operator.
rules.add_perm("visionsprocess.add_process", rules.is_superuser | is_municipality_admin)
# The municipality's colours, the documents' typeface and footer (/staff/kommun/utseende/).
rules.add_perm(
    "visionsprocess.change_municipality_style", rules.is_superuser | is_municipality_admin
)
# Define the stages: add, rename, reorder, remove, what each opens (officials plan the dates).
rules.add_perm("visionsprocess.manage_stages", is_process_admin)

# --- The document pipeline (visionsprocess/documents) ---------------------------------------
from .predicates import has_document_kind_permission  # noqa: E402

# Ask for, watch and download a document of one kind: the kind's own permission on its process.
rules.add_perm("visionsprocess.use_document", has_document_kind_permission)
# Publish a finished document of a kind an official publishes by hand (the dialogue synthesis).
rules.add_perm(
    "visionsprocess.publish_document",
    has_document_kind_permission & (is_process_official | is_process_admin),
)
# The clerks' archive page and its packages.
rules.add_perm("visionsprocess.view_archive", is_process_clerk | is_process_admin)
# --- Drafting and adoption (visionsprocess/drafting) -----------------------------------------
from .predicates import (  # noqa: E402
    consultation_is_open,
    is_process_politician,
    is_signed_in,
    version_is_public,
)

rules.add_perm("visionsprocess.view_drafts", is_process_member)
rules.add_perm(
    "visionsprocess.edit_draft", is_process_politician | is_process_official | is_process_admin
)
rules.add_perm(
    "visionsprocess.comment_draft", is_process_politician | is_process_official | is_process_admin
)
rules.add_perm("visionsprocess.manage_drafting_rounds", is_process_official | is_process_admin)
rules.add_perm("visionsprocess.send_on_consultation", is_process_official | is_process_admin)
rules.add_perm(
    "visionsprocess.handle_consultation_answers",
    is_process_politician | is_process_official | is_process_admin,
)
# Reading the answers (and their attachments): those who handle them, and the clerk, who
# registers incoming consultation answers.
rules.add_perm(
    "visionsprocess.view_consultation_answers",
    is_process_politician | is_process_official | is_process_admin | is_process_clerk,
)
rules.add_perm(
    "visionsprocess.view_consultation", (process_is_public & version_is_public) | is_process_member
)
# Anyone may answer an open consultation: without an account with a name and an address
# confirmed by link, or anonymously where the process allows it (checked by the service).
rules.add_perm(
    "visionsprocess.answer_consultation",
    ((process_is_public & version_is_public) | is_process_member) & consultation_is_open,
)
# The remissammanställning is written and published by the officials.
rules.add_perm("visionsprocess.write_consultation_summary", is_process_official | is_process_admin)
rules.add_perm("visionsprocess.manage_adoption_path", is_process_clerk | is_process_admin)
rules.add_perm("visionsprocess.record_decision", is_process_clerk | rules.is_superuser)
rules.add_perm(
    "visionsprocess.view_audit_log", is_process_official | is_process_clerk | is_process_admin
)
# --- Following, notices and "Mina sidor" (visionsprocess/notices) -----------------------------
rules.add_perm("visionsprocess.view_my_pages", is_signed_in)
# Follow a process, a theme, ...: whoever may see the process it belongs to.
rules.add_perm("visionsprocess.follow", process_is_public | is_process_member)
# "Ni sa – vi gjorde": the public account of what came of the dialogue.
rules.add_perm("visionsprocess.view_outcome", process_is_public | is_process_member)
# --- Personal data (visionsprocess/retention.py) ---------------------------------------------
# Gallring of a process's personal data: its administrator (the role that answers for the
# process towards the data protection officer), and a superuser.
rules.add_perm("visionsprocess.gallra_process", is_process_admin)
