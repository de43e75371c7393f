"""Swedish search that behaves the same on PostgreSQL and on SQLite, for every kind of text.

A search word matches a word of a text when the word's Snowball stem begins with the search
word's stem ("skolor" → skol: skola, skolan, skolgården), or, for stems of four letters or more,
contains it: Swedish puts compounds together, and "förskola", "förskolan" and "högskolor" are
kinds of skola. Every word of the search must match (stop words such as "och" are left out, as
PostgreSQL's Swedish configuration does).

* PostgreSQL keeps its Swedish full-text configuration and GIN indexes. Besides the stemmed
  words, a vector holds every inner part of four letters or more of each longer stemmed word,
  marked with "~" ('förskol' also gives '~rskol', '~skol'), so "contains" is an indexed prefix
  match too. Contributions keep such a vector in a column (a trigger, contributions migration
  0013); every other searchable text is indexed through the function ``vp_search_vector(text)``
  (migration ``0024_site_search``), in a functional GIN index of its table. The function is
  declared costly (``COST 5000``, migration ``0028_search_function_cost``): with the default
  cost the planner computed it for every row of a table of a few thousand rows (175 ms for the
  meetings) instead of reading the index (2 ms).
* SQLite has no full-text search of this kind: a function registered on each connection stems the
  words of a text with the same Snowball stemmer (the ``snowballstemmer`` package) and applies the
  same rule.

The contributions app's search (``contributions.search``) is this module.
"""

import functools
import json
import re

import snowballstemmer
from django.db import connections
from django.db.models import BooleanField, F, Func, TextField, Value
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

#: PostgreSQL's Swedish stop words (share/tsearch_data/swedish.stop, from the Snowball project).
STOP_WORDS = frozenset(
    [
        "och",
        "det",
        "att",
        "i",
        "en",
        "jag",
        "hon",
        "som",
        "han",
        "på",
        "den",
        "med",
        "var",
        "sig",
        "för",
        "så",
        "till",
        "är",
        "men",
        "ett",
        "om",
        "hade",
        "de",
        "av",
        "icke",
        "mig",
        "du",
        "henne",
        "då",
        "sin",
        "nu",
        "har",
        "inte",
        "hans",
        "honom",
        "skulle",
        "hennes",
        "där",
        "min",
        "man",
        "ej",
        "vid",
        "kunde",
        "något",
        "från",
        "ut",
        "när",
        "efter",
        "upp",
        "vi",
        "dem",
        "vara",
        "vad",
        "över",
        "än",
        "dig",
        "kan",
        "sina",
        "här",
        "ha",
        "mot",
        "alla",
        "under",
        "någon",
        "eller",
        "allt",
        "mycket",
        "sedan",
        "ju",
        "denna",
        "själv",
        "detta",
        "åt",
        "utan",
        "varit",
        "hur",
        "ingen",
        "mitt",
        "ni",
        "bli",
        "blev",
        "oss",
        "din",
        "dessa",
        "några",
        "deras",
        "blir",
        "mina",
        "samma",
        "vilken",
        "er",
        "sådan",
        "vår",
        "blivit",
        "dess",
        "inom",
        "mellan",
        "sådant",
        "varför",
        "varje",
        "vilka",
        "ditt",
        "vem",
        "vilket",
        "sitta",
        "sådana",
        "vart",
        "dina",
        "vars",
        "vårt",
        "våra",
        "ert",
        "era",
        "vilkas",
    ]
)
#: Stems at least this long also match inside a longer word (compounds).
INNER_MIN = 4
MAX_WORDS = 20
WORD_RE = re.compile(r"\w+")

_stemmer = snowballstemmer.stemmer("swedish")


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def query_words(text: str) -> list[str]:
    """The words of a search that count: lower case, no stop words, at most 20."""
    words = [w.lower() for w in WORD_RE.findall(text or "")]
    return [w for w in words if w not in STOP_WORDS][:MAX_WORDS]


def query_stems(text: str) -> list[str]:
    seen = []
    for word in query_words(text):
        s = stem(word)
        if s and s not in seen:
            seen.append(s)
    return seen


def stems_match(stems: list[str], text_stems: set[str]) -> bool:
    for s in stems:
        if len(s) >= INNER_MIN:
            if not any(s in t for t in text_stems):
                return False
        elif not any(t.startswith(s) for t in text_stems):
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _text_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in WORD_RE.findall(text))


def sqlite_match(text: str | None, stems_json: str) -> int:
    """The SQLite function ``vp_swedish_match(text, '["skol", ...]')``: 1 if it matches."""
    if not text:
        return 0
    stems = json.loads(stems_json)
    return int(stems_match(stems, _text_stems(text)))


def register_sqlite(sender, connection, **kwargs):
    """``connection_created`` receiver: give every SQLite connection the match function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "vp_swedish_match", 2, sqlite_match, deterministic=True
        )


# --- Matching a search against any model's text ------------------------------------------------

#: Only this much of what someone typed is read (a search is a few words, never a page).
MAX_QUERY_CHARS = 200


def clean_query(text: str | None) -> str:
    """What is left of a search box's value: whitespace folded, at most 200 characters."""
    return " ".join(str(text or "").split())[:MAX_QUERY_CHARS]


def tsquery(stems: list[str]) -> str:
    """The tsquery of a search's stems: every stem a prefix of a word ('skol':*) or, for stems of
    four letters or more, of an inner part of one ('~skol':*). Stems hold only word characters
    (``WORD_RE``), so no tsquery operator or quote can be injected."""
    parts = []
    for s in stems:
        if len(s) >= INNER_MIN:
            parts.append(f"('{s}':* | '~{s}':*)")
        else:
            parts.append(f"'{s}':*")
    return " & ".join(parts)


class TextOf(Func):
    """The searchable text of a row: its fields joined by spaces, NULLs as ''.

    Written out (``coalesce(a, '') || ' ' || coalesce(b, '')``) without parameters, so that on
    PostgreSQL the expression is the very one a functional index of the table was built on
    (``concat_ws`` cannot be indexed: it is not immutable)."""

    output_field = TextField()

    def __init__(self, *fields: str):
        super().__init__(*[F(name) for name in fields])

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, sql_params = compiler.compile(expression)
            parts.append(f"coalesce({sql}, '')")
            params.extend(sql_params)
        return "(" + " || ' ' || ".join(parts) + ")", params


class _Matches(Func):
    output_field = BooleanField()


class _VectorMatches(Func):
    """``vp_search_vector(<text>) @@ '<query>'::tsquery`` (PostgreSQL)."""

    output_field = BooleanField()

    def __init__(self, text, query: str):
        super().__init__(text)
        self.query = query

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"vp_search_vector({sql}) @@ %s::tsquery", [*params, self.query]


class _ColumnMatches(Func):
    """``<tsvector column> @@ '<query>'::tsquery`` (PostgreSQL); ``broad``: the function behind
    the operator, ``ts_match_vq(<column>, '<query>')``, which no index serves (see
    ``matching``)."""

    output_field = BooleanField()

    def __init__(self, column: str, query: str, *, broad: bool = False):
        super().__init__(F(column))
        self.query = query
        self.broad = broad

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if self.broad:
            return f"ts_match_vq({sql}, %s::tsquery)", [*params, self.query]
        return f"{sql} @@ %s::tsquery", [*params, self.query]


def matching(
    queryset,
    stems: list[str],
    *,
    fields: tuple[str, ...],
    vector: str | None = None,
    broad: bool = False,
):
    """The rows of ``queryset`` whose text (``fields`` joined) holds every one of ``stems``.

    On PostgreSQL through the stored tsvector ``vector`` when the table keeps one (contributions),
    else through ``vp_search_vector(text)``, which the table's functional GIN index serves when
    ``fields`` are the fields the index was built on, in the same order. On SQLite through the
    registered ``vp_swedish_match``. No stems (only stop words or punctuation): no rows.

    ``broad`` (a stored vector only) is for reading a page of a search known to match many rows:
    the match is written as ``ts_match_vq()``, which the GIN index does not serve, so PostgreSQL
    walks the index of the queryset's order and checks rows until the page is full (the same
    rows, found without fetching and sorting thousands; see ``contributions.selectors.staff``).
    """
    if not stems:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        if vector:
            return queryset.filter(_ColumnMatches(vector, tsquery(stems), broad=broad))
        return queryset.filter(_VectorMatches(TextOf(*fields), tsquery(stems)))
    return queryset.filter(
        _Matches(TextOf(*fields), Value(json.dumps(stems)), function="vp_swedish_match")
    )


# --- Showing where a text matched --------------------------------------------------------------

SNIPPET_CHARS = 240


def _word_matches(word: str, stems: list[str]) -> bool:
    s = stem(word)
    return any((q in s) if len(q) >= INNER_MIN else s.startswith(q) for q in stems)


def snippet(text: str | None, stems: list[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """A piece of ``text`` around its first matching word, with every matching word in it marked
    (``<mark>``); everything else escaped. Without a match, the beginning of the text."""
    text = " ".join(str(text or "").split())
    words = list(WORD_RE.finditer(text))
    first = next((m for m in words if _word_matches(m.group(), stems)), None)
    start = 0
    if first is not None and first.start() > length // 3:
        start = first.start() - length // 3
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    piece = text[start:end]
    out, pos = [], 0
    for m in WORD_RE.finditer(piece):
        if _word_matches(m.group(), stems):
            out.append(escape(piece[pos : m.start()]))
            out.append(format_html("<mark>{}</mark>", m.group()))
            pos = m.end()
    out.append(escape(piece[pos:]))
    html = "".join(str(part) for part in out)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 - every part escaped above
