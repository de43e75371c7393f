"""The inbox filter fields a change can name.

``changes.record(..., fields=[...])`` names the filter fields whose matches a write can change,
so that the cached counts of filters on other fields stay (``counting.py``). Each is the name of
a filter of ``filters.InboxFilter`` (tests/contributions/test_inbox_counts.py checks it).
"""

KIND = "kind"
THEME = "theme"
MODERATION_STATE = "moderation_state"
FEEDBACK_STATE = "feedback_state"
SUGGESTED = "suggested"  # what the last training of the theme model suggested
COUNTED_FIELDS = frozenset({KIND, THEME, MODERATION_STATE, FEEDBACK_STATE, SUGGESTED})
