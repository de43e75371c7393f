"""The counts a published dialogue synthesis may show, and its title: shared by the document
kind (``documents``) and the document's context (``synthesis_document``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.disclosure import Cost, CountTable, Disclosure

#: The counts of the synthesis that add up to the number of contributions (``by_theme`` does
#: not: a contribution can have several themes, or none).
ADDITIVE = ("by_kind", "by_channel", "by_stage", "by_district", "by_age_band")
CHARTED = ("by_kind", "by_channel", "by_stage", "by_theme", "by_district", "by_age_band")


def protected_counts(data: dict) -> tuple[dict, Disclosure]:
    """The overview's counts as a published document may show them: the one small-count rule
    (``visionsprocess.disclosure``) over the total and every breakdown that adds up to it.
    Returns the counts with each hidden one as 0 (so no bar's length betrays it) and the rule's
    outcome (keys ``"total"`` and ``(breakdown, index)``)."""
    table = CountTable()
    total = table.add("total", data["total"], cost=Cost.MARGIN)
    for name in CHARTED:
        keys = [table.add((name, i), n) for i, (_label, n) in enumerate(data[name])]
        rest = data["total"] - sum(table.values[k] for k in keys)
        if name in ADDITIVE and rest >= 0:
            # ``rest``: counted in the total, never printed (e.g. a contribution of no stage).
            keys.append(table.add((name, "rest"), rest, cost=Cost.UNSHOWN))
            table.adds_up(total, keys)
    rule = table.protect()
    shown = dict(data)
    for name in CHARTED:
        shown[name] = [
            (label, 0 if rule.is_hidden((name, i)) else n)
            for i, (label, n) in enumerate(data[name])
        ]
    return shown, rule


def title(process) -> str:
    """E.g. "Dialogsyntes – Vision 2040 (2026-05-12)": a synthesis is a snapshot of a day."""
    return str(
        _("Dialogue synthesis – %(title)s (%(date)s)")
        % {"title": process.title, "date": timezone.localdate().isoformat()}
    )
