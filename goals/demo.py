"""Demo data of the goals app: Vaggeryd's strategic development programme (Dnr KS 2019/160).

The vision "Här gör vi plats för att göra skillnad" (validity extended to 2030), the four council
goals of the term 2019–2022 as adopted by the council on 2019-05-27, committee goals from every
committee and company, indicators with four years of values, budget frames, governing documents
and an action plan with two yearly versions. The figures are invented but of a realistic size;
the Kolada key figure ids have the real format. Idempotent: running it twice gives the same data.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from contributions.models import Theme
from visionsprocess.models import Decision, DecisionOutcome, VisionProcess

from .decisions import ACTION_PLAN, COUNCIL_GOALS, VISION
from .models import (
    SDG,
    ActionPlan,
    ActionPlanItem,
    ActionPlanVersion,
    BudgetFrame,
    CommitteeGoal,
    CouncilGoal,
    CouncilGoalSDG,
    DocumentType,
    GoverningDocument,
    Indicator,
    IndicatorSource,
    ItemStatus,
    Measurement,
    MeasurementSource,
    Unit,
    Vision,
    VisionBasis,
)
from .sdg_data import ensure_sdgs

PLACE = "Vaggeryds kommun ska vara en plats "

GOALS = [
    {
        "title": PLACE + "med hållbar samhällsutveckling och tillväxt i hela kommunen",
        "summary": "Vi bygger bostäder, vägar och service i hela kommunen – i Vaggeryd, "
        "Skillingaryd och på landsbygden – så att fler vill bo och verka här, utan att "
        "tära på miljön för kommande generationer.",
        "political_will": "Hela kommunen ska växa. Vi vill se nya bostäder i alla "
        "kommundelar, en fossilfri kommunal verksamhet och en planering där "
        "översiktsplanen visar vägen.",
        "how_measured": "Vi följer befolkningsutvecklingen, antalet nya bostäder och hur stor "
        "del av energin i kommunens verksamhet som är förnybar.",
        "citizen_examples": "Nya tomter och hyresrätter i flera kommundelar\n"
        "Laddstolpar och cykelvägar mellan orterna\n"
        "Snabbare bygglov med tydlig vägledning",
        "sdgs": [
            (7, "Förnybar energi i kommunens verksamhet och bolag."),
            (11, "Bostäder, kollektivtrafik och service i hela kommunen."),
            (13, "Minskade utsläpp från transporter och uppvärmning."),
        ],
    },
    {
        "title": PLACE
        + "med hög sysselsättning, ett varierat näringsliv och en utbildning med god kvalitet",
        "summary": "Alla som kan ska ha ett arbete att gå till. Företagen ska vilja stanna "
        "och växa här, och skolan ska ge varje barn en bra grund för framtiden.",
        "political_will": "Vi vill ha Sveriges bästa företagsklimat för små och stora "
        "företag, och en skola där alla elever når behörighet till gymnasiet.",
        "how_measured": "Vi följer andelen förvärvsarbetande, andelen elever som är behöriga "
        "till gymnasiet och företagens omdöme om kommunens service.",
        "citizen_examples": "Praktikplatser och feriejobb för unga\n"
        "Studie- och yrkesvägledning tillsammans med näringslivet\n"
        "En väg in för företagare",
        "sdgs": [
            (4, "En likvärdig skola med god kvalitet för alla barn."),
            (8, "Arbete åt alla och ett varierat näringsliv."),
            (9, "Infrastruktur och innovation för företagen."),
        ],
    },
    {
        "title": PLACE
        + "med en hög kunskapsnivå, en aktiv fritid och ett rikt kulturliv – för en god hälsa",
        "summary": "Kunskap, rörelse och kultur ger ett gott liv. Vi vill att alla – unga som "
        "gamla – ska kunna lära sig mer, röra på sig och uppleva kultur nära hemmet.",
        "political_will": "Föreningslivet är kommunens ryggrad. Vi vill ge fler möjlighet till "
        "en aktiv fritid och ett rikt kulturliv, särskilt barn och unga.",
        "how_measured": "Vi följer elevernas meritvärde, besöken på biblioteken och hur "
        "invånarna själva upplever sin hälsa.",
        "citizen_examples": "Fritidsbank och lovaktiviteter utan kostnad\n"
        "Bibliotek med meröppet\n"
        "Kulturskola för alla barn",
        "sdgs": [
            (3, "God hälsa genom rörelse, kultur och gemenskap."),
            (4, "Livslångt lärande för alla åldrar."),
        ],
    },
    {
        "title": PLACE
        + "som är attraktiv, trygg och tillgänglig – där alla känner delaktighet och kan påverka",
        "summary": "Här ska alla känna sig trygga och välkomna. Kommunen ska vara lätt att nå, "
        "och alla ska kunna vara med och påverka – i dialogmöten, på webben och i vardagen.",
        "political_will": "Vi vill att fler invånare deltar i medborgardialoger och att alla "
        "får återkoppling på vad deras bidrag ledde till.",
        "how_measured": "Vi följer hur trygga invånarna känner sig, hur många som upplever att "
        "de kan påverka och hur tillgänglig kommunen är på telefon och e-post.",
        "citizen_examples": "Trygghetsvandringar i alla kommundelar\n"
        "Medborgardialoger med återkoppling\n"
        "E-tjänster som fungerar för alla",
        "sdgs": [
            (5, "Jämställt inflytande i dialoger och beslut."),
            (10, "Delaktighet oavsett bakgrund och funktionsförmåga."),
            (16, "Öppna och inkluderande beslut."),
        ],
    },
]

# kpi (or ""), name, unit, higher_is_better, baseline, target, values 2018–2021
INDICATORS = [
    [
        (
            "N01951",
            "Invånare totalt, antal",
            Unit.COUNT,
            True,
            13873,
            14500,
            [13873, 13950, 14021, 14118],
        ),
        (
            "",
            "Förnybar energi i kommunens verksamhet, andel (%)",
            Unit.PERCENT,
            True,
            71,
            90,
            [71, 74, 79, 83],
        ),
        (
            "",
            "Nybyggda bostäder per 1000 invånare",
            Unit.PER_1000,
            True,
            Decimal("3.1"),
            Decimal("5.0"),
            [Decimal("3.1"), Decimal("3.8"), Decimal("4.2"), Decimal("4.6")],
        ),
    ],
    [
        (
            "N00945",
            "Förvärvsarbetande invånare 20–64 år, andel (%)",
            Unit.PERCENT,
            True,
            Decimal("83.2"),
            85,
            [Decimal("83.2"), Decimal("83.6"), Decimal("82.1"), Decimal("83.9")],
        ),
        (
            "N15419",
            "Elever i åk 9 som är behöriga till yrkesprogram, andel (%)",
            Unit.PERCENT,
            True,
            Decimal("84.5"),
            92,
            [Decimal("84.5"), Decimal("86.0"), Decimal("85.2"), Decimal("88.1")],
        ),
    ],
    [
        (
            "N15505",
            "Elever i åk 9, genomsnittligt meritvärde",
            Unit.COUNT,
            True,
            214,
            230,
            [214, 219, 221, 224],
        ),
        ("", "Besök på folkbiblioteken per invånare", Unit.COUNT, True, 4, 6, [4, 4, 3, 5]),
    ],
    [
        (
            "",
            "Invånare som känner sig trygga, andel (%)",
            Unit.PERCENT,
            True,
            72,
            80,
            [72, 73, 75, 76],
        ),
        (
            "",
            "Invånare som upplever att de kan påverka, andel (%)",
            Unit.PERCENT,
            True,
            38,
            50,
            [38, 41, 43, 46],
        ),
        ("", "Väntetid för svar på e-post, dagar", Unit.DAYS, False, 3, 1, [3, 2, 2, 2]),
    ],
]

# body → one committee goal per council goal
COMMITTEE_GOALS = {
    "BUN": [
        "Skolgårdar och förskolor planeras så att de stärker hela kommundelar",
        "Alla elever lämnar grundskolan med behörighet till gymnasiet",
        "Fler barn läser och rör sig varje dag",
        "Barn och elever är delaktiga i beslut om sin skola",
    ],
    "SON": [
        "Boenden för äldre byggs nära service i hela kommunen",
        "Fler personer med försörjningsstöd går till arbete eller studier",
        "Äldre har tillgång till motion och kultur i vardagen",
        "Alla brukare känner sig trygga och bemötta med respekt",
    ],
    "KFN": [
        "Mötesplatser för kultur och fritid finns i alla kommundelar",
        "Besöksnäringen växer med fler evenemang",
        "Fler barn och unga deltar i föreningslivet och kulturskolan",
        "Föreningar och unga får vara med och forma fritidsutbudet",
    ],
    "MBN": [
        "Detaljplaner finns för nya bostäder i alla tätorter",
        "Företagare får besked om bygglov inom fyra veckor",
        "Grönområden och natur nära bostäder bevaras",
        "Offentliga miljöer är tillgängliga och upplevs trygga",
    ],
    "VBO": [
        "Nya hyresrätter byggs i flera kommundelar",
        "Lokala företag anlitas vid om- och nybyggnad",
        "Hyresgäster erbjuds aktiviteter i bostadsområdena",
        "Hyresgästerna upplever sitt bostadsområde som tryggt",
    ],
    "VEAB": [
        "All el som säljs kommer från förnybara källor",
        "Fiber når alla företag i kommunen",
        "Energirådgivning bidrar till hälsosamma inomhusmiljöer",
        "Kunderna når bolaget enkelt och får snabba svar",
    ],
}

BUDGET = {  # body → (amount in tkr 2020, goal numbers 1–4)
    "BUN": (318_400, [2, 3]),
    "SON": (264_900, [3, 4]),
    "KFN": (31_700, [3, 4]),
    "MBN": (17_300, [1, 4]),
    "KS": (96_500, [1, 2, 3, 4]),
}

DOCUMENTS = [
    (
        "Översiktsplan för Vaggeryds kommun",
        DocumentType.PLAN,
        "KF",
        dt.date(2021, 3, 29),
        "§ 34",
        "KS 2018/118",
        "Samhällsbyggnadschef",
        dt.date(2030, 12, 31),
        [1, 4],
    ),
    (
        "Näringslivsprogram",
        DocumentType.PROGRAMME,
        "KF",
        dt.date(2019, 11, 25),
        "§ 151",
        "KS 2019/204",
        "Näringslivschef",
        dt.date(2023, 12, 31),
        [2],
    ),
    (
        "Kulturpolicy",
        DocumentType.POLICY,
        "KF",
        dt.date(2016, 4, 25),
        "§ 48",
        "KFN 2015/61",
        "Kultur- och fritidschef",
        dt.date(2020, 12, 31),
        [3],
    ),
    (
        "Trygghetsplan",
        DocumentType.PLAN,
        "KS",
        dt.date(2020, 6, 3),
        "§ 97",
        "KS 2020/86",
        "Säkerhetssamordnare",
        dt.date(2024, 6, 30),
        [4],
    ),
]

# activity, goal number, body, when, status 2020, status 2021, follow-up 2021
ACTIONS = [
    (
        "Ta fram en bostadsförsörjningsplan för hela kommunen",
        1,
        "KS",
        "2020",
        ItemStatus.ONGOING,
        ItemStatus.DONE,
        "Antogs av KF i mars 2021.",
    ),
    (
        "Öppna en företagslots – en väg in för företagare",
        2,
        "MBN",
        "2020–2021",
        ItemStatus.NOT_STARTED,
        ItemStatus.ONGOING,
        "Lotsen är i gång för bygglovsärenden.",
    ),
    (
        "Sommarlovsaktiviteter utan kostnad för alla barn",
        3,
        "KFN",
        "Sommar 2020",
        ItemStatus.DONE,
        ItemStatus.DONE,
        "Över 900 deltagare 2021.",
    ),
    (
        "Trygghetsvandringar i Vaggeryd, Skillingaryd och Hok",
        4,
        "KS",
        "Hösten 2020",
        ItemStatus.ONGOING,
        ItemStatus.DONE,
        "Åtgärdslista lämnad till MBN och VBO.",
    ),
    (
        "Återkoppling till medborgarna på vad dialogen ledde till",
        4,
        "KS",
        "Varje år",
        ItemStatus.ONGOING,
        ItemStatus.ONGOING,
        "Återkoppling på webben och i lokaltidningen.",
    ),
    (
        "Laddinfrastruktur vid kommunens arbetsplatser",
        1,
        "VEAB",
        "2021",
        ItemStatus.NOT_STARTED,
        ItemStatus.POSTPONED,
        "Skjuts till 2022 i väntan på bidrag.",
    ),
]


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
    from .focus_areas import demo as focus_area_demo

    focus_area_demo.load(core)  # Vansbro's six focus areas
    from . import demo_clerk

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
