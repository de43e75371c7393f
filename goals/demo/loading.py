"""Writing the demo programme into the database (idempotent)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contributions.models import Theme
from visionsprocess.models import Decision, DecisionOutcome, VisionProcess

from ..decisions import ACTION_PLAN, COUNCIL_GOALS, VISION
from ..models import (
    SDG,
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    GoverningDocument,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementSource,
    Vision,
    VisionBasis,
)
from ..sdg_data import ensure_sdgs
from .data import ACTIONS, BUDGET, COMMITTEE_GOALS, DOCUMENTS, GOALS, INDICATORS


def _decision(process, body, date, number, subject, matter, clerk):
    """A decision of the seed (Dnr KS 2019/160), found by body, date and § (idempotent)."""
    decision, _created = Decision.objects.update_or_create(
        body=body,
        meeting_date=date,
        paragraph_number=number,
        defaults={
            "process": process,
            "matter": matter,
            "subject": subject,
            "dnr": "KS 2019/160",
            "outcome": DecisionOutcome.APPROVED,
            "recorded_by": clerk,
        },
    )
    return decision


def load(core) -> None:
    ensure_sdgs()
    process = core.programme
    bodies = core.bodies
    clerk = core.users.get("registrator")
    # The seed: "I februari förlängdes giltigheten till 2030 för Vaggeryds kommuns vision" and
    # "Kommunfullmäktige beslutade den 27 maj att godkänna de nya målen för mandatperioden".
    vision_decision = _decision(
        process,
        bodies["KF"],
        dt.date(2019, 2, 25),
        12,
        "Giltigheten för visionen ”Här gör vi plats för att göra skillnad” förlängs till 2030",
        VISION,
        clerk,
    )
    goals_decision = _decision(
        process,
        bodies["KF"],
        dt.date(2019, 5, 27),
        58,
        "Fullmäktiges mål för mandatperioden 2019–2022 antas (i SPB20)",
        COUNCIL_GOALS,
        clerk,
    )
    vision, _created = Vision.objects.update_or_create(
        process=process,
        defaults={
            "municipality": process.municipality,
            "name": "Vaggeryds vision",
            "statement": "Här gör vi plats för att göra skillnad",
            "text": "Visionen visar vart vi är på väg. I februari 2019 förlängdes dess giltighet "
            "till 2030, för att skapa nya mål för mandatperioden som kan hjälpa till att "
            "uppfylla visionen. Alla som bor, lever och verkar i Vaggeryds kommun uppnår "
            "tillsammans visionen genom fyra mål.",
            "values": "Engagemang\nRespekt\nUtveckling",
            "valid_until": 2030,
            "decision": vision_decision,
            "adoption_decision": vision_decision,
        },
    )
    # The vision stands above several processes (seed 001: a vision above the goals of several
    # terms of office): the programme it was written in, the service plan Framtidsbygget and
    # the staff's work-group dialogue on it. "Vision 2040" drafts its successor.
    for resting in VisionProcess.objects.filter(
        municipality=process.municipality,
        slug__in=[process.slug, "framtidsbygget", "intern-medarbetardialog"],
    ):
        VisionBasis.objects.update_or_create(process=resting, defaults={"vision": vision})

    goals = []
    for order, data in enumerate(GOALS):
        goal, _created = CouncilGoal.objects.update_or_create(
            process=process,
            title=data["title"],
            defaults={
                "term_start": 2019,
                "term_end": 2022,
                "order": order,
                "summary": data["summary"],
                "political_will": data["political_will"],
                "how_measured": data["how_measured"],
                "citizen_examples": data["citizen_examples"],
                "description": "Ett av fyra övergripande mål för mandatperioden. Samtliga "
                "nämnder och bolag ska bidra till målet.",
                "decision": goals_decision,
            },
        )
        goals.append(goal)
        for number, how in data["sdgs"]:
            CouncilGoalSDG.objects.update_or_create(
                goal=goal, sdg=SDG.objects.get(number=number), defaults={"how": how}
            )

    for short_name, titles in COMMITTEE_GOALS.items():
        body = bodies.get(short_name)
        if body is None:
            continue
        for order, (goal, title) in enumerate(zip(goals, titles, strict=True)):
            cg, _created = CommitteeGoal.objects.update_or_create(
                process=process, body=body, title=title, defaults={"order": order}
            )
            cg.council_goals.set([goal])

    for goal, rows in zip(goals, INDICATORS, strict=True):
        for order, (kpi, name, unit, higher, baseline, target, values) in enumerate(rows):
            indicator, _created = Indicator.objects.update_or_create(
                goal=goal,
                name=name,
                defaults={
                    "unit": unit,
                    "higher_is_better": higher,
                    "source": IndicatorSource.KOLADA if kpi else IndicatorSource.MANUAL,
                    "kolada_kpi": kpi,
                    "baseline_value": Decimal(baseline),
                    "baseline_year": 2018,
                    "target_value": Decimal(target),
                    "target_year": 2022,
                    "order": order,
                },
            )
            for year, value in zip(range(2018, 2022), values, strict=True):
                Measurement.objects.update_or_create(
                    indicator=indicator,
                    year=year,
                    defaults={
                        "value": Decimal(value),
                        "source": MeasurementSource.KOLADA if kpi else MeasurementSource.MANUAL,
                    },
                )

    for short_name, (amount, numbers) in BUDGET.items():
        body = bodies.get(short_name)
        if body is None:
            continue
        for year, factor in ((2020, Decimal("1.000")), (2021, Decimal("1.024"))):
            frame, _created = BudgetFrame.objects.update_or_create(
                process=process,
                body=body,
                year=year,
                defaults={"amount_ksek": (Decimal(amount) * factor).quantize(Decimal(100))},
            )
            frame.goals.set([goals[n - 1] for n in numbers])

    for name, kind, body, adopted, paragraph, dnr, responsible, valid, numbers in DOCUMENTS:
        document, _created = GoverningDocument.objects.update_or_create(
            process=process,
            name=name,
            defaults={
                "doc_type": kind,
                "adopted_by": bodies.get(body),
                "adopted_on": adopted,
                "paragraph": paragraph,
                "dnr": dnr,
                "responsible": responsible,
                "valid_until": valid,
                "last_revised": adopted,
            },
        )
        document.goals.set([goals[n - 1] for n in numbers])

    _action_plan(process, goals, bodies, clerk)
    from ..focus_areas import demo as focus_area_demo

    focus_area_demo.load(core)  # Vansbro's six focus areas
    from .. import demo_clerk

    demo_clerk.load(core)  # the programme's decision path, distribution list and memo


def _action_plan(process, goals, bodies, clerk) -> None:
    plan, _created = ActionPlan.objects.update_or_create(
        process=process, defaults={"title": "Handlingsplan för uppföljning"}
    )
    stamp = timezone.make_aware(dt.datetime(2021, 1, 15, 9, 0))
    v2020, _created = ActionPlanVersion.objects.update_or_create(
        plan=plan,
        revision=1,
        defaults={
            "year": 2020,
            "published": True,
            "published_at": timezone.make_aware(dt.datetime(2019, 12, 4, 9, 0)),
            "superseded_at": stamp,
            "note": "Första versionen, behandlad av KSAU 4 december 2019.",
            "decision": _decision(
                process,
                bodies["KSAU"],
                dt.date(2019, 12, 4),
                262,
                "Handlingsplan för uppföljning 2020 antas",
                ACTION_PLAN,
                clerk,
            ),
        },
    )
    v2021, _created = ActionPlanVersion.objects.update_or_create(
        plan=plan,
        revision=2,
        defaults={
            "year": 2021,
            "published": True,
            "published_at": stamp,
            "superseded_at": None,
            "note": "Årlig revidering med återkoppling till medborgarna.",
            "decision": _decision(
                process,
                bodies["KSAU"],
                dt.date(2021, 1, 13),
                9,
                "Handlingsplan för uppföljning 2021 (rev. 2) antas",
                ACTION_PLAN,
                clerk,
            ),
        },
    )
    theme = Theme.objects.filter(process=process).order_by("pk").first()
    for order, (activity, number, body, when, status20, status21, follow21) in enumerate(ACTIONS):
        common = {
            "order": order,
            "goal": goals[number - 1],
            "responsible": bodies.get(body),
            "when": when,
        }
        old, _created = ActionPlanItem.objects.update_or_create(
            version=v2020, activity=activity, defaults={**common, "status": status20}
        )
        new, _created = ActionPlanItem.objects.update_or_create(
            version=v2021,
            activity=activity,
            defaults={**common, "status": status21, "follow_up": follow21, "origin": old},
        )
        if theme is not None and number == 4:
            old.themes.set([theme])
            new.themes.set([theme])
