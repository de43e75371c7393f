"""The one rule for counts of people the public sees: small counts stay hidden, and so does
anything that would let someone work them out.

Every public page, chart, PDF and export that shows counts of people (who took part, "Ni sa – vi
gjorde", published survey results, the dialogue synthesis) builds a :class:`CountTable` of ALL
the numbers it shows or lets a reader work out (including the totals, and the denominators its
percentages give away), says which of them add up to which (:meth:`CountTable.adds_up`), and
shows only what :meth:`CountTable.protect` leaves visible. Staff pages show exact figures.

The rule
--------
1. *Primary suppression*: a count of 1 to 4 (``THRESHOLD`` − 1) is hidden. A zero is shown as 0:
   it says that no one took part, which describes no one, and the pages exist to show whose
   voices are missing.
2. *Secondary suppression*: wherever counts add up to a total (a row, a column, the margins, a
   table and its grand total, a share and its denominator), the hidden ones must not be
   recoverable by subtraction. A group of numbers that adds up is safe when either

   * its total is hidden and at least one of its parts is too (the total then has no upper
     bound), or
   * at least two of its parts are hidden and, knowing their sum from the total, each of them
     could still be anything from 1 to at least ``THRESHOLD`` (the sum of the hidden parts,
     less one for each other hidden part, is at least ``THRESHOLD``): no one can tell a hidden
     count from the others, nor even that it is small.

   An unsafe group hides one more of its numbers: first one that is not displayed anyway (a
   count the page never prints, such as "age band known, district not"), then the smallest
   displayed part above zero, then its total. Looking one step ahead, a part whose other
   groups could then be mended with a cell is preferred to one that would cost them a margin. Where none is left, it is enough that no hidden
   number is exact (at least two values possible), hiding a zero if need be. This repeats
   over all groups of the table until nothing changes, so a number hidden for one group
   (a column) is protected in every other group it belongs to (its row, the margins).
3. A few counts are *exempt* from step 1 because they say nothing about anyone and the page
   gives them away anyway (how many did not give their age band or district: the percentages'
   denominators are the total less them). Step 2 hides them only as a last resort.

Every hidden count is shown the same way ("hidden", with a note): a reader cannot tell a small
count from one hidden to protect it. A percentage of a hidden count is hidden too.

What the rule does not do: it defends against subtraction within each group that adds up (what a
reader of a table can do with pen and paper, and what the tests attack); it is not a full
linear-programming audit of every combination of groups.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from django.utils.translation import gettext_lazy as _

#: Counts from 1 to THRESHOLD − 1 are hidden from the public.
THRESHOLD = 5

#: How every hidden count reads.
HIDDEN = _("hidden")
#: The note under every table or chart with hidden counts.
HIDDEN_NOTE = _(
    "“hidden”: fewer than 5 people, or a number hidden so that such a count cannot be worked "
    "out from the others. This protects individuals."
)


class Cost(IntEnum):
    """What it costs the reader to hide a number; secondary suppression hides the cheapest."""

    UNSHOWN = 0  # never printed anyway (a cell of a cross table the page leaves out)
    CELL = 1  # a count in a table or chart
    MARGIN = 2  # a total, a margin, or a denominator whose percentages would go too
    PUBLIC = 3  # given away anyway (see ``CountTable.add``): hidden only as a last resort


@dataclass
class Disclosure:
    """The outcome of the rule for one table: which counts may be shown."""

    values: dict[Hashable, int]
    hidden: frozenset

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden

    def shown(self, key: Hashable) -> int | None:
        """The count, or ``None`` when it is hidden."""
        return None if key in self.hidden else self.values.get(key, 0)

    def text(self, key: Hashable) -> str:
        """The count as the public sees it: the number, or "hidden"."""
        value = self.shown(key)
        return str(HIDDEN) if value is None else str(value)

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden)


@dataclass
class CountTable:
    """All the counts shown together (one page, one document), and how they add up."""

    values: dict[Hashable, int] = field(default_factory=dict)
    cost: dict[Hashable, Cost] = field(default_factory=dict)
    exempt: set = field(default_factory=set)
    groups: list[tuple[Hashable, tuple[Hashable, ...]]] = field(default_factory=list)

    def add(
        self, key: Hashable, value: int, *, cost: Cost = Cost.CELL, exempt: bool = False
    ) -> Hashable:
        """A count the page shows (or gives away, e.g. a percentage's denominator; or leaves
        out: ``Cost.UNSHOWN``). ``exempt``: a count that says nothing about anyone and that the
        page gives away anyway (how many did not give their district): never hidden for being
        small, and hidden for another only as a last resort."""
        if value < 0:
            raise ValueError(f"negative count for {key!r}")
        self.values[key] = int(value)
        self.cost[key] = Cost.PUBLIC if exempt else cost
        if exempt:
            self.exempt.add(key)
        return key

    def adds_up(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """``total`` is the sum of ``parts`` (all of them keys already added)."""
        parts = tuple(parts)
        missing = [k for k in (total, *parts) if k not in self.values]
        if missing:
            raise KeyError(f"not in the table: {missing!r}")
        if sum(self.values[k] for k in parts) != self.values[total]:
            raise ValueError(f"{total!r} is not the sum of its parts")
        self.groups.append((total, parts))

    def protect(self) -> Disclosure:
        values = self.values
        hidden = {k for k, v in values.items() if 0 < v < THRESHOLD and k not in self.exempt}
        self._member_of: dict[Hashable, list[int]] = {}
        for index, (total, parts) in enumerate(self.groups):
            for key in (total, *parts):
                self._member_of.setdefault(key, []).append(index)
        changed = True
        while changed:
            changed = False
            for index, (total, parts) in enumerate(self.groups):
                if self._range(total, parts, hidden) >= THRESHOLD:
                    continue
                extra = self._complement(index, hidden)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
        return Disclosure(values=dict(values), hidden=frozenset(hidden))

    def _range(self, total, parts, hidden) -> float:
        """How many values each hidden number of the group could take, for a reader who knows
        every shown number, that hidden counts above zero are at least 1, and the rule."""
        hidden_parts = [k for k in parts if k in hidden]
        if total in hidden:  # the total has no upper bound, once one part is hidden too
            return float("inf") if hidden_parts or not parts else 1
        if not hidden_parts:
            return float("inf")
        if len(hidden_parts) < 2:
            return 1
        known_sum = sum(self.values[k] for k in hidden_parts)
        lower_bounds = sum(1 for k in hidden_parts if self.values[k] > 0)
        return known_sum - lower_bounds + 1

    def _complement(self, index: int, hidden: set) -> Hashable | None:
        """The next number to hide in an unsafe group, or ``None`` when the group is as safe as
        it can be made without hiding what the page gives away anyway."""
        total, parts = self.groups[index]
        order = {k: i for i, k in enumerate(parts)}
        open_parts = [k for k in parts if k not in hidden]

        def cheapest(keys):
            return min(keys, key=lambda k: (self.cost[k], self.values[k], order.get(k, -1)))

        positive = [k for k in open_parts if self.values[k] > 0 and self.cost[k] < Cost.PUBLIC]
        if positive:
            # Looking one step ahead: a count whose hiding leaves its other groups (its row,
            # when it was hidden for its column) to be mended by a cell, not by a margin.
            return min(
                positive,
                key=lambda k: (
                    max(self.cost[k], self._knock_on(k, index, hidden)),
                    self.cost[k],
                    self.values[k],
                    order[k],
                ),
            )
        if total not in hidden and self.cost[total] < Cost.PUBLIC:
            return total
        # No count can widen the range to THRESHOLD: it is enough that none is exact.
        if self._range(total, parts, hidden) >= 2:
            return None
        zeros = [k for k in open_parts if self.cost[k] < Cost.PUBLIC]
        if zeros:
            return cheapest(zeros)
        rest = open_parts + ([total] if total not in hidden else [])
        return cheapest(rest) if rest else None

    def _knock_on(self, key: Hashable, index: int, hidden: set) -> Cost:
        """What hiding ``key`` costs in the other groups it belongs to: the dearest of the
        numbers they would hide next (``Cost.UNSHOWN`` when they stay safe)."""
        worst = Cost.UNSHOWN
        trial = hidden | {key}
        for other in self._member_of.get(key, ()):
            if other == index:
                continue
            total, parts = self.groups[other]
            if self._range(total, parts, trial) >= THRESHOLD:
                continue
            fixes = [
                self.cost[k]
                for k in parts
                if k not in trial and self.values[k] > 0 and self.cost[k] < Cost.PUBLIC
            ]
            if fixes:
                worst = max(worst, min(fixes))
            elif total not in trial:
                worst = max(worst, self.cost[total])
            else:
                worst = max(worst, Cost.PUBLIC)
        return worst


def protect_counts(
    counts: list[int], *, total: int | None = None, unshown: Iterable[int] = ()
) -> tuple[list[bool], bool]:
    """The rule for one list of counts, optionally adding up to a ``total`` shown with them
    (``unshown``: the indexes of counts that are part of the sum but never printed). Returns
    whether each count is hidden, and whether the total is. Without a total the counts are
    independent (e.g. a multiple-choice question): only small counts are hidden."""
    table = CountTable()
    unshown = set(unshown)
    for i, n in enumerate(counts):
        table.add(i, n, cost=Cost.UNSHOWN if i in unshown else Cost.CELL)
    if total is not None:
        table.add("total", total, cost=Cost.MARGIN)
        table.adds_up("total", range(len(counts)))
    result = table.protect()
    return [result.is_hidden(i) for i in range(len(counts))], result.is_hidden("total")
