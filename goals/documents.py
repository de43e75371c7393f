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

from django.db.models import Count, Max, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visionsprocess.documents.fit import Fitter
from visionsprocess.registry import DocumentKind, SourceMissing, documents
from visionsprocess.services import absolute_url

from . import selectors
from .charts import PRINT_FONT, format_value, indicator_chart
from .decisions import programme_decision, programme_period
from .models import (
    SDG,
    ActionPlanVersion,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    Measurement,
    Vision,
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


# --- Fitting each goal spread on its two pages ---------------------------------------------------
#
# The body text has one size in the whole programme (10.5 pt, or one smaller step for all spreads
# when a spread cannot fit otherwise). What gives is where the overflow is: the charts of the
# right-hand page. Their height is chosen from the spread's own content before the layout, so
# the programme is normally laid out once; if a spread still overflows, the measured overflow
# is taken from its charts and the document laid out once more.

FONT_STEPS_PT = (10.5, 9.8)
CHART_MAX_MM, CHART_MIN_MM = 55.0, 30.0
CONTENT_WIDTH_MM = 178.0  # A4 minus the programme's 16 mm side margins
RIGHT_PAGE_MM = 260.0  # A4 minus the 17 mm top and 20 mm bottom margins
CHART_VIEW_WIDTH = 560


def _lines(text: str, font_pt: float, width_mm: float = CONTENT_WIDTH_MM, em: float = 1.0):
    """Estimated lines of ``text`` (about 0.5 em a character in Source Sans 3)."""
    if not text:
        return 0
    char_mm = 0.5 * font_pt * em * 0.3528
    per_line = max(10, int(width_mm / char_mm))
    return sum(max(1, -(-len(part) // per_line)) for part in text.splitlines() if part.strip())


def estimate_chart_mm(block, font_pt: float) -> float:
    """The chart height that fills the right-hand page of a goal spread without overflowing it."""
    line = font_pt * 0.3528 * 1.45
    used = 3 * (font_pt * 0.3528 * 1.12 * 1.15 + font_pt * 0.3528 * 1.12)  # three headings
    goal = block["goal"]
    used += (_lines(goal.political_will, font_pt) + 1) * line
    used += _lines(goal.how_measured, font_pt) * line + (2 if goal.how_measured else 0)
    indicators = block["indicators"]
    for item in indicators:
        used += line + 2 + 0.9 * line + 1 + 3  # name and status, figures, spacing
        used += (_lines(item["indicator"].name, font_pt) - 1) * line
    documents = block["governing_documents"]
    row = 0.9 * line + 2.2
    used += (
        row * (1 + sum(max(1, _lines(d.name, font_pt, 60, 0.9)) for d in documents))
        if documents
        else line
    )
    if not indicators:
        return CHART_MAX_MM
    free = RIGHT_PAGE_MM * 0.97 - used  # 3 % kept free: the estimate must not overflow
    return max(CHART_MIN_MM, min(CHART_MAX_MM, free / len(indicators)))


def chart_svg(item, chart_mm: float):
    height = round(CHART_VIEW_WIDTH * chart_mm / CONTENT_WIDTH_MM)
    return indicator_chart(
        item["indicator"],
        item["indicator"].measurement_list,
        width=CHART_VIEW_WIDTH,
        height=height,
        font=PRINT_FONT,
        alt_with_figures=True,
        print_size=(f"{CONTENT_WIDTH_MM}mm", f"{chart_mm:.1f}mm"),
    )


def _fit_blocks(blocks, font_pt: float, chart_mm: dict | None = None) -> None:
    """Give each goal block its chart height (estimated, or as corrected) and its charts."""
    for block in blocks:
        height = (chart_mm or {}).get(block["spread"]) or estimate_chart_mm(block, font_pt)
        block["chart_mm"] = round(height, 1)
        for item in block["indicators"]:
            item["chart"] = chart_svg(item, height)


class ProgrammeFitter(Fitter):
    """Corrects the programme after a layout whose spreads did not all fit (see above)."""

    def __init__(self, anchors: list[str], font_step: int = 0):
        self.anchors = anchors
        self.font_step = font_step

    def adjust(self, context: dict, measures) -> dict | None:
        over = [m for m in measures if m.pages > 2]
        if not over:
            return None
        blocks = {block["spread"]: block for block in context["goals"]}
        heights = {spread: block["chart_mm"] for spread, block in blocks.items()}
        charts_absorb = True
        for measure in over:
            block = blocks.get(measure.anchor)
            count = len(block["indicators"]) if block else 0
            if not count:
                charts_absorb = False
                continue
            height = block["chart_mm"] - (measure.overflow_mm + 6) / count
            if height < CHART_MIN_MM:
                charts_absorb = False
            heights[measure.anchor] = max(CHART_MIN_MM, height)
        corrected = dict(context)
        corrected["goals"] = [
            dict(block, indicators=[dict(i) for i in block["indicators"]])
            for block in context["goals"]
        ]
        if charts_absorb:
            _fit_blocks(corrected["goals"], context["font_pt"], heights)
            corrected["fitter"] = ProgrammeFitter(self.anchors, self.font_step)
            return corrected
        if self.font_step + 1 < len(FONT_STEPS_PT):
            # One smaller body size for every spread, never a spread of its own size.
            font_pt = FONT_STEPS_PT[self.font_step + 1]
            corrected["font_pt"] = font_pt
            _fit_blocks(corrected["goals"], font_pt)
            corrected["fitter"] = ProgrammeFitter(self.anchors, self.font_step + 1)
            return corrected
        return None  # text wins: the spread keeps its extra pages, nothing is cut


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


# --- The action plan ----------------------------------------------------------------------------


def current_action_plan_version(process):
    """The published version in force, else the newest draft."""
    return (
        selectors.current_version(process=process)
        or ActionPlanVersion.objects.filter(plan__process=process).order_by("-revision").first()
    )


def action_plan_source(process):
    """The version in force (else the newest draft, for the officials' own print-out)."""
    version = current_action_plan_version(process)
    if version is None or not version.items.exists():
        raise SourceMissing(
            _("There is no action plan with activities yet (Goals and follow-up → Action plan).")
        )
    return version


def action_plan_context(version):
    process = version.plan.process
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
        "decision": version.decision,
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
        "document_title": action_plan_title(version),
        "document_subject": f"Handlingsplan för uppföljning av {process.title}",
        "document_keywords": ["handlingsplan", "uppföljning", "fullmäktigemål"],
    }


def action_plan_title(version) -> str:
    process = version.plan.process
    draft = "" if version.published else ", utkast"
    return (
        f"Handlingsplan för uppföljning {version.year} (rev. {version.revision}{draft}) – "
        f"{process.title}"
    )


def action_plan_version_stamp(version) -> str:
    items = version.items.aggregate(n=Count("pk"), latest=Max("modified"))
    raw = (
        f"{version.pk}|{version.modified.isoformat()}|{items['n']}|{items['latest']}|"
        f"{version.decision_id}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def action_plan_last_revised(version):
    """The plan was last revised when this version was published (or, a draft, last edited)."""
    if version.published_at:
        return version.published_at.date()
    latest = version.items.aggregate(m=Max("modified"))["m"]
    return max(filter(None, [version.modified, latest])).date()


def action_plan_metadata(version) -> dict:
    return {
        "document_name": action_plan_title(version),
        "document_type": "Plan",
        "responsible": "Kommunledningskontoret",
        "valid_until": f"{version.year}-12-31",
        "last_revised": action_plan_last_revised(version).isoformat(),
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
        source_for=programme_source,
        decision=programme_decision,
        public=lambda process: programme_decision(process) is not None,
        order=10,
        description=_(
            "The vision, the council's goals for the term of office, how they link to Agenda "
            "2030 and how they are followed up."
        ),
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
        source_for=action_plan_source,
        decision=lambda version: version.decision,
        public=lambda version: version.is_current,
        order=30,
        description=_(
            "What the committees and companies do to reach the goals, and how far they have "
            "come. Revised at least once a year."
        ),
    )
)
