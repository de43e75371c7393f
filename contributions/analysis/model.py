"""The theme model of one process: learned from the officials' tagging, asked for suggestions.

Pure Python and scikit-learn, no Django: the worker fits it from the process's examples
(``training.examples_for_process``), the web process loads the fitted object and asks it; the
evaluation command fits and asks the very same class.

What it combines, per theme:

* a linear model (logistic regression, one theme against the rest) over TF-IDF of the words'
  stems, compound parts and re-joined split compounds, and of character 3–5-grams of the folded
  text (misspellings, dialect); an official's rejection of a theme is a negative example for it,
  weighted double;
* the nearest tagged contributions (cosine over the word features): what was said the same way
  before is tagged the same way;
* the theme's own words (name, description, example phrases): a prior that carries the theme
  before anything is tagged and fades as its tagged examples grow.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from . import features
from . import text as swedish

#: How many tagged examples of its own a theme needs before its words (description, example
#: phrases) count for half; a theme with only a name says less and fades sooner.
PRIOR_HALF = 4
PRIOR_HALF_NAME_ONLY = 0.5
KNN = 12
#: Rows scored together for the nearest neighbours (a block's similarities are held dense).
KNN_BLOCK = 512
CHAR_FEATURES = 40_000
CHAR_WEIGHT = 0.8
#: The linear model learns from at most this many (the most recent) examples.
MAX_LINEAR_EXAMPLES = 2500
#: The nearest neighbours are looked for among at most this many (the most recent) tagged ones.
MAX_KNN_EXAMPLES = 5000
#: Threads for the work that lets go of the interpreter (liblinear, sparse products).
FIT_THREADS = 2
LINEAR_WEIGHT = 0.8
C = 8.0


@dataclasses.dataclass(frozen=True)
class ThemeSpec:
    id: int
    name: str
    description: str = ""
    examples: tuple[str, ...] = ()

    def text(self) -> str:
        return "\n".join([self.name, self.description, *self.examples])

    def has_words(self) -> bool:
        return bool(self.description.strip() or any(e.strip() for e in self.examples))


@dataclasses.dataclass(frozen=True)
class Example:
    """A contribution an official has decided on: its themes, and the themes rejected for it."""

    text: str
    themes: tuple[int, ...] = ()
    rejected: tuple[int, ...] = ()


def _word_analyser(text: str) -> list[str]:
    """The word analyser of the models stored before ``features`` (kept so they still load)."""
    return swedish.analyse(text)


class ThemeModel:
    """A fitted model; ``suggest(text)`` ranks the themes for one text."""

    def __init__(self, themes: list[ThemeSpec], examples: list[Example]):
        started = time.perf_counter()
        self.theme_ids = [t.id for t in themes]
        self.theme_names = {t.id: t.name for t in themes}
        self.example_count = len(examples)
        self.dictionary = swedish.dictionary_available()
        index = {t: i for i, t in enumerate(self.theme_ids)}
        n_themes = len(themes)
        docs = [e.text for e in examples]
        theme_docs = [t.text() for t in themes]
        # Each text is analysed once (``features``). The linear model learns from the most
        # recent MAX_LINEAR_EXAMPLES examples (and the themes' own words): beyond a few thousand
        # it gains little and costs seconds; the nearest neighbours use every tagged example.
        n_docs = len(docs)
        first = max(0, n_docs - MAX_LINEAR_EXAMPLES)
        self.words, x_words = features.fit_words(docs + theme_docs)
        recent = list(range(first, n_docs)) + list(range(n_docs, n_docs + n_themes))
        self.chars, x_chars = features.fit_chars(docs[first:] + theme_docs, CHAR_FEATURES)
        x_train = self._combine(x_words[recent], x_chars)
        x_themes = x_train[len(recent) - n_themes :]
        # Labels: +1 tagged, 0 not tagged (an official tagging one theme says the others do not
        # fit), rejected weighted double. The theme's own words are one positive example more.
        y = np.zeros((len(docs) + n_themes, n_themes), dtype=np.int8)
        weight = np.ones((len(docs) + n_themes, n_themes), dtype=np.float32)
        for row, example in enumerate(examples):
            for t in example.themes:
                if t in index:
                    y[row, index[t]] = 1
            for t in example.rejected:
                if t in index and not y[row, index[t]]:
                    weight[row, index[t]] = 2.0
        for i in range(n_themes):
            y[len(docs) + i, i] = 1
        self.positives = y[: len(docs)].sum(axis=0).astype(np.int32)
        labels = y
        y, weight = y[recent], weight[recent]
        coef = np.zeros((n_themes, x_train.shape[1]), dtype=np.float32)
        bias = np.full(n_themes, -4.0, dtype=np.float32)

        def one_against_rest(i: int) -> None:
            column = y[:, i]
            if column.min() == column.max():
                return
            clf = LogisticRegression(
                C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=200
            )
            clf.fit(x_train, column, sample_weight=weight[:, i])
            coef[i] = clf.coef_[0]
            bias[i] = clf.intercept_[0]

        # liblinear lets go of the interpreter while it fits: the themes are fitted on two
        # threads (each writes only its own row, so the result is the same as one by one).
        with ThreadPoolExecutor(max_workers=FIT_THREADS) as pool:
            list(pool.map(one_against_rest, range(n_themes)))
        self.coef = np.ascontiguousarray(coef.T)  # features × themes
        self.bias = bias
        # Nearest neighbours over the word features of the tagged contributions only (the most
        # recent MAX_KNN_EXAMPLES: scoring a whole process compares each text with every one).
        tagged = [row for row, e in enumerate(examples) if e.themes][-MAX_KNN_EXAMPLES:]
        n_words = len(self.words.vocabulary_)
        self.knn_x = (
            normalize(x_words[tagged]).astype(np.float32)
            if tagged
            else sparse.csr_matrix((0, n_words), dtype=np.float32)
        )
        self.knn_y = sparse.csr_matrix(labels[tagged].astype(np.float32))
        self.theme_x = normalize(x_themes).astype(np.float32)
        self.has_words = np.array([t.has_words() for t in themes])
        self.seconds = time.perf_counter() - started

    def _features(self, texts: list[str]):
        # ``words`` and ``chars`` are ``features.Vocabulary``s (a model stored before them has
        # fitted ``TfidfVectorizer``s, with the same two attributes, counted the same way).
        words = features.tfidf(features.word_counts(texts, self.words.vocabulary_), self.words.idf_)
        chars = features.tfidf(features.char_counts(texts, self.chars.vocabulary_), self.chars.idf_)
        return self._combine(words, chars), words

    @staticmethod
    def _combine(words, chars):
        return normalize(sparse.hstack([words, chars * CHAR_WEIGHT]).tocsr()).astype(np.float32)

    def scores(self, texts: list[str]) -> np.ndarray:
        """One row per text, one column per theme (``theme_ids``), higher is likelier."""
        n_themes = len(self.theme_ids)
        if not n_themes:
            return np.zeros((len(texts), 0))
        x, words = self._features(texts)
        linear = np.asarray(x @ self.coef) + self.bias
        linear = 1.0 / (1.0 + np.exp(-linear))
        prior = (x @ self.theme_x.T).toarray()
        top = prior.max(axis=1, keepdims=True)
        prior = np.divide(prior, top, out=np.zeros_like(prior), where=top > 0)
        knn = np.zeros((len(texts), n_themes), dtype=np.float32)
        if self.knn_x.shape[0]:
            # The labels of the tagged examples as a dense array (examples × themes, small), and
            # the similarities in dense blocks of rows: the KNN most similar per row are picked
            # for the whole block at once (a row with fewer than KNN similar examples picks
            # zeros too, which add nothing to the votes nor to their sum).
            # The products in single precision (as the examples are stored), with the examples
            # turned once for the whole call rather than once per block.
            labels = self.knn_y.toarray()
            k = min(KNN, self.knn_x.shape[0])
            queries = words.astype(np.float32)
            examples_t = self.knn_x.T.tocsr()

            def block(start: int) -> None:
                sims = (queries[start : start + KNN_BLOCK] @ examples_t).toarray()
                if sims.shape[1] > k:
                    keep = np.argpartition(-sims, k - 1, axis=1)[:, :k]
                    values = np.take_along_axis(sims, keep, axis=1)
                else:
                    keep = np.broadcast_to(np.arange(sims.shape[1]), sims.shape)
                    values = sims
                votes = np.einsum("rk,rkt->rt", values, labels[keep])
                total = values.sum(axis=1, keepdims=True)
                knn[start : start + KNN_BLOCK] = np.divide(
                    votes, total, out=np.zeros_like(votes), where=total > 0
                )

            starts = range(0, len(texts), KNN_BLOCK)
            if len(starts) == 1:
                block(0)
            else:
                # The sparse products let go of the interpreter: a whole process's blocks are
                # scored on two threads (each writes only its own rows).
                with ThreadPoolExecutor(max_workers=FIT_THREADS) as pool:
                    list(pool.map(block, starts))

        # The theme's own words weigh as much as everything learned until it has PRIOR_HALF
        # tagged examples, then less and less.
        half = np.where(self.has_words, PRIOR_HALF, PRIOR_HALF_NAME_ONLY)
        prior_weight = half / (half + self.positives)
        learned = LINEAR_WEIGHT * linear + (1 - LINEAR_WEIGHT) * knn
        return (1 - prior_weight) * learned + prior_weight * prior

    def suggest(self, text: str, *, exclude=(), k: int = 3) -> list[tuple[int, float]]:
        """The ``k`` likeliest themes for ``text`` (not those in ``exclude``), best first."""
        return self.suggest_many([text], excludes=[exclude], k=k)[0]

    def suggest_many(self, texts: list[str], *, excludes, k: int = 3):
        """``suggest`` for many texts at once (the worker's batch for the inbox filter)."""
        out: list[list[tuple[int, float]]] = [[] for _text in texts]
        useful = [i for i, text in enumerate(texts) if swedish.tokens(text)]
        if not self.theme_ids or not useful:
            return out
        matrix = self.scores([texts[i] for i in useful])
        for row, i in zip(matrix, useful, strict=True):
            exclude = excludes[i]
            for column in np.argsort(-row, kind="stable"):
                theme_id = self.theme_ids[column]
                if theme_id in exclude or row[column] <= 0:
                    continue
                out[i].append((theme_id, float(row[column])))
                if len(out[i]) == k:
                    break
        return out


def fit(themes: list[ThemeSpec], examples: list[Example]) -> ThemeModel | None:
    """A model for ``themes``, or ``None`` when there is nothing to learn from yet (no theme, or
    no theme with a description, example phrases or a tagged contribution)."""
    if not themes:
        return None
    if not any(e.themes for e in examples) and not any(t.has_words() for t in themes):
        return None
    return ThemeModel(themes, examples)
