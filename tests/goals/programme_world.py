"""A programme with N council goals, as Vaggeryd's (Dnr KS 2019/160), for tests and benchmarks."""

import datetime as dt
import itertools
from decimal import Decimal

from goals.models import SDG, CouncilGoalSDG
from tests.factories import ProcessFactory
from tests.goals.factories import (
    CommitteeFactory,
    CommitteeGoalFactory,
    CouncilGoalFactory,
    GoverningDocumentFactory,
    IndicatorFactory,
    MeasurementFactory,
    VisionFactory,
)
from visionsprocess.models import Body, Decision

GOAL_TITLES = [
    "Vaggeryds kommun ska vara en plats med hållbar samhällsutveckling där människor växer",
    "Alla barn och unga ska få en trygg uppväxt och gå ut skolan med fullständiga betyg",
    "Näringslivet ska utvecklas och fler ska få jobb i hela kommunen – även i Skillingaryd",
    "Kommunens verksamheter ska vara öppna, effektiva och möta invånarna med respekt",
    "Äldre ska få en god omsorg och kunna leva ett självständigt liv i sitt hem",
    "Kultur och fritid ska vara tillgängligt för alla – från Bondstorp till Hok",
    "Miljön ska skyddas så att nästa generation får ärva en giftfri och levande natur",
]

_counter = itertools.count(1)

LONG = (
    "Det här är en mycket lång text om målet som fortsätter och fortsätter, med åäö och ÅÄÖ, "
    "för att visa att ingenting klipps bort och att texten flödar vidare utan att överlappa. "
)


def make_programme(
    n_goals=4, *, long_text=False, indicators=True, process=None, programme_decision=True
):
    process = process or ProcessFactory(
        title="Strategiskt utvecklingsprogram",
        slug=f"strategiskt-utvecklingsprogram-{next(_counter)}",
        summary="Programmet förtydligar fullmäktiges mål för mandatperioden 2019–2022.",
    )
    kf = Body.objects.filter(municipality=process.municipality, short_name="KF").first() or (
        Body.objects.create(
            municipality=process.municipality, kind="kf", short_name="KF", name="Kommunfullmäktige"
        )
    )
    number = next(_counter)
    # The seed's decisions (Dnr KS 2019/160): the vision extended in February, the programme
    # adopted by KF 25 November (§ numbers vary per world: one § per body and meeting).
    vision_decision = Decision.objects.create(
        process=process,
        matter="vision",
        subject="Visionens giltighet förlängs till 2030",
        body=kf,
        meeting_date=dt.date(2019, 2, 25),
        paragraph_number=1000 + number,
        dnr="KS 2019/160",
        outcome="approved",
    )
    if programme_decision:
        Decision.objects.create(
            process=process,
            matter="programme",
            subject="Strategiskt utvecklingsprogram 2019–2022 antas",
            body=kf,
            meeting_date=dt.date(2019, 11, 25),
            paragraph_number=123
            if not Decision.objects.filter(
                body=kf, meeting_date=dt.date(2019, 11, 25), paragraph_number=123
            ).exists()
            else 2000 + number,
            dnr="KS 2019/160",
            outcome="approved",
        )
    VisionFactory(
        process=process,
        statement="Här gör vi plats för att göra skillnad",
        text="Visionen förlängdes till 2030 för att ge nya mål för mandatperioden en riktning.",
        values="Öppenhet\nRespekt\nMod\nDelaktighet",
        valid_until=2030,
        decision=vision_decision,
    )
    committees = [
        Body.objects.filter(municipality=process.municipality, short_name=short).first()
        or CommitteeFactory(municipality=process.municipality, name=name, short_name=short)
        for name, short in (
            ("Barn- och utbildningsnämnden", "BUN"),
            ("Socialnämnden", "SON"),
            ("Kultur- och fritidsnämnden", "KFN"),
        )
    ]
    sdgs = list(SDG.objects.order_by("number"))
    goals = []
    for index in range(n_goals):
        goal = CouncilGoalFactory(
            process=process,
            order=index,
            title=GOAL_TITLES[index % len(GOAL_TITLES)],
            summary=(LONG * 12 if long_text else "Vi bygger bostäder och vägar i hela kommunen."),
            political_will=(LONG * 14 if long_text else "Hela kommunen ska leva och växa."),
            how_measured="Vi följer befolkningen och nöjdheten i medborgarundersökningen.",
            citizen_examples="Du får plats i förskolan nära hemmet.\nBussen går oftare till jobbet.",
        )
        goals.append(goal)
        for sdg in sdgs[index * 3 : index * 3 + 3]:
            CouncilGoalSDG.objects.create(goal=goal, sdg=sdg, how="Genom hållbar planering.")
        for committee in committees[:2]:
            CommitteeGoalFactory(
                process=process,
                body=committee,
                title=f"{committee.short_name} bidrar till mål {index + 1}",
                council_goals=[goal],
            )
        if indicators:
            indicator = IndicatorFactory(goal=goal, name=f"Andel nöjda invånare, mål {index + 1}")
            for year, value in ((2019, 61), (2020, 64), (2021, 66 + index)):
                MeasurementFactory(indicator=indicator, year=year, value=Decimal(value))
        GoverningDocumentFactory(process=process, name=f"Översiktsplan del {index + 1}").goals.add(
            goal
        )
    return process, goals
