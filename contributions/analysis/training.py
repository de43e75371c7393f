"""What a model is built from, and the keyword matching it replaced (kept as the baseline the
evaluation prints)."""

from __future__ import annotations

import re

from . import text as swedish
from .model import Example, ThemeModel, ThemeSpec, fit


def build_model(themes: list[ThemeSpec], examples: list[Example]) -> ThemeModel | None:
    """The one way a model is built: by the worker for a process, and by the evaluation."""
    return fit(themes, examples)


def keyword_words(keywords: list[str]) -> list[str]:
    """The words of the keywords an official typed (a theme's name when it has none)."""
    words = []
    for keyword in keywords:
        for word in re.findall(r"\w+", keyword.lower()):
            if len(word) > 2 and word not in swedish.STOP_WORDS:
                words.append(word)
    return words


def keyword_suggest(text: str, keywords: dict[int, list[str]], k: int = 3) -> list[int]:
    """Themes whose keywords begin a word of ``text`` (the suggestions before this package:
    ``selectors.staff._simple_match``), the most matched first."""
    from ..selectors.staff import _simple_match

    matched = []
    for order, (theme_id, words) in enumerate(keywords.items()):
        words = keyword_words(words)
        hits = sum(_simple_match(text, [w]) for w in words)
        if hits:
            matched.append((-hits, order, theme_id))
    return [theme_id for _hits, _order, theme_id in sorted(matched)[:k]]
