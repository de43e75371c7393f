"""Key points of a theme: sentences chosen from the contributions themselves (extractive, never
generated), central to what the theme's contributions say, different from each other, and
spread over districts, age bands and channels; each with the voices it stands for.

Pure Python and scikit-learn, no Django: ``services.synthesis`` gives it the theme's
contributions as :class:`Voice` rows and stores what it returns.

1. **Sentences.** Each text is split at . ! ? … ; and line breaks. A speaker's label at the start
   of a line ("IP:", "Svar:") is left out, and a line of the interviewer ("I:", "Intervjuare:",
   "Fråga:") is never a candidate. A span longer than ``MAX_WORDS`` words without punctuation
   (paper forms, transcribed speech) is cut before "och", "men", "så" or "för att" near the
   middle, or else every ``MAX_WORDS`` words. Leading fillers ("eh", "asså", "ja men") are
   trimmed. A candidate has at least ``MIN_WORDS`` words and ``MIN_FEATURES`` content words, and
   most of its words are Swedish words (text in another language is counted, not quoted).
2. **Centrality.** TF-IDF over ``text.analyse`` (Snowball stems, compound parts, re-joined split
   compounds) of all sentences; a sentence's centrality is the cosine between it and the
   centroid of the theme's contributions (each voice once, so fifty people saying one thing
   weigh fifty times one person saying another).
3. **Choice (MMR).** The best candidate by ``LAMBDA`` × centrality − (1 − ``LAMBDA``) × its
   largest similarity to a sentence already chosen + ``SPREAD_BONUS`` for each of district, age
   band and channel not yet among those chosen; never two sentences of one contribution, nor of
   one confirmed group of near-duplicates, nor one nearly the same as one already chosen.
   Only quotable contributions (published, with consent) give candidates.
4. **Voices.** Every contribution of the theme is counted once, for the chosen sentence it is
   nearest to (a member of a confirmed near-duplicate group for the sentence of its group, if
   one was chosen), when it is at least ``VOICE_SIMILARITY`` alike; the others are not counted
   for any key point (they are still counted for the theme).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from . import text as swedish

MIN_WORDS = 4
MAX_WORDS = 30
MAX_CHARS = 300
MIN_FEATURES = 2
#: Share of a sentence's words that must be Swedish words for it to be quoted.
SWEDISH_SHARE = 0.6
SWEDISH_ZIPF = 2.0
LAMBDA = 0.7
SPREAD_BONUS = 0.04
#: A candidate this alike to one already chosen says the same: it is not chosen.
REDUNDANT = 0.4
#: A contribution at least this alike to a chosen sentence is counted as its voice.
VOICE_SIMILARITY = 0.2
#: A sentence less central than this share of the most central one is not proposed.
MIN_CENTRALITY_SHARE = 0.3
DEFAULT_POINTS = 5

_SPLIT = re.compile(r"(?<=[.!?…;])\s+|\n+")
_SPEAKER = re.compile(r"^\s*([A-ZÅÄÖa-zåäö]{1,14}\s?\d?)\s*:\s+")
_INTERVIEWER = {"i", "f", "fråga", "intervjuare", "intervjuaren", "int", "q"}
_FILLER = re.compile(
    r"^(?:(?:eh+|öh+|ehm|hm+|mm+|asså|alltså|ja|nej|nä|men|typ|liksom|så)\b[\s,.…]*)+",
    re.IGNORECASE,
)
_BREAK_WORDS = ("och", "men", "så", "för", "eftersom", "fast", "annars")


@dataclass(frozen=True)
class Voice:
    """One contribution of the theme."""

    id: int
    text: str
    quotable: bool = False
    channel: str = ""
    district: str = ""
    age_band: str = ""
    group: int | None = None  # a confirmed near-duplicate group


@dataclass
class Point:
    contribution_id: int
    text: str
    score: float
    members: list[int] = field(default_factory=list)
    spread: dict = field(default_factory=dict)

    @property
    def voices(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Sentence:
    owner: int  # index into the voices
    text: str
    candidate: bool


def _trim(span: str) -> str:
    span = _FILLER.sub("", span.strip()).strip(" ,-–")
    if span and span[0].islower():
        span = span[0].upper() + span[1:]
    return span


def _chunks(span: str) -> list[str]:
    """A long span without punctuation cut where a clause likely begins."""
    words = span.split()
    if len(words) <= MAX_WORDS:
        return [span]
    out, start = [], 0
    while len(words) - start > MAX_WORDS:
        cut = None
        lo, hi = start + MAX_WORDS // 3, start + MAX_WORDS
        for i in range(hi, lo, -1):
            if words[i].lower().strip(",") in _BREAK_WORDS:
                cut = i
                break
        cut = cut or hi
        out.append(" ".join(words[start:cut]))
        start = cut
    out.append(" ".join(words[start:]))
    return out


def sentences(text: str) -> list[tuple[str, bool]]:
    """The spans of a text, each with whether it may be quoted as a key point (not the
    interviewer's, long and meaningful enough)."""
    out = []
    for line in (text or "").splitlines():
        interviewer = False
        match = _SPEAKER.match(line)
        if match:
            interviewer = match.group(1).strip().lower() in _INTERVIEWER
            line = line[match.end() :]
        for part in _SPLIT.split(line):
            for span in _chunks(part.strip()):
                span = _trim(span)
                if not span:
                    continue
                out.append((span, not interviewer and _quotable_span(span)))
    return out


@functools.lru_cache(maxsize=50_000)
def _english_zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return zipf_frequency(word, "en")


def _swedish_word(word: str, d) -> bool:
    """A Swedish word: common in Swedish, and not much commoner in English (Swedish text
    borrows "the", "and", "home" often enough for them to be in the Swedish list)."""
    if len(word) < 3:
        return True
    sv = d.zipf.get(swedish.restore(word), 0.0)
    return sv >= SWEDISH_ZIPF and sv >= _english_zipf(word) - 1.0


def _swedish(span: str) -> bool:
    d = swedish.dictionary()
    words = swedish.tokens(span)
    if not d.available or not words:
        return True
    known = sum(1 for w in words if _swedish_word(w, d))
    return known / len(words) >= SWEDISH_SHARE


def _quotable_span(span: str) -> bool:
    if len(span) > MAX_CHARS or swedish.word_count(span) < MIN_WORDS:
        return False
    if len(swedish.analyse(span)) < MIN_FEATURES:
        return False
    return _swedish(span)


def _spread(voices: list[Voice], members: list[int]) -> dict:
    chosen = [voices[i] for i in members]
    return {
        "channel": dict(Counter(v.channel for v in chosen if v.channel)),
        "district": dict(Counter(v.district for v in chosen if v.district)),
        "age_band": dict(Counter(v.age_band for v in chosen if v.age_band)),
    }


def spread_of(voices: list[Voice]) -> dict:
    """Who the voices were (exact counts by channel, district and age band)."""
    return _spread(voices, list(range(len(voices))))


def _analyse(text: str) -> list[str]:
    return swedish.analyse(text)


def key_points(
    voices: list[Voice],
    *,
    k: int = DEFAULT_POINTS,
    exclude: frozenset[tuple[int, str]] = frozenset(),
    keep: list[tuple[int, str]] = (),
) -> list[Point]:
    """Up to ``k`` key points for a theme's ``voices`` (best first). ``exclude``: (contribution
    id, sentence) an official removed, never proposed again; ``keep``: sentences already
    chosen (pinned by an official), which the new ones must differ from and which are
    returned first with their voices counted."""
    if not voices:
        return []
    spans: list[Sentence] = []
    for index, voice in enumerate(voices):
        for span, candidate in sentences(voice.text):
            candidate = candidate and voice.quotable and (voice.id, span) not in exclude
            spans.append(Sentence(owner=index, text=span, candidate=candidate))
    kept = [(cid, text) for cid, text in keep]
    by_id = {v.id: i for i, v in enumerate(voices)}
    texts = [s.text for s in spans] + [text for _cid, text in kept]
    if not texts:
        return []
    vectorizer = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts + [v.text for v in voices])
    except ValueError:  # no word to learn from (empty or one-word contributions only)
        return []
    matrix = normalize(matrix)
    n_spans, n_kept = len(spans), len(kept)
    span_vectors = matrix[:n_spans]
    kept_vectors = matrix[n_spans : n_spans + n_kept]
    voice_vectors = matrix[n_spans + n_kept :]
    centroid = np.asarray(voice_vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return []
    centrality = np.asarray(span_vectors @ (centroid / norm)).ravel()
    # Similarity of each span to each chosen one, filled as they are chosen.
    chosen_rows: list = [kept_vectors[i] for i in range(n_kept)]
    chosen: list[tuple[int | None, int]] = [(None, by_id.get(cid, -1)) for cid, _t in kept]
    used_owners = {owner for _s, owner in chosen if owner >= 0}
    used_groups = {voices[o].group for o in used_owners if voices[o].group is not None}
    seen = {"district": set(), "age_band": set(), "channel": set()}
    for owner in used_owners:
        _note(seen, voices[owner])
    candidates = [i for i, s in enumerate(spans) if s.candidate]
    if candidates:
        floor = MIN_CENTRALITY_SHARE * max(centrality[i] for i in candidates)
        candidates = [i for i in candidates if centrality[i] >= floor]
    while len(chosen) < n_kept + k and candidates:
        best, best_score = None, -np.inf
        if chosen_rows:
            stacked = _stack(chosen_rows)
            alike = np.asarray((span_vectors[candidates] @ stacked.T).todense())
            redundancy = alike.max(axis=1)
        else:
            redundancy = np.zeros(len(candidates))
        for j, i in enumerate(candidates):
            voice = voices[spans[i].owner]
            if spans[i].owner in used_owners or (
                voice.group is not None and voice.group in used_groups
            ):
                continue
            if redundancy[j] >= REDUNDANT or centrality[i] <= 0:
                continue
            bonus = SPREAD_BONUS * sum(
                1
                for key, value in (
                    ("district", voice.district),
                    ("age_band", voice.age_band),
                    ("channel", voice.channel),
                )
                if value and value not in seen[key]
            )
            score = LAMBDA * centrality[i] - (1 - LAMBDA) * redundancy[j] + bonus
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        owner = spans[best].owner
        chosen.append((best, owner))
        chosen_rows.append(span_vectors[best])
        used_owners.add(owner)
        if voices[owner].group is not None:
            used_groups.add(voices[owner].group)
        _note(seen, voices[owner])
        candidates = [i for i in candidates if i != best and spans[i].owner != owner]
    if not chosen:
        return []
    members = _assign(voices, voice_vectors, chosen, _stack(chosen_rows))
    points = []
    for n, (span_index, owner) in enumerate(chosen):
        if span_index is None:
            cid, text = kept[n]
            score = 0.0
        else:
            cid, text = voices[owner].id, spans[span_index].text
            score = float(centrality[span_index])
        ids = members[n]
        points.append(
            Point(
                contribution_id=cid,
                text=text,
                score=round(score, 4),
                members=[voices[i].id for i in ids],
                spread=_spread(voices, ids),
            )
        )
    return points


def _note(seen: dict, voice: Voice) -> None:
    for key in seen:
        value = getattr(voice, key)
        if value:
            seen[key].add(value)


def _stack(rows):
    from scipy.sparse import vstack

    return vstack(rows).tocsr()


def _assign(voices, voice_vectors, chosen, chosen_matrix) -> list[list[int]]:
    """Each voice to the chosen sentence it said (its own), of its group, or nearest to it."""
    members: list[list[int]] = [[] for _c in chosen]
    by_owner = {owner: n for n, (_s, owner) in enumerate(chosen) if owner >= 0}
    by_group = {}
    for n, (_s, owner) in enumerate(chosen):
        if owner >= 0 and voices[owner].group is not None:
            by_group.setdefault(voices[owner].group, n)
    alike = np.asarray((voice_vectors @ chosen_matrix.T).todense())
    for i, voice in enumerate(voices):
        if i in by_owner:
            members[by_owner[i]].append(i)
        elif voice.group is not None and voice.group in by_group:
            members[by_group[voice.group]].append(i)
        elif alike.shape[1]:
            n = int(alike[i].argmax())
            if alike[i, n] >= VOICE_SIMILARITY:
                members[n].append(i)
    return members
