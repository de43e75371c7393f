"""The goals app's document kinds: the strategic development programme and the action plan.

Both are rendered from the process (source = the VisionProcess); ``source_version`` is a hash of
the modification times of everything that goes into the document, so a second click while one
rendering of the same content is under way joins it.

The programme follows Vaggeryd's frame (Dnr KS 2019/160): a cover, seven spreads (with four
council goals) and a back cover; each spread starts on an even (left) page. With N council goals
the document has 8 + 2N pages. Text is never cut: a spread whose content is longer than its two
pages is rendered again one size step smaller (``fit`` levels, see ``fit_spreads``), up to a
smallest readable size; only beyond that does the spread grow by whole spreads.
"""

import hashlib
import re

from django.db.models import Count, Max, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import DocumentKind, documents
from visionsprocess.services import absolute_url

from . import selectors
from .charts import format_value, indicator_chart
from .models import (
    SDG,
    ActionPlanVersion,
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


def parse_reference(reference: str) -> dict:
    """Pick body, date, § and Dnr out of e.g. "KF 2019-02-25 § 12, Dnr KS 2019/160"."""
    result = {}
    if match := re.search(r"Dnr\s*:?\s*([A-ZÅÄÖ]{1,6}\s+\d{4}/\d+)", reference or ""):
        result["dnr"] = match.group(1)
    if match := re.search(r"§\s*\d+", reference or ""):
        result["paragraph"] = match.group(0)
    if match := re.search(r"\d{4}-\d{2}-\d{2}", reference or ""):
        result["adopted_date"] = match.group(0)
    if match := re.match(r"\s*([A-ZÅÄÖ]{2,6})\b", reference or ""):
        result["deciding_body"] = match.group(1)
    return result


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


def _indicator_context(indicator):
    measurements = indicator.measurement_list
    status, status_label = _indicator_status(indicator, measurements)
    unit = indicator.unit_symbol
    return {
        "indicator": indicator,
        "chart": indicator_chart(indicator, measurements, width=560, height=230),
        "current": format_value(measurements[-1].value, unit) if measurements else None,
        "current_year": measurements[-1].year if measurements else None,
        "target": format_value(indicator.target_value, unit)
        if indicator.target_value is not None
        else None,
        "baseline": format_value(indicator.baseline_value, unit)
        if indicator.baseline_value is not None
        else None,
        "measurements": [(m.year, format_value(m.value, unit)) for m in measurements],
        "status": status,
        "status_label": status_label,
    }


def _quote(process):
    """A published quote from the dialogue for the back cover, or None."""
    try:
        from contributions.models import Contribution
    except ImportError:  # pragma: no cover
        return None
    contribution = (
        Contribution.objects.for_process(process)
        .published()
        .exclude(text="")
        .order_by("-kind", "created", "pk")
        .first()
    )
    if contribution is None:
        return None
    text = contribution.text.strip()
    if len(text) > 320:
        text = text[:320].rsplit(" ", 1)[0] + " …"
    return {"text": text, "who": contribution.pseudonym or "En deltagare i dialogen"}


def programme_context(process):
    try:
        vision = process.vision
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        vision = None
    goals = _goals(process)
    goal_blocks = []
    all_indicators = []
    for index, goal in enumerate(goals):
        colour = GOAL_COLOURS[index % len(GOAL_COLOURS)]
        committees = {}
        for committee_goal in goal.committee_goal_list:
            committees.setdefault(committee_goal.body, []).append(committee_goal)
        indicators = [_indicator_context(i) for i in goal.indicator_list]
        all_indicators += indicators
        goal_blocks.append(
            {
                "goal": goal,
                "number": index + 1,
                "anchor": f"goal-{index + 1}",
                "spread": f"spread-{index + 3}",
                "colour": colour,
                "text_colour": _text_colour(colour),
                "examples": goal.example_list,
                "committees": list(committees.items()),
                "sdgs": [
                    {
                        "sdg": link.sdg,
                        "how": link.how,
                        "text_colour": _text_colour(link.sdg.colour),
                    }
                    for link in goal.sdg_list
                ],
                "indicators": indicators,
                "governing_documents": goal.governing_document_list,
            }
        )
    sdg_goals = {}
    for block in goal_blocks:
        for link in block["sdgs"]:
            sdg_goals.setdefault(link["sdg"].number, []).append(block)
    sdgs = [
        {
            "sdg": sdg,
            "text_colour": _text_colour(sdg.colour),
            "meaning": SDG_MEANING.get(sdg.number, ""),
            "goals": sdg_goals.get(sdg.number, []),
        }
        for sdg in SDG.objects.order_by("number")
    ]
    reference = parse_reference(vision.adopted_reference if vision else "")
    terms = sorted({goal.term_label for goal in goals})
    progress = {
        key: sum(1 for i in all_indicators if i["status"] == key)
        for key in ("reached", "on_track", "unchanged", "off_track", "none")
    }
    link = absolute_url(reverse("process_detail", kwargs={"slug": process.slug}))
    return {
        "process": process,
        "municipality": process.municipality,
        "vision": vision,
        "values": vision.value_list if vision else [],
        "goals": goal_blocks,
        "goal_count": len(goal_blocks),
        "sdgs": sdgs,
        "reference": reference,
        "adopted_reference": vision.adopted_reference if vision else "",
        "terms": terms,
        "quote": _quote(process),
        "short_link": link.split("://", 1)[-1],
        "link": link,
        "progress": progress,
        "indicator_count": len(all_indicators),
        "document_title": programme_title(process),
        "document_subject": (
            f"Strategiskt utvecklingsprogram för {process.municipality.name}: vision, "
            f"fullmäktigemål, Agenda 2030 och uppföljning"
        ),
        "document_keywords": programme_kind_keywords(),
        # The spreads the fitting loop of render_pdf watches, in order, each allowed two pages;
        # the back cover closes the last one.
        "fit_spreads": [f"spread-{k}" for k in range(1, len(goal_blocks) + 4)] + ["back-cover"],
    }


def programme_kind_keywords():
    return ["strategiskt utvecklingsprogram", "fullmäktigemål", "Agenda 2030", "vision"]


def programme_title(process) -> str:
    return f"Strategiskt utvecklingsprogram – {process.municipality.name}"


def _stamp(*querysets) -> str:
    parts = []
    for queryset in querysets:
        aggregate = queryset.aggregate(n=Count("pk"), latest=Max("modified"))
        parts.append(f"{aggregate['n']}:{aggregate['latest']}")
    return "|".join(parts)


def programme_version(process) -> str:
    vision_stamp = ""
    try:
        vision_stamp = process.vision.modified.isoformat()
    except Exception:  # noqa: BLE001
        vision_stamp = "-"
    raw = "|".join(
        [
            process.modified.isoformat(),
            vision_stamp,
            _stamp(
                CouncilGoal.objects.filter(process=process),
                CommitteeGoal.objects.filter(process=process),
                Indicator.objects.filter(goal__process=process),
                Measurement.objects.filter(indicator__goal__process=process),
                GoverningDocument.objects.filter(process=process),
            ),
            str(CouncilGoalSDG.objects.filter(goal__process=process).count()),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def programme_metadata(process) -> dict:
    try:
        vision = process.vision
    except Exception:  # noqa: BLE001
        vision = None
    reference = parse_reference(vision.adopted_reference if vision else "")
    terms = CouncilGoal.objects.filter(process=process).aggregate(end=Max("term_end"))
    return {
        "document_name": programme_title(process),
        "document_type": "Program",
        "deciding_body": reference.get("deciding_body", ""),
        "adopted_date": reference.get("adopted_date", ""),
        "paragraph": reference.get("paragraph", ""),
        "dnr": reference.get("dnr", ""),
        "responsible": "Kommunledningskontoret",
        "valid_until": f"{terms['end']}-12-31" if terms["end"] else "",
        "last_revised": process.modified.date().isoformat(),
    }


# --- The action plan ----------------------------------------------------------------------------


def current_action_plan_version(process):
    """The published version in force, else the newest draft."""
    return (
        selectors.current_version(process=process)
        or ActionPlanVersion.objects.filter(plan__process=process).order_by("-revision").first()
    )


def action_plan_context(process):
    version = current_action_plan_version(process)
    items = []
    if version is not None:
        items = list(
            version.items.select_related("goal", "responsible").order_by(
                "goal__order", "goal_id", "order", "pk"
            )
        )
    groups = {}
    for item in items:
        groups.setdefault(item.goal, []).append(item)
    counts = {}
    for item in items:
        counts[item.get_status_display()] = counts.get(item.get_status_display(), 0) + 1
    return {
        "process": process,
        "municipality": process.municipality,
        "version": version,
        "groups": [
            {
                "goal": goal,
                "colour": GOAL_COLOURS[index % len(GOAL_COLOURS)],
                "items": group,
            }
            for index, (goal, group) in enumerate(groups.items())
        ],
        "counts": counts,
        "item_count": len(items),
        "document_title": _action_plan_title(process, version),
        "document_subject": f"Handlingsplan för uppföljning av {process.title}",
        "document_keywords": ["handlingsplan", "uppföljning", "fullmäktigemål"],
    }


def action_plan_title(process) -> str:
    return _action_plan_title(process, current_action_plan_version(process))


def _action_plan_title(process, version) -> str:
    suffix = f" {version.year} (rev. {version.revision})" if version else ""
    return f"Handlingsplan för uppföljning{suffix} – {process.municipality.name}"


def action_plan_version_stamp(process) -> str:
    version = current_action_plan_version(process)
    if version is None:
        return "none"
    items = version.items.aggregate(n=Count("pk"), latest=Max("modified"))
    raw = f"{version.pk}|{version.modified.isoformat()}|{items['n']}|{items['latest']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def action_plan_metadata(process) -> dict:
    version = current_action_plan_version(process)
    return {
        "document_name": _action_plan_title(process, version),
        "document_type": "Plan",
        "responsible": "Kommunledningskontoret",
        "valid_until": f"{version.year}-12-31" if version else "",
        "last_revised": version.modified.date().isoformat() if version else "",
    }


documents.register(
    DocumentKind(
        key="programme",
        label=_("Strategic development programme"),
        template="goals/documents/programme.html",
        build_context=programme_context,
        source_version=programme_version,
        title=programme_title,
        keywords=tuple(programme_kind_keywords()),
        metadata=programme_metadata,
    )
)

documents.register(
    DocumentKind(
        key="action_plan",
        label=_("Action plan for follow-up"),
        template="goals/documents/action_plan.html",
        build_context=action_plan_context,
        source_version=action_plan_version_stamp,
        title=action_plan_title,
        keywords=("handlingsplan", "uppföljning", "fullmäktigemål"),
        metadata=action_plan_metadata,
    )
)
