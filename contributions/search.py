"""Swedish search that behaves the same on PostgreSQL and on SQLite.

A search word matches a word of a contribution when the word's Snowball stem begins with the
search word's stem ("skolor" → skol: skola, skolan, skolgården), or, for stems of four letters
or more, contains it: Swedish puts compounds together, and "förskola", "förskolan" and
"högskolor" are kinds of skola. Every word of the search must match (stop words such as "och"
are left out, as PostgreSQL's Swedish configuration does).

* PostgreSQL keeps its Swedish full-text configuration and the GIN index. Besides the stemmed
  words, the vector holds every inner part of four letters or more of each longer stemmed word,
  marked with "~" ('förskol' also gives '~rskol', '~skol'), so "contains" is an indexed prefix
  match too (trigger in migration 0013).
* SQLite has no full-text search of this kind: a function registered on each connection stems the
  words of a contribution with the same Snowball stemmer (the ``snowballstemmer`` package) and
  applies the same rule.
"""

import functools
import json
import re

import snowballstemmer

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
