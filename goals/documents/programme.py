"""The strategic development programme: its context, title, version and metadata."""

import hashlib

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import SourceMissing
from visionsprocess.services import absolute_url

from ..charts import format_value
from ..decisions import programme_decision, programme_period
from ..models import (
    SDG,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    Measurement,
    Vision,
)
from .base import GOAL_COLOURS, SDG_MEANING, _goals, _indicator_status, _text_colour
from .fitting import FONT_STEPS_PT, ProgrammeFitter, _fit_blocks


def _indicator_context(indicator):
    measurements = indicator.measurement_list
    status, status_label = _indicator_status(indicator, measurements)
    unit = indicator.unit_symbol
    return {
        "indicator": indicator,
        "chart": None,  # drawn at the height the spread's fit gives it (_fit_blocks)
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


def _vision(process):
    """The vision the process rests on (its own or one above several processes)."""
    return Vision.objects.filter(bases__process=process).first()


def programme_context(process):
    vision = _vision(process)
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
    decision = programme_decision(process)
    goals_decision = next((goal.decision for goal in goals if goal.decision_id), None)
    vision_decision = vision.decision if vision and vision.decision_id else None
    terms = sorted({goal.term_label for goal in goals})
    progress = {
        key: sum(1 for i in all_indicators if i["status"] == key)
        for key in ("reached", "on_track", "unchanged", "off_track", "none")
    }
    link = absolute_url(
        reverse("process_detail", kwargs={"slug": process.slug}),
        municipality=process.municipality_id,
    )
    font_pt = FONT_STEPS_PT[0]
    _fit_blocks(goal_blocks, font_pt)
    anchors = [f"spread-{k}" for k in range(1, len(goal_blocks) + 4)] + ["back-cover"]
    return {
        "process": process,
        "municipality": process.municipality,
        "vision": vision,
        "values": vision.value_list if vision else [],
        "goals": goal_blocks,
        "goal_count": len(goal_blocks),
        "sdgs": sdgs,
        # One source of decision facts: the programme's own adoption, the goals' adoption and
        # the vision's (extended) validity are three decisions, each stated as recorded.
        "decision": decision,
        "goals_decision": goals_decision,
        "vision_decision": vision_decision,
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
        "goal_count_words": number_words(len(goal_blocks)),
        "running_title": programme_running_title(process, terms),
        # The spreads render_pdf measures, in order, each allowed two pages; the back cover
        # closes the last one.
        "font_pt": font_pt,
        "fitter": ProgrammeFitter(anchors),
    }


NUMBER_WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")


def number_words(count: int) -> str:
    """Swedish style: numbers up to ten in words ("fyra mål"), larger ones in figures."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def programme_running_title(process, terms) -> str:
    return f"{PROGRAMME_NAME} {', '.join(terms)} · {process.municipality.name}".replace("  ", " ")


def programme_kind_keywords():
    return ["strategiskt utvecklingsprogram", "fullmäktigemål", "Agenda 2030", "vision"]


PROGRAMME_NAME = "Strategiskt utvecklingsprogram"


def programme_title(process) -> str:
    """E.g. "Strategiskt utvecklingsprogram 2019–2022 – Vaggeryds kommun": the period of the
    council goals and the process tell programmes of one municipality apart."""
    if process.title.lower().startswith(PROGRAMME_NAME.lower()):
        return f"{process.title} – {process.municipality.name}"
    period = programme_period(process)
    name = f"{PROGRAMME_NAME} {period}" if period else PROGRAMME_NAME
    return f"{name} – {process.title}"


def programme_source(process):
    if not CouncilGoal.objects.filter(process=process).exists():
        raise SourceMissing(
            _(
                "The programme has a spread for each council goal: add the council goals "
                "first (Goals and follow-up)."
            )
        )
    return process


def _stamp(*querysets) -> str:
    parts = []
    for queryset in querysets:
        aggregate = queryset.aggregate(n=Count("pk"), latest=Max("modified"))
        parts.append(f"{aggregate['n']}:{aggregate['latest']}")
    return "|".join(parts)


def programme_version(process) -> str:
    vision = _vision(process)
    vision_stamp = vision.modified.isoformat() if vision else "-"
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


def programme_last_revised(process):
    """When the programme's content last changed in substance: the newest change of its vision,
    goals, indicators, values, global-goal links or governing documents (not a save of the
    process's settings)."""
    stamps = [
        Vision.objects.filter(bases__process=process).aggregate(m=Max("modified"))["m"],
        CouncilGoal.objects.filter(process=process).aggregate(m=Max("modified"))["m"],
        CommitteeGoal.objects.filter(process=process).aggregate(m=Max("modified"))["m"],
        Indicator.objects.filter(goal__process=process).aggregate(m=Max("modified"))["m"],
        Measurement.objects.filter(indicator__goal__process=process).aggregate(m=Max("modified"))[
            "m"
        ],
        GoverningDocument.objects.filter(process=process).aggregate(m=Max("modified"))["m"],
    ]
    stamps = [stamp for stamp in stamps if stamp]
    return max(stamps).date() if stamps else process.modified.date()


def programme_metadata(process) -> dict:
    terms = CouncilGoal.objects.filter(process=process).aggregate(end=Max("term_end"))
    return {
        "document_name": programme_title(process),
        "document_type": "Program",
        "responsible": "Kommunledningskontoret",
        "valid_until": f"{terms['end']}-12-31" if terms["end"] else "",
        "last_revised": programme_last_revised(process).isoformat(),
    }
