"""The limits of a survey and its questions, shared by building and answering."""

from visionsprocess.disclosure import THRESHOLD

MAX_OPTIONS = 30
MAX_RANKING_OPTIONS = 10
MAX_TEXT_ANSWER = 5000
MAX_QUESTIONS = 100
#: How alike a corrected wording must be to the old one (difflib's ratio) once answers are in.
CORRECTION_SIMILARITY = 0.6
#: Results are only published from this many respondents up (the small-count rule's threshold).
SMALL_COUNT = THRESHOLD
