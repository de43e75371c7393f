"""Replaying labelled contributions through the suggestions, as an official tagging one
contribution after another would: ask for three suggestions, then learn the true themes.

Used by ``manage.py themes_evaluate``. The rows are asked and learned through the same
``training.build_model`` and ``ThemeModel.suggest`` that the worker and the contribution page
use; nothing is written to the database.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import statistics
import time

from django.utils.translation import gettext as _

from .model import Example, ThemeSpec
from .training import build_model, keyword_suggest

CHANNELS = ("web", "interview", "paper", "letter_from_future")
HEADER = ["id", "channel", "text", "themes"]
#: Rows before this one are learned from but not scored (a model has nothing to go on at first).
SCORED_FROM = 51


class BadFile(ValueError):
    """The file cannot be evaluated; the message says why, in the reader's language."""


@dataclasses.dataclass
class Row:
    id: str
    channel: str
    text: str
    themes: tuple[str, ...]


def read_rows(raw: bytes) -> list[Row]:
    """The rows of a labelled file, or :class:`BadFile` with what is wrong and where."""
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile(
            _("The file is not UTF-8 (byte %(pos)d). Save it as UTF-8 and try again.")
            % {"pos": error.start}
        ) from None
    if not content.strip():
        raise BadFile(_("The file is empty."))
    first = content.splitlines()[0]
    header = [h.strip().lower() for h in first.split(";")]
    if header != HEADER:
        if ";" not in first and ("," in first or "\t" in first):
            raise BadFile(_("The columns must be separated by semicolons (;), not commas or tabs."))
        raise BadFile(
            _("The first line must be the header “%(header)s”; it is “%(found)s”.")
            % {"header": ";".join(HEADER), "found": first[:80]}
        )
    reader = csv.reader(io.StringIO(content), delimiter=";")
    next(reader)
    rows = []
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(HEADER):
            raise BadFile(
                _("Line %(line)d has %(n)d columns, not 4 (is a “;” in the text not in quotes?).")
                % {"line": line, "n": len(fields)}
            )
        id_, channel, text, themes = (f.strip() for f in fields)
        if channel not in CHANNELS:
            raise BadFile(
                _("Line %(line)d: unknown channel “%(channel)s” (use one of %(channels)s).")
                % {"line": line, "channel": channel[:40], "channels": ", ".join(CHANNELS)}
            )
        names = tuple(dict.fromkeys(t.strip() for t in themes.split("|")))
        if not themes or any(not n for n in names):
            raise BadFile(
                _("Line %(line)d: a theme is empty (themes are separated by “|”).") % {"line": line}
            )
        rows.append(Row(id=id_, channel=channel, text=text, themes=names))
    if not rows:
        raise BadFile(_("The file has a header but no rows."))
    return rows


@dataclasses.dataclass
class Result:
    rows: int = 0
    recall: float = 0.0
    hit: float = 0.0
    baseline_recall: float = 0.0
    baseline_hit: float = 0.0
    suggest_ms: list = dataclasses.field(default_factory=list)
    train_ms: list = dataclasses.field(default_factory=list)

    def summary_line(self) -> str:
        return (
            f"recall@3={self.recall:.3f} hit@1={self.hit:.3f} "
            f"baseline_recall@3={self.baseline_recall:.3f} rows={self.rows}"
        )

    @staticmethod
    def percentile(values, q) -> float:
        if not values:
            return 0.0
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    def timing(self) -> dict:
        return {
            "suggest_median": statistics.median(self.suggest_ms) if self.suggest_ms else 0.0,
            "suggest_p95": self.percentile(self.suggest_ms, 0.95),
            "train_median": statistics.median(self.train_ms) if self.train_ms else 0.0,
            "train_max": max(self.train_ms, default=0.0),
        }


def replay(
    rows: list[Row],
    *,
    themes: list[ThemeSpec] | None = None,
    retrain_every: int = 1,
    scored_from: int = SCORED_FROM,
) -> Result:
    """Ask, then learn, row by row; recall@3 and hit@1 over rows ``scored_from`` onward.

    Themes are the file's own (in order of first mention, with only their names) unless given.
    The model is retrained after every ``retrain_every`` learned rows, as the worker retrains
    after a debounce; between two retrainings the model in use is the last one fitted.
    """
    if themes is None:
        names = list(dict.fromkeys(n for row in rows for n in row.themes))
        themes = [ThemeSpec(id=i + 1, name=n) for i, n in enumerate(names)]
    by_name = {t.name: t.id for t in themes}
    keywords = {t.id: [t.name] for t in themes}
    learned: list[Example] = []
    model = None
    result = Result()
    recalls, hits, base_recalls, base_hits = [], [], [], []
    for number, row in enumerate(rows, start=1):
        truth = [by_name[n] for n in row.themes if n in by_name]
        started = time.perf_counter()
        suggested = [t for t, _score in model.suggest(row.text)] if model else []
        elapsed = (time.perf_counter() - started) * 1000
        if number >= scored_from and truth:
            result.suggest_ms.append(elapsed)
            recalls.append(len(set(truth) & set(suggested[:3])) / len(truth))
            hits.append(1.0 if suggested[:1] and suggested[0] in truth else 0.0)
            baseline = keyword_suggest(row.text, keywords)
            base_recalls.append(len(set(truth) & set(baseline[:3])) / len(truth))
            base_hits.append(1.0 if baseline[:1] and baseline[0] in truth else 0.0)
        learned.append(Example(text=row.text, themes=tuple(truth)))
        if number % retrain_every == 0 or number == len(rows):
            started = time.perf_counter()
            model = build_model(themes, learned)
            result.train_ms.append((time.perf_counter() - started) * 1000)
    result.rows = len(recalls)
    if recalls:
        result.recall = statistics.fmean(recalls)
        result.hit = statistics.fmean(hits)
        result.baseline_recall = statistics.fmean(base_recalls)
        result.baseline_hit = statistics.fmean(base_hits)
    return result
