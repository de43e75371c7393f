"""The dialog app's permissions: one line each."""

import rules

from visionsprocess.predicates import (
    is_process_admin,
    is_process_member,
    is_process_official,
)

from .predicates import is_municipality_official

# Staff pages of meetings (objects: a process or a meeting)
rules.add_perm("dialog.view_meetings_staff", is_process_member)
rules.add_perm("dialog.manage_meetings", is_process_official | is_process_admin)
rules.add_perm("dialog.view_registrations", is_process_official | is_process_admin)
# Conversation kits (object: a process or a kit)
rules.add_perm("dialog.manage_kits", is_process_official | is_process_admin)
# Consultation bodies from the register (object: a consultation)
rules.add_perm("dialog.invite_consultation_bodies", is_process_official | is_process_admin)
# The association register (object: a municipality)
rules.add_perm("dialog.manage_register", is_municipality_official)
