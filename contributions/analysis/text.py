"""Swedish as people write it, turned into the words a model can learn from.

``analyse(text)`` gives the features of a text:

* lower case, and å/ä/ö restored where they were left out ("battre" → "bättre", "hogstadiet" →
  "högstadiet") when the folded word is not a Swedish word itself but a common word folds to it;
* Snowball Swedish stems ("skolorna" → "skol");
* the parts of compounds ("busshållplatsen" → buss + hållplats), found with the Swedish word
  frequencies bundled in the ``wordfreq`` package: a split is taken where both parts are common
  words (a linking -s- or a dropped -a/-e allowed: "förskoleplats" → förskola + plats);
* split compounds joined again ("sommar jobb" → sommarjobb) when the joined word is common.

``folded(text)`` is the lower-case text with å/ä/ö folded, for character n-grams, which catch
what the rules above miss (misspellings, dialect endings).

The word list is loaded once per process (about 0.3 s). If ``wordfreq`` is not installed the
features are stems only; ``DICTIONARY_STATUS`` says so and the themes page shows it.
"""

import functools
import logging
import re
import unicodedata

import snowballstemmer

from ..search import STOP_WORDS as SEARCH_STOP_WORDS

logger = logging.getLogger(__name__)

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})

#: Frequent function words of written and spoken Swedish that carry no theme.
STOP_WORDS = SEARCH_STOP_WORDS | frozenset(
    [
        "alla",
        "allt",
        "andra",
        "annat",
        "bara",
        "blir",
        "bli",
        "borde",
        "bra",
        "dem",
        "den",
        "denna",
        "dessa",
        "detta",
        "dig",
        "din",
        "ditt",
        "du",
        "där",
        "efter",
        "eller",
        "ens",
        "er",
        "ett",
        "fast",
        "finns",
        "från",
        "får",
        "ganska",
        "gå",
        "gör",
        "göra",
        "ha",
        "hela",
        "helt",
        "hur",
        "här",
        "ju",
        "just",
        "kan",
        "kanske",
        "man",
        "mer",
        "mest",
        "mig",
        "mina",
        "min",
        "mitt",
        "mycket",
        "många",
        "ni",
        "nog",
        "när",
        "någon",
        "något",
        "några",
        "också",
        "oss",
        "sen",
        "sedan",
        "ska",
        "skulle",
        "själv",
        "så",
        "tror",
        "typ",
        "vad",
        "vara",
        "varit",
        "vi",
        "vill",
        "ville",
        "vår",
        "våra",
        "vårt",
        "än",
        "ännu",
        "över",
        "under",
        "väl",
        "lite",
        "liksom",
        "asså",
        "alltså",
        "liksom",
        "sånt",
        "sån",
        "dom",
        "nåt",
        "nån",
        "ngt",
        "mkt",
        "va",
        "e",
    ]
)

#: A part of a compound must be at least this common (wordfreq's Zipf scale: 3 is once per
#: million words) and this long.
PART_ZIPF = 3.0
PART_MIN = 3
COMPOUND_MIN = 7
#: Words this common are taken as words of their own, not split ("ungdomar", "företag").
LEXICALISED_ZIPF = 4.5
JOIN_ZIPF = 2.5
RESTORE_ZIPF = 2.5

_stemmer = snowballstemmer.stemmer("swedish")


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


class _Dictionary:
    """Swedish word frequencies (Zipf) and, for restoring å/ä/ö, the commonest word per folding."""

    def __init__(self):
        self.zipf: dict[str, float] = {}
        self.unfold: dict[str, str] = {}
        self.available = False
        try:
            from wordfreq import get_frequency_dict
        except ImportError:  # pragma: no cover - wordfreq is a dependency
            logger.warning("wordfreq is not installed: themes are learned without compound parts")
            return
        import math

        best: dict[str, float] = {}
        for word, freq in get_frequency_dict("sv", wordlist="large").items():
            if freq <= 0 or not word.isalpha():
                continue
            z = math.log10(freq) + 9
            if z < 1.5:
                continue
            self.zipf[word] = z
            key = word.translate(FOLD)
            if key != word and z >= RESTORE_ZIPF and z > best.get(key, 0):
                best[key] = z
                self.unfold[key] = word
        self.available = True


@functools.cache
def dictionary() -> _Dictionary:
    return _Dictionary()


def dictionary_available() -> bool:
    return dictionary().available


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").lower()


def folded(text: str) -> str:
    return normalise(text).translate(FOLD)


def tokens(text: str) -> list[str]:
    return WORD_RE.findall(normalise(text))


@functools.lru_cache(maxsize=100_000)
def restore(word: str) -> str:
    """The word with å/ä/ö put back when it was written without them ("battre" → "bättre")."""
    d = dictionary()
    if not d.available or word != word.translate(FOLD):
        return word
    own = d.zipf.get(word, 0.0)
    candidate = d.unfold.get(word)
    if candidate and d.zipf[candidate] > own + 1.0:
        return candidate
    return word


def _part_variants(left: str) -> list[str]:
    """A compound's first part as a word: as written, without a linking -s, or with the -a/-e
    it lost ("skol" of skolgård → skola, "förskole" → förskola)."""
    variants = [left]
    if left.endswith("s") and len(left) > PART_MIN:
        variants.append(left[:-1])
    if left.endswith("e"):
        variants.append(left[:-1] + "a")
    variants.append(left + "a")
    return variants


@functools.lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The two common words a long word is made of, or ``()``."""
    d = dictionary()
    if not d.available or len(word) < COMPOUND_MIN:
        return ()
    best, best_score = (), 0.0
    if d.zipf.get(word, 0.0) >= LEXICALISED_ZIPF:
        return ()
    for i in range(PART_MIN, len(word) - PART_MIN + 1):
        left, right = word[:i], word[i:]
        right_z = d.zipf.get(right, 0.0)
        if right_z < PART_ZIPF or len(right) < PART_MIN + 1:
            continue
        written_z = d.zipf.get(left, 0.0)
        for n, variant in enumerate(_part_variants(left)):
            left_z = d.zipf.get(variant, 0.0)
            if left_z < PART_ZIPF:
                continue
            # Common parts, the head (the last part, which carries the meaning) long; the part
            # as written first, then a linking -s- dropped, then a lost -a/-e.
            bonus = 0.4 if n == 0 else (0.3 if left_z > written_z else 0.0)
            score = min(left_z, right_z) + 0.15 * len(right) + bonus
            if score > best_score:
                best, best_score = (variant, right), score
    return best


def analyse(text: str) -> list[str]:
    """The word features of ``text``: stems, compound parts (marked ``~``) and re-joined split
    compounds (marked ``+``)."""
    d = dictionary()
    words = [restore(w) for w in tokens(text)]
    out: list[str] = []
    for i, word in enumerate(words):
        if word in STOP_WORDS or len(word) < 2:
            continue
        out.append(stem(word))
        for part in split_compound(word):
            if part not in STOP_WORDS:
                out.append("~" + stem(part))
        if d.available and i + 1 < len(words):
            joined = word + words[i + 1]
            if d.zipf.get(joined, 0.0) >= JOIN_ZIPF and words[i + 1] not in STOP_WORDS:
                out.append("+" + stem(joined))
    return out


def word_count(text: str) -> int:
    return len(tokens(text))
