"""Demo data of the goals app: Vaggeryd's strategic development programme (Dnr KS 2019/160).

The vision "Här gör vi plats för att göra skillnad" (validity extended to 2030), the four council
goals of the term 2019–2022 as adopted by the council on 2019-05-27, committee goals from every
committee and company, indicators with four years of values, budget frames, governing documents
and an action plan with two yearly versions. The figures are invented but of a realistic size;
the Kolada key figure ids have the real format. Idempotent: running it twice gives the same data.

``data`` holds the programme's content, ``loading`` writes it; ``goals.demo.load`` as before.
"""

from .data import (
    ACTIONS,
    BUDGET,
    COMMITTEE_GOALS,
    DOCUMENTS,
    GOALS,
    INDICATORS,
    PLACE,
)
from .loading import load

__all__ = [
    "ACTIONS",
    "BUDGET",
    "COMMITTEE_GOALS",
    "DOCUMENTS",
    "GOALS",
    "INDICATORS",
    "PLACE",
    "load",
]
