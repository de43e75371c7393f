"""Colours, goals and indicator states the goals documents share."""

from django.db.models import Prefetch

from ..models import (
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    Measurement,
)

GOAL_COLOURS = ("#00558c", "#2e6b30", "#a3303f", "#5b3f86", "#9c4a00", "#00696b", "#6b5a00")

# What each global goal means for a Swedish municipality, when no council goal says more.
SDG_MEANING = {
    1: "Ekonomisk trygghet för alla invånare, stöd till den som behöver det.",
    2: "Hållbar och närproducerad mat i skola, vård och omsorg.",
    3: "Goda förutsättningar för hälsa, rörelse och psykiskt välbefinnande i alla åldrar.",
    4: "En förskola och skola där alla barn når målen, och livslångt lärande.",
    5: "Lika villkor för kvinnor och män, flickor och pojkar, i allt kommunen gör.",
    6: "Rent dricksvatten och omsorg om sjöar, vattendrag och grundvatten.",
    7: "Förnybar energi och energieffektiva kommunala lokaler.",
    8: "Ett gott näringslivsklimat, jobb och praktikplatser för unga och nyanlända.",
    9: "Bredband, hållbar infrastruktur och nya idéer i samarbete med företagen.",
    10: "Minskade skillnader i livsvillkor mellan områden och grupper.",
    11: "Trygga, tillgängliga och levande orter med bostäder för alla.",
    12: "Hållbar upphandling, mindre avfall och mer återbruk.",
    13: "Minskade utsläpp och ett samhälle som klarar ett förändrat klimat.",
    14: "Minskade utsläpp till vatten som till slut når havet.",
    15: "Skydd av skog, natur och biologisk mångfald.",
    16: "Öppenhet, delaktighet och förtroende för kommunens beslut.",
    17: "Samarbete med föreningar, företag, region och andra kommuner.",
}

FIT_LEVELS = 6  # 100 % … 70 % text size, see goals/programme.css


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever is more readable on ``hex_colour``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if luminance > 0.35 else "#ffffff"


def _goals(process):
    return list(
        CouncilGoal.objects.filter(process=process)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "sdg_links",
                queryset=CouncilGoalSDG.objects.select_related("sdg").order_by("sdg__number"),
                to_attr="sdg_list",
            ),
            Prefetch(
                "committee_goals",
                queryset=CommitteeGoal.objects.select_related("body").order_by(
                    "body__order", "order", "pk"
                ),
                to_attr="committee_goal_list",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "pk").prefetch_related(
                    Prefetch(
                        "measurements",
                        queryset=Measurement.objects.order_by("year"),
                        to_attr="measurement_list",
                    )
                ),
                to_attr="indicator_list",
            ),
            Prefetch(
                "governing_documents",
                queryset=GoverningDocument.objects.select_related("adopted_by").order_by("name"),
                to_attr="governing_document_list",
            ),
        )
    )


def _indicator_status(indicator, measurements) -> tuple[str, str]:
    """(css key, Swedish words) for how an indicator is going."""
    if not measurements or indicator.target_value is None:
        return "none", "Inga värden ännu"
    latest = float(measurements[-1].value)
    target = float(indicator.target_value)
    reached = latest >= target if indicator.higher_is_better else latest <= target
    if reached:
        return "reached", "Målet är nått"
    start = float(indicator.baseline_value) if indicator.baseline_value is not None else None
    if start is None and len(measurements) > 1:
        start = float(measurements[0].value)
    if start is not None:
        better = latest > start if indicator.higher_is_better else latest < start
        if better:
            return "on_track", "På väg mot målet"
        if latest != start:
            return "off_track", "Går åt fel håll"
    return "unchanged", "Oförändrat"
