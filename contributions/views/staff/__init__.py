"""Views for officials: inbox, moderation, tagging, feedback, themes, overview, export,
statements from meetings. Thin: permission, form, one service, render or redirect.

One module per part: ``inbox``, ``themes`` (with the overview and population), ``export``,
``statements`` and ``common`` (lookups, rows); every view is importable from
``contributions.views.staff`` as before (``urls_staff.py`` uses that path).
"""

from .common import (  # noqa: F401
    _error_text,
    _row_labels,
    contribution_lookup,
    decorate_rows,
    meeting_lookup,
    render_rows,
    theme_lookup,
)
from .export import (  # noqa: F401
    EXPORT_CHUNK,
    EXPORT_FIELDS,
    LocalMinute,
    _bad_filter,
    _choices,
    _chunk_themes,
    _export_chunks,
    _export_source,
    _minute_value,
    export_csv,
    export_filename,
    export_header,
    export_row_chunks,
    export_rows,
    export_xlsx,
)
from .inbox import (  # noqa: F401
    NOT_COUNTED,
    _detail_context,
    _inbox_context,
    _similar_context,
    contribution_detail,
    contribution_feedback,
    contribution_moderate,
    filter_params,
    inbox,
    inbox_filter,
    suggestion_decide,
    suggestions_page,
    themes_partial_context,
)
from .statements import (  # noqa: F401
    meeting_statements,
)
from .themes import (  # noqa: F401
    POPULATION_SALT,
    _theme_save,
    overview,
    overview_charts,
    population,
    theme_delete,
    theme_edit,
    theme_feedback,
    themes,
)
