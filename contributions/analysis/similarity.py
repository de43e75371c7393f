"""Which contributions say about the same thing: ranked candidates for the official to confirm.

Pure Python and scikit-learn, no Django: the worker fits a :class:`SimilarityIndex` on a
process's contributions (``similarity_store.build``), the web process asks it for the
contributions most like one; the tests measure it on labelled pairs
(``tests/contributions/data/near_duplicates_pairs.csv``).

Measured on those pairs (30 pairs that say the same thing in other words, 30 that share the
topic and the place but make another point, among 330 other contributions of a process): the
other half of a pair is the most similar contribution about a third of the time and among the
five most similar about two times in three; a plain word TF-IDF finds it among the five in four
of ten. Lexical similarity cannot tell reliably, on its own, "the evening buses are too few" from
"the bus fare is too high": so nothing is grouped without an official, who confirms what the
ranking proposes. Only near-copies (a text sent twice, a campaign's text with small edits) are
proposed for the whole process at once.

How two texts are compared:

* TF-IDF of character 3–5-grams of the folded words (``text.folded``: lower case, å/ä/ö folded),
  which match a word whatever its ending, compound or misspelling ("skejtpark"/"skatepark");
* reduced to latent dimensions (``TruncatedSVD``, LSA) learned from the process's own texts, so
  that what is said with other words of the same contributions still comes near;
* the cosine of the reduced vectors. Near-copies are found on the unreduced vectors.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from . import text as swedish

#: Latent dimensions; fewer for a small process (at most a fifth of its texts).
COMPONENTS = 100
#: A text needs this many content words to be compared.
MIN_WORDS = 3
#: Unreduced similarity from which two texts are near-copies.
COPY_THRESHOLD = 0.8
#: Reduced similarity from which a pair is checked for being a near-copy.
COPY_CANDIDATE = 0.7
#: Rows compared at once when looking for near-copies (BLOCK × n floats).
BLOCK = 1000


def usable(text: str) -> bool:
    return len(swedish.tokens(text)) >= MIN_WORDS


class SimilarityIndex:
    """Vectors of a process's contributions; ``similar(...)`` ranks them against one text."""

    def __init__(self, ids: list[int], texts: list[str]):
        started = time.perf_counter()
        keep = [i for i, text in enumerate(texts) if usable(text)]
        self.ids = np.array([ids[i] for i in keep], dtype=np.int64)
        texts = [texts[i] for i in keep]
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            preprocessor=swedish.folded,
            ngram_range=(3, 5),
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.svd = None
        self.copies: list[tuple[int, int, float]] = []
        if not texts:
            self.vectors = np.zeros((0, 1), dtype=np.float32)
            self.seconds = time.perf_counter() - started
            return
        x = normalize(self.chars.fit_transform(texts))
        components = min(COMPONENTS, len(texts) // 5, x.shape[1] - 1)
        if components >= 2:
            self.svd = TruncatedSVD(n_components=components, random_state=0).fit(x)
            self.vectors = normalize(self.svd.transform(x)).astype(np.float32)
        else:
            self.vectors = x.toarray().astype(np.float32)
        self.copies = self._near_copies(x)
        self.seconds = time.perf_counter() - started

    def __len__(self) -> int:
        return len(self.ids)

    def _near_copies(self, x) -> list[tuple[int, int, float]]:
        """Pairs of ids (smaller first) whose unreduced similarity is at least COPY_THRESHOLD.
        The reduced vectors find the candidates (dense and small: cheap to compare all with
        all); only those are compared unreduced."""
        found = []
        for start in range(0, len(self.vectors), BLOCK):
            block = self.vectors[start : start + BLOCK] @ self.vectors.T
            rows, columns = np.nonzero(block >= COPY_CANDIDATE)
            pairs = [(start + r, c) for r, c in zip(rows.tolist(), columns.tolist(), strict=True)]
            pairs = [(a, b) for a, b in pairs if a < b]
            if not pairs:
                continue
            left = x[[a for a, _b in pairs]]
            right = x[[b for _a, b in pairs]]
            exact = np.asarray(left.multiply(right).sum(axis=1)).ravel()
            for (a, b), value in zip(pairs, exact.tolist(), strict=True):
                if value >= COPY_THRESHOLD:
                    found.append((int(self.ids[a]), int(self.ids[b]), round(float(value), 3)))
        found.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
        return found

    def vector(self, text: str) -> np.ndarray | None:
        """The vector of a text (one that came after the build too), or None if it says too
        little to compare."""
        if not usable(text) or not len(self.ids):
            return None
        x = normalize(self.chars.transform([text]))
        if self.svd is not None:
            return normalize(self.svd.transform(x)).astype(np.float32)[0]
        return x.toarray().astype(np.float32)[0]

    def similar(
        self, text: str, *, own_id: int | None = None, exclude=(), k: int = 5
    ) -> list[tuple[int, float]]:
        """The ``k`` contributions most like ``text`` (ids and similarity, best first), not
        ``own_id`` nor those in ``exclude``."""
        rows = np.nonzero(self.ids == own_id)[0] if own_id is not None else ()
        query = self.vectors[rows[0]] if len(rows) else self.vector(text)
        if query is None:
            return []
        scores = self.vectors @ query
        skip = set(exclude) | ({own_id} if own_id is not None else set())
        out = []
        for row in np.argsort(-scores, kind="stable"):
            cid = int(self.ids[row])
            if cid in skip or scores[row] <= 0:
                continue
            out.append((cid, round(float(scores[row]), 3)))
            if len(out) == k:
                break
        return out
