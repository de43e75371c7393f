"""Themes no one has named yet: groups of untagged contributions that say related things.

Pure Python and scikit-learn, no Django: the worker calls :func:`discover` with the untagged
contributions of a process (``discovery_store.run``); the tests call it with labelled texts.

* Each text becomes TF-IDF of its words' stems and compound parts (``text.analyse``: what is
  said, not how: character n-grams would group texts by style); words in more than a third of
  the texts say nothing of a group and are left out.
* Non-negative matrix factorisation (NMF) finds as many topics as the square root of half the
  texts (3 to 20), each a weighted set of words; a text belongs to the topic that weighs most in
  it. On the labelled sets NMF put 43–44 % of a group's texts under the group's commonest theme,
  LSA with k-means 38–42 %, k-means on TF-IDF 33–36 % (12 groups, 320–330 texts in 10 themes).
* A group is described by its characteristic words: the words (as written, lower case, not
  stop words, not in more than a fifth of the texts) most frequent in it compared with the other
  groups (class-based TF-IDF), and by three representative texts: those its topic weighs most
  in most strongly, each unlike the ones already chosen.
* Groups of fewer than ``MIN_SIZE`` texts are left out, and the rest ordered largest first.
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from . import text as swedish

MIN_TEXTS = 12
MIN_SIZE = 3
MAX_GROUPS = 20
WORDS = 6
QUOTES = 3
WORD_RE = re.compile(r"(?u)\b[^\W\d_]{3,}\b")
#: Words of spoken and written Swedish that say how something is said, not what: never a
#: group's characteristic word (greetings of letters, fillers and dialect forms of interviews).
SPOKEN = frozenset(
    [
        "int",
        "inte",
        "hej",
        "hejsan",
        "tack",
        "asså",
        "alltså",
        "typ",
        "liksom",
        "nån",
        "nåt",
        "nåra",
        "dom",
        "dem",
        "vet",
        "säger",
        "sa",
        "tycker",
        "hoppas",
        "heter",
        "kommer",
        "bor",
        "sitter",
        "fick",
        "får",
        "gör",
        "går",
        "står",
    ]
)


@dataclasses.dataclass(frozen=True)
class Found:
    """Indexes into the texts given."""

    members: tuple[int, ...]
    words: tuple[str, ...]
    quotes: tuple[int, ...]


def group_count(n: int) -> int:
    return max(3, min(MAX_GROUPS, round(math.sqrt(n / 2))))


def _surface_words(text: str) -> list[str]:
    return [
        w for w in WORD_RE.findall(text.lower()) if w not in swedish.STOP_WORDS and w not in SPOKEN
    ]


def discover(texts: list[str], *, progress=None) -> list[Found]:
    """Groups of related texts, largest first; ``progress(percent)`` is called as work goes."""

    def tell(percent: int) -> None:
        if progress is not None:
            progress(percent)

    kept = [i for i, text in enumerate(texts) if len(swedish.tokens(text)) >= 3]
    if len(kept) < MIN_TEXTS:
        return []
    docs = [texts[i] for i in kept]
    x = TfidfVectorizer(
        analyzer=swedish.analyse, sublinear_tf=True, min_df=2, max_df=0.33, dtype=np.float32
    ).fit_transform(docs)
    tell(30)
    k = group_count(len(docs))
    if x.shape[1] < k:
        return []
    weights = NMF(n_components=k, random_state=0, init="nndsvda", max_iter=400).fit_transform(x)
    tell(75)
    labels = weights.argmax(axis=1)
    latent = normalize(x)
    words = _characteristic_words(docs, labels, k)
    found = []
    for cluster in range(k):
        rows = np.nonzero(labels == cluster)[0]
        if len(rows) < MIN_SIZE:
            continue
        order = rows[np.argsort(-weights[rows, cluster], kind="stable")]
        quotes: list[int] = []
        for row in order:
            if all((latent[row] @ latent[q].T).toarray()[0, 0] < 0.8 for q in quotes):
                quotes.append(int(row))
            if len(quotes) == QUOTES:
                break
        found.append(
            Found(
                members=tuple(kept[int(r)] for r in order),
                words=tuple(words[cluster]),
                quotes=tuple(kept[q] for q in quotes),
            )
        )
    tell(90)
    found.sort(key=lambda f: (-len(f.members), f.members[0]))
    return found


def _characteristic_words(docs: list[str], labels, k: int) -> list[list[str]]:
    """Per group, the words most its own (class-based TF-IDF over the groups)."""
    counts = CountVectorizer(analyzer=_surface_words, min_df=2, max_df=0.2).fit(docs)
    x = counts.transform(docs)
    vocabulary = np.array(counts.get_feature_names_out())
    if not len(vocabulary):
        return [[] for _cluster in range(k)]
    per_group = np.vstack(
        [np.asarray(x[labels == cluster].sum(axis=0)).ravel() for cluster in range(k)]
    ).astype(np.float64)
    totals = per_group.sum(axis=0)
    average = per_group.sum() / k
    tf = per_group / np.maximum(per_group.sum(axis=1, keepdims=True), 1)
    weight = tf * np.log(1 + average / np.maximum(totals, 1))
    out = []
    for cluster in range(k):
        best = np.argsort(-weight[cluster], kind="stable")[:WORDS]
        out.append([str(vocabulary[i]) for i in best if per_group[cluster, i] >= 2])
    return out
