"""Writes of web surveys: building one, opening and closing it, and answering it.

What may change after the first answer (``question_save``): the wording of a question, an option
or a scale's end labels may be corrected (a typo, a clearer word) but not replaced; help texts,
pages and order may change; an option may be added at the end of a single or multiple choice
question; an optional question may be added; a required question may become optional. Everything
else (removing a question or an option, changing a question's kind or scale, making a question
required, adding an option to a ranking) would make the answers already in mean something else,
and is refused with the reason.

One module per part: ``building``, ``answering``, ``counting`` (the tally) and ``limits``;
everything is importable from ``contributions.services.surveys`` as before.
"""

from .answering import (  # noqa: F401
    Closed,
    _check_open,
    _clean_answer,
    _new_response,
    answers_clean,
    page_numbers,
    respondent_key_for,
    response_save_page,
    response_submit,
)
from .building import (  # noqa: F401
    _check_dates,
    _check_scale,
    _check_single_kind,
    _clean_options,
    _refuse_breaking_change,
    _save_options,
    _similar,
    question_delete,
    question_save,
    submitted_count,
    survey_close,
    survey_create,
    survey_delete,
    survey_open,
    survey_results_publish,
    survey_update,
)
from .counting import (  # noqa: F401
    _tally_add,
    tally_key,
    tally_rebuild,
)
from .limits import (  # noqa: F401
    CORRECTION_SIMILARITY,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_RANKING_OPTIONS,
    MAX_TEXT_ANSWER,
    SMALL_COUNT,
)
