"""Where focus areas show outside their own pages, registered with the core and the
contributions app: a section of the public process page, a line on the tracking page of every
contribution they grew from (directly or through a theme), and a part of the process overview
PDF."""

from visionsprocess.registry import DocumentPart, Section, document_parts, process_sections

from . import selectors


def _process_section(request, process):
    focus_areas = list(selectors.focus_areas(process=process))
    return {"focus_areas": focus_areas} if focus_areas else None


def _tracking_line(request, contribution):
    focus_areas = selectors.focus_areas_for_contribution(contribution)
    return {"focus_areas": focus_areas} if focus_areas else None


def _overview_part(process):
    focus_areas = list(selectors.focus_areas(process=process))
    return {"focus_areas": focus_areas} if focus_areas else None


def register():
    from contributions.registry import TrackingLine, tracking_lines

    process_sections.register(
        Section(
            key="goals.focus_areas",
            template="goals/focus_areas/includes/process_section.html",
            order=16,  # the outcome of the process: after the draft or vision, before meetings
            get_context=_process_section,
            public_cache=True,
        )
    )
    tracking_lines.register(
        TrackingLine(
            key="goals.focus_areas",
            template="goals/focus_areas/includes/tracking_line.html",
            order=85,
            get_context=_tracking_line,
        )
    )
    document_parts.register(
        "process_overview",
        DocumentPart(
            key="goals.focus_areas",
            template="goals/documents/includes/overview_focus_areas.html",
            get_context=_overview_part,
            version=lambda process: selectors.focus_areas_version(process=process),
            order=50,
        ),
    )
