"""The theme model's text features, counted without analysing a text twice.

The same TF-IDF as scikit-learn's ``TfidfVectorizer`` (sublinear tf, smoothed idf, rows of unit
length; the same vocabulary, the same ``max_features`` cut), counted faster:

* **words**: ``analyse(text)`` (stems, compound parts, re-joined compounds) is kept per text in
  a bounded cache, so a training analyses each text once for fitting and scoring, and the next
  training in the same worker only the texts that are new or edited (the features depend on the
  text alone; the cache is keyed by it);
* **characters**: a text's ``char_wb`` 3–5-grams are the sum of its words' (every n-gram lies
  inside one word padded with spaces), so each distinct word is cut into n-grams once and a
  whole process's counts are one sparse product: texts × words by words × n-grams.

A fitted vocabulary is a :class:`Vocabulary` (``vocabulary_`` and ``idf_``, the attributes a
fitted ``TfidfVectorizer`` has too, so models stored before this module score the same way).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from . import text as swedish

NGRAMS = (3, 5)
#: Texts whose word features are kept (about 1 KB each): two processes of 10,000 contributions.
TEXT_CACHE = 20_000
#: Distinct words whose n-grams are kept.
WORD_CACHE = 200_000


@dataclasses.dataclass
class Vocabulary:
    """A fitted TF-IDF vocabulary: term → column, and the inverse document frequencies."""

    vocabulary_: dict[str, int]
    idf_: np.ndarray


@functools.lru_cache(maxsize=TEXT_CACHE)
def word_features(text: str) -> tuple[str, ...]:
    """The word features of a text (``text.analyse``), kept for the next asking."""
    return tuple(swedish.analyse(text))


@functools.lru_cache(maxsize=WORD_CACHE)
def word_ngrams(word: str) -> tuple[str, ...]:
    """The character 3–5-grams of one word padded with spaces, as scikit-learn's ``char_wb``
    cuts them (a word shorter than an n-gram counts once, whole)."""
    padded = " " + word + " "
    length = len(padded)
    out = []
    for n in range(NGRAMS[0], NGRAMS[1] + 1):
        if length <= n:
            out.append(padded)
            break
        out.extend(padded[i : i + n] for i in range(length - n + 1))
    return tuple(out)


def _csr(rows: list[list[int]], n_columns: int, dtype) -> sparse.csr_matrix:
    """Counts from lists of column numbers (repeats summed), indices sorted per row."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=indptr[1:])
    indices = np.fromiter(
        itertools.chain.from_iterable(rows), dtype=np.int32, count=int(indptr[-1])
    )
    matrix = sparse.csr_matrix(
        (np.ones(len(indices), dtype=dtype), indices, indptr), shape=(len(rows), n_columns)
    )
    matrix.sum_duplicates()
    return matrix


# --- Counting -----------------------------------------------------------------------------------


def word_counts(texts: list[str], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows = []
    for text in texts:
        rows.append([vocabulary[f] for f in word_features(text) if f in vocabulary])
    return _csr(rows, len(vocabulary), np.float64)


def _texts_by_words(texts: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Texts × distinct words (split at white space), and those words folded."""
    split = [swedish.normalise(text).split() for text in texts]
    words = list(set().union(*split))
    number = {w: i for i, w in enumerate(words)}
    rows = [list(map(number.__getitem__, s)) for s in split]
    # Folding (å → a …) keeps the white space where it is: each distinct word is folded once.
    return _csr(rows, len(words), np.float32), [w.translate(swedish.FOLD) for w in words]


def char_counts(texts: list[str], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    by_words, words = _texts_by_words(texts)
    ngrams = _csr(
        [[vocabulary[g] for g in word_ngrams(w) if g in vocabulary] for w in words],
        len(vocabulary),
        np.float32,
    )
    counts = (by_words @ ngrams).tocsr()
    counts.sort_indices()
    return counts


# --- Fitting ------------------------------------------------------------------------------------


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequencies, as ``TfidfTransformer`` computes them."""
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(counts.dtype)
    df += 1.0
    idf = np.full_like(df, fill_value=counts.shape[0] + 1, dtype=counts.dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def fit_words(texts: list[str]) -> tuple[Vocabulary, sparse.csr_matrix]:
    """Every word feature of ``texts`` (in sorted order), and the texts' TF-IDF."""
    terms = sorted({f for text in texts for f in word_features(text)})
    vocabulary = {term: i for i, term in enumerate(terms)}
    if not vocabulary:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    counts = word_counts(texts, vocabulary)
    fitted = Vocabulary(vocabulary, _idf(counts))
    return fitted, tfidf(counts, fitted.idf_)


def fit_chars(texts: list[str], max_features: int) -> tuple[Vocabulary, sparse.csr_matrix]:
    """The ``max_features`` commonest character n-grams of ``texts`` (sorted; ties as
    ``CountVectorizer`` breaks them) and the texts' TF-IDF."""
    by_words, words = _texts_by_words(texts)
    # Numbered in sorted order, as the vectorizer numbers them before cutting.
    terms = sorted({g for w in words for g in word_ngrams(w)})
    number = {term: i for i, term in enumerate(terms)}
    ngrams = _csr([[number[g] for g in word_ngrams(w)] for w in words], len(terms), np.float32)
    counts = (by_words @ ngrams).tocsr()
    counts.sort_indices()
    if len(terms) > max_features:
        totals = np.asarray(counts.sum(axis=0)).ravel()
        kept = np.sort((-totals).argsort()[:max_features])
        terms = [terms[i] for i in kept]
        counts = counts[:, kept].tocsr()
        counts.sort_indices()
    vocabulary = {term: i for i, term in enumerate(terms)}
    fitted = Vocabulary(vocabulary, _idf(counts))
    return fitted, tfidf(counts, fitted.idf_)


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, each row of unit length (``TfidfTransformer.transform``)."""
    counts = counts.copy()
    np.log(counts.data, counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return normalize(counts, copy=False)
