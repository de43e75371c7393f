"""Swedish search that behaves the same on PostgreSQL and on SQLite: the core's
``visionsprocess.textsearch``, which the site search and every app's search share (see there)."""

from visionsprocess.textsearch import (  # noqa: F401
    INNER_MIN,
    MAX_WORDS,
    STOP_WORDS,
    WORD_RE,
    query_stems,
    query_words,
    register_sqlite,
    sqlite_match,
    stem,
    stems_match,
)
