"""Spreadsheet exports (CSV, XLSX) of every app: cells people wrote must never run as formulas."""

# A cell starting with one of these is a formula (or, after a tab or CR, can become one).
FORMULA_FIRST = frozenset("=+-@\t\r")


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe if it would start a formula. Runs for every text cell
    of a 100,000-row export, so kept minimal; empty text and ``None`` come back as they are."""
    if text and text[0] in FORMULA_FIRST:
        return "'" + text
    return text


def safe_cell(value) -> str:
    """Any value as cell text, neutralised (``None`` becomes empty)."""
    return neutralise_formula("" if value is None else str(value))
