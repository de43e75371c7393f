"""Decisions of bodies as the one source of adoption facts (see ``models.decisions.Decision``).

``services``: record a decision on any registered matter; ``selectors``: the decision that
states an adoption, for pages, PDFs and archive packages; ``views``: the clerk's page of all
decisions of a process.
"""
