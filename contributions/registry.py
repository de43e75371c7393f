"""Lines of the private tracking page ("Följ ditt bidrag"), composed by the apps.

The tracking page of a contribution is a list of lines, each rendered from its own template.
This app registers the lines it knows about (received, published, read, themes, feedback);
later apps add theirs in their ``AppConfig.ready()`` without editing this app's templates::

    from contributions.registry import TrackingLine, tracking_lines

    tracking_lines.register(
        TrackingLine(
            key="drafting.citations",
            template="drafting/includes/tracking_citations.html",
            order=60,
            get_context=lambda request, contribution: (
                {"citations": contribution.citations.select_related("paragraph")}
                if contribution.citations.exists()
                else None
            ),
        )
    )

``get_context(request, contribution)`` returns the template's context (``contribution`` is always
added) or ``None`` to leave the line out. Registering a line with an existing key replaces it.
A line must show nothing about other people's contributions.
"""

from visionsprocess.registry import Section, SectionRegistry

TrackingLine = Section

# The core's section registry, rendered for one contribution (its ``process`` is added too).
tracking_lines = SectionRegistry("tracking page", subject="contribution")
