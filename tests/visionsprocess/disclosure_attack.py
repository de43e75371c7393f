"""An attacker on published counts, independent of the rule in ``visionsprocess.disclosure``.

It reads what a page or a PDF shows, writes down every sum a reader knows holds (a table's rows
add up to its total, a row of a cross table to its margin ...), and narrows every number it does
not see by interval propagation: from ``total = a + b + c`` each part lies between the total
less the others' upper bounds and the total less their lower bounds, and so on, across all the
tables of the page, until nothing moves. That is every subtraction, chained. A hidden count it
pins to one value is a leak.
"""

import math
import re
from html.parser import HTMLParser

INF = math.inf
HIDDEN_WORD = "dolt"


class Attack:
    def __init__(self):
        self.lo: dict = {}
        self.hi: dict = {}
        self.hidden: set = set()
        self.sums: list[tuple[object, list]] = []

    def shown(self, key, text_or_value) -> None:
        """A number the page shows; "dolt" (hidden) is a count the reader knows is at least 1
        (zeros are shown as 0)."""
        value = parse_count(text_or_value) if isinstance(text_or_value, str) else text_or_value
        if value is None:
            self.unknown(key, low=1)
            self.hidden.add(key)
        else:
            self.lo[key] = self.hi[key] = value

    def unknown(self, key, *, low=0, high=INF) -> None:
        """A number the page does not print (but that is part of some sum)."""
        self.lo[key] = max(self.lo.get(key, 0), low)
        self.hi[key] = min(self.hi.get(key, INF), high)

    def between(self, key, low, high) -> None:
        """What the reader can tell of a number otherwise (e.g. a denominator from shares)."""
        self.lo.setdefault(key, 0)
        self.hi.setdefault(key, INF)
        self.lo[key] = max(self.lo[key], math.ceil(low))
        if high < INF:
            self.hi[key] = min(self.hi[key], math.floor(high))

    def adds_up(self, total, parts) -> None:
        for key in (total, *parts):
            self.lo.setdefault(key, 0)
            self.hi.setdefault(key, INF)
        self.sums.append((total, list(parts)))

    def run(self) -> dict:
        """Every hidden count the reader can pin down, with its value."""
        lo, hi = self.lo, self.hi
        for _round in range(500):
            moved = False
            for total, parts in self.sums:
                low_sum = sum(lo[p] for p in parts)
                high_sum = sum(hi[p] for p in parts)
                if low_sum > lo[total]:
                    lo[total], moved = low_sum, True
                if high_sum < hi[total]:
                    hi[total], moved = high_sum, True
                for p in parts:
                    others_lo = low_sum - lo[p]
                    others_hi = high_sum - hi[p] if hi[p] < INF else _sum_without(hi, parts, p)
                    new_hi = hi[total] - others_lo
                    new_lo = lo[total] - others_hi if others_hi < INF else lo[p]
                    if new_hi < hi[p]:
                        hi[p], moved = new_hi, True
                    if new_lo > lo[p]:
                        lo[p], moved = new_lo, True
            if not moved:
                break
        return {k: lo[k] for k in self.hidden if lo[k] == hi[k]}

    def bounds(self, key) -> tuple:
        return self.lo[key], self.hi[key]


def _sum_without(hi, parts, skip):
    return sum(hi[p] for p in parts if p != skip)


def parse_count(text: str) -> int | None:
    text = " ".join(text.split())
    if text.startswith(HIDDEN_WORD):
        return None
    match = re.match(r"^(\d+)", text.replace("\u00a0", ""))
    if not match:
        raise ValueError(f"not a count: {text!r}")
    return int(match.group(1))


def parse_share(text: str) -> float | None:
    """ "12,3 %" → 12.3; "–" → None."""
    match = re.search(r"(\d+(?:,\d)?)\s*%", text)
    return float(match.group(1).replace(",", ".")) if match else None


def denominator_from_shares(pairs) -> tuple[float, float]:
    """What the shown (count, share in per cent rounded to 0.1) pairs tell of their common
    denominator."""
    low, high = 0.0, INF
    for count, share in pairs:
        if count and share:
            low = max(low, 100 * count / (share + 0.05))
            high = min(high, 100 * count / (share - 0.05)) if share > 0.05 else high
    return low, high


class _Tables(HTMLParser):
    """Text of the cells of every table, by the table's id (or "caption:" and its caption):
    [[cell text, ...], ...]."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._stack: list[str | None] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "caption" and self._stack and self._stack[-1].startswith("#"):
            self._caption = []
        elif tag == "table":
            self._stack.append(dict(attrs).get("id") or f"#{len(self.tables)}")
            self.tables[self._stack[-1]] = []
        elif tag == "tr" and self._stack:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            name = "caption:" + " ".join("".join(self._caption).split())
            self.tables[name] = self.tables.pop(self._stack[-1])
            self._stack[-1] = name
            self._caption = None
        elif tag == "table" and self._stack:
            self._stack.pop()
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._stack:
                self.tables[self._stack[-1]].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables
