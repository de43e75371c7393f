"""Permissions of the goals app: officials and administrators of the process edit, politicians
(and every other member) read everything including unpublished versions, citizens read what is
public."""

import rules

from .predicates import can_edit, can_read_everything, can_read_public

rules.add_perm("goals.view_goals", can_read_public)
# The budget per council goal is public, like the goals it funds (no staff-only data on it).
rules.add_perm("goals.view_budget", can_read_public)
rules.add_perm("goals.view_unpublished", can_read_everything)
rules.add_perm("goals.view_goals_staff", can_read_everything)
rules.add_perm("goals.change_goals", can_edit)
