"""Fitting documents of two-page spreads (the programme): the measures and the corrector's
interface. Kept apart from ``rendering`` so that apps can define their fitters without loading
WeasyPrint when they are imported."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SpreadMeasure:
    """How one spread came out: its pages, and how much content spilled past its two pages."""

    anchor: str
    pages: int
    overflow_mm: float


class Fitter:
    """Fits a document made of two-page spreads (the programme) in as few layouts as possible.

    The document's context is built to fit from the start (e.g. chart heights chosen from the
    spread's content), so that usually the first layout is the only one. ``adjust(context,
    measures)`` gets the measure of every spread of that layout and returns a corrected context
    for another layout, or ``None`` when everything fits (or nothing more can be done).
    """

    anchors: list[str] = []

    def adjust(self, context: dict, measures: list[SpreadMeasure]) -> dict | None:
        raise NotImplementedError
