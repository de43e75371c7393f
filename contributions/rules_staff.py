"""Permissions of the officials' side of contributions: one line each.

django-rules autodiscovers only ``rules.py``; ``ContributionsConfig.ready()`` imports this module.
"""

import rules

from .predicates_staff import handles_contributions, reads_contributions

rules.add_perm("contributions.view_inbox", reads_contributions)
rules.add_perm("contributions.view_overview", reads_contributions)
rules.add_perm("contributions.export_contributions", reads_contributions)
rules.add_perm("contributions.view_contributor_email", handles_contributions)
rules.add_perm("contributions.moderate_contribution", handles_contributions)
rules.add_perm("contributions.tag_contribution", handles_contributions)
rules.add_perm("contributions.give_feedback", handles_contributions)
rules.add_perm("contributions.manage_themes", handles_contributions)
rules.add_perm("contributions.enter_statements", handles_contributions)
rules.add_perm("contributions.record_input", handles_contributions)
# Officials enter and import population figures too (the overview compares with them).
rules.add_perm("contributions.change_population", handles_contributions)
# Answering as the municipality in a discussion, and the moderation queue of comments.
rules.add_perm("contributions.answer_as_municipality", handles_contributions)
rules.add_perm("contributions.moderate_discussion", handles_contributions)
# The synthesis: read by all who read the contributions; drafted, edited and published by
# those who may publish the map of the themes (those who tag).
rules.add_perm("contributions.view_synthesis", reads_contributions)
rules.add_perm("contributions.edit_synthesis", handles_contributions)
rules.add_perm("contributions.publish_synthesis", handles_contributions)
