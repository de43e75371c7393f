"""The one small-count rule (``visionsprocess.disclosure``): small counts are hidden, and so is
whatever would let a reader work them out from a row, a column, the margins or a total."""

import itertools
import random

import pytest

from tests.visionsprocess.disclosure_attack import Attack
from visionsprocess.disclosure import THRESHOLD, Cost, CountTable, protect_counts


def attack_lists(counts, total, hidden, total_hidden):
    attack = Attack()
    for i, (n, h) in enumerate(zip(counts, hidden, strict=True)):
        attack.shown(i, None if h else n)
    attack.shown("total", None if total_hidden else total)
    attack.adds_up("total", range(len(counts)))
    return attack.run()


def test_counts_from_one_to_four_are_hidden_and_zero_is_shown():
    hidden, total_hidden = protect_counts([0, 1, 4, 5, 120])
    assert hidden == [False, True, True, False, False] and not total_hidden


def test_a_row_with_one_small_count_hides_the_next_smallest_too():
    """343 − 104 − 238 = 1: with the total shown, one hidden count alone is subtraction away."""
    hidden, total_hidden = protect_counts([104, 1, 238], total=343)
    assert hidden == [True, True, False] and not total_hidden
    assert attack_lists([104, 1, 238], 343, hidden, total_hidden) == {}


def test_two_ones_are_not_enough_they_would_each_be_exactly_one():
    counts = [1, 1, 50, 60]
    hidden, total_hidden = protect_counts(counts, total=112)
    assert hidden == [True, True, True, False]
    assert attack_lists(counts, 112, hidden, total_hidden) == {}


def test_a_hidden_count_could_be_anything_from_one_to_at_least_five():
    counts = [1, 5, 80]
    hidden, _total_hidden = protect_counts(counts, total=86)
    attack = Attack()
    for i, (n, h) in enumerate(zip(counts, hidden, strict=True)):
        attack.shown(i, None if h else n)
    attack.shown("total", 86)
    attack.adds_up("total", range(3))
    attack.run()
    assert attack.bounds(0) == (1, 5) and attack.bounds(1) == (1, 5)


def test_a_total_made_of_small_counts_only_is_hidden():
    hidden, total_hidden = protect_counts([1, 4], total=5)
    assert hidden == [True, True] and total_hidden
    hidden, total_hidden = protect_counts([2, 1], total=3)
    assert total_hidden


def test_counts_that_do_not_add_up_hide_only_the_small_ones():
    """A multiple-choice question: each option on its own."""
    assert protect_counts([3, 40, 41]) == ([True, False, False], False)


def test_a_count_not_printed_is_hidden_first_as_it_costs_the_reader_nothing():
    hidden, _ = protect_counts([2, 6, 9, 30], total=47, unshown=[3])
    assert hidden == [True, False, False, True]


def test_cross_table_with_margins_protects_every_row_column_and_the_grand_total():
    """3 × 3 with row, column and grand totals; one cell of 1, one of 3."""
    grid = [[40, 1, 12], [20, 30, 3], [9, 8, 50]]
    table = CountTable()
    for r, c in itertools.product(range(3), range(3)):
        table.add((r, c), grid[r][c])
    for r in range(3):
        table.add(("row", r), sum(grid[r]), cost=Cost.MARGIN)
        table.adds_up(("row", r), [(r, c) for c in range(3)])
    for c in range(3):
        table.add(("col", c), sum(row[c] for row in grid), cost=Cost.MARGIN)
        table.adds_up(("col", c), [(r, c) for r in range(3)])
    table.add("total", sum(map(sum, grid)), cost=Cost.MARGIN)
    table.adds_up("total", [("row", r) for r in range(3)])
    table.adds_up("total", [("col", c) for c in range(3)])
    rule = table.protect()
    assert rule.is_hidden((0, 1)) and rule.is_hidden((1, 2))
    assert not any(rule.is_hidden(k) for k in ("total", ("row", 0), ("col", 0)))
    attack = Attack()
    for key in rule.values:
        attack.shown(key, rule.shown(key))
    for total, parts in table.groups:
        attack.adds_up(total, parts)
    assert attack.run() == {}


@pytest.mark.parametrize("seed", range(40))
def test_random_cross_tables_give_no_hidden_count_away(seed):
    """Many small cells, zeros among them: the attacker pins none."""
    rng = random.Random(seed)
    rows, cols = rng.randint(2, 5), rng.randint(2, 6)
    grid = [[rng.choice([0, 1, 2, 3, 4, 5, 7, 12, 30]) for _ in range(cols)] for _ in range(rows)]
    table = CountTable()
    for r, c in itertools.product(range(rows), range(cols)):
        table.add((r, c), grid[r][c])
    for r in range(rows):
        table.add(("row", r), sum(grid[r]), cost=Cost.MARGIN)
        table.adds_up(("row", r), [(r, c) for c in range(cols)])
    for c in range(cols):
        table.add(("col", c), sum(row[c] for row in grid), cost=Cost.MARGIN)
        table.adds_up(("col", c), [(r, c) for r in range(rows)])
    table.add("total", sum(map(sum, grid)), cost=Cost.MARGIN)
    table.adds_up("total", [("row", r) for r in range(rows)])
    table.adds_up("total", [("col", c) for c in range(cols)])
    rule = table.protect()
    assert all(rule.is_hidden(k) for k, v in rule.values.items() if 0 < v < THRESHOLD)
    attack = Attack()
    for key, value in rule.values.items():
        # A hidden zero: the reader cannot assume it is at least 1.
        if rule.is_hidden(key) and value == 0:
            attack.unknown(key)
            attack.hidden.add(key)
        else:
            attack.shown(key, rule.shown(key))
    for total, parts in table.groups:
        attack.adds_up(total, parts)
    leaks = {k: v for k, v in attack.run().items() if rule.values[k] > 0}
    assert leaks == {}


def test_a_count_hidden_for_a_column_is_protected_in_its_row_as_well():
    """The complement chosen in column 0 is alone in its row until the row hides one more."""
    table = CountTable()
    grid = {(0, 0): 2, (0, 1): 50, (1, 0): 6, (1, 1): 40}
    for key, value in grid.items():
        table.add(key, value)
    table.add("r0", 52, cost=Cost.MARGIN)
    table.add("r1", 46, cost=Cost.MARGIN)
    table.add("c0", 8, cost=Cost.MARGIN)
    table.add("c1", 90, cost=Cost.MARGIN)
    table.adds_up("r0", [(0, 0), (0, 1)])
    table.adds_up("r1", [(1, 0), (1, 1)])
    table.adds_up("c0", [(0, 0), (1, 0)])
    table.adds_up("c1", [(0, 1), (1, 1)])
    rule = table.protect()
    assert {k for k in grid if rule.is_hidden(k)} == set(grid)


def test_an_exempt_count_is_not_hidden_for_being_small():
    table = CountTable()
    table.add("gave_no_district", 2, exempt=True)
    table.add("north", 40)
    table.add("total", 42, cost=Cost.MARGIN)
    table.adds_up("total", ["gave_no_district", "north"])
    assert not table.protect().hidden


def test_bad_input_is_refused():
    table = CountTable()
    with pytest.raises(ValueError):
        table.add("a", -1)
    table.add("a", 2)
    table.add("b", 3)
    with pytest.raises(ValueError):
        table.adds_up("a", ["b"])
    with pytest.raises(KeyError):
        table.adds_up("a", ["c"])


def test_the_attacker_finds_what_hiding_small_counts_alone_gives_away():
    """The attack can fail: the old pages hid only the 1, and 343 − 104 − 238 = 1."""
    assert attack_lists([104, 1, 238], 343, [False, True, False], False) == {1: 1}
    # And across tables: a column gives a cell away that its row then passes on.
    attack = Attack()
    attack.shown("a", None)
    attack.shown("b", None)
    attack.shown("row", 10)
    attack.shown("c", 7)
    attack.shown("col", 9)
    attack.adds_up("row", ["a", "b"])
    attack.adds_up("col", ["a", "c"])
    assert attack.run() == {"a": 2, "b": 8}
