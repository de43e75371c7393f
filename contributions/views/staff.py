"""Views for officials: inbox, moderation, tagging, feedback, overview, export."""
