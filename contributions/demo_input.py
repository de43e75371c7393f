"""Demo input that did not come through the web, and population figures to compare with.

* Framtidsbygget: interviews in the spirit of Kramfors' more than 200 interviews, which were
  visualised as a mental map of the municipality (seed 003).
* Vision 2040: 80 in-depth interviews, as Vansbro's project "Utmaningen" began with (seed 004):
  people of different ages, from different parts of the municipality, telling about their
  relation to the municipality, hopes, fears, good and bad things; plus paper forms from the
  library and a visit to a school class.
* Population per age band (as Statistics Sweden's TAB638 gives it) and per district, so that
  the overview and the process page can show who has not been heard.

Idempotent: every record has a fixed tracking token.
"""

import datetime as dt

from visionsprocess.models import AgeBand, District

from .models import Channel, Contribution, ContributionKind, ModerationState, PopulationFigure

KRAMFORS_INTERVIEWS = [
    (
        "Kramfors centrum",
        "35-49",
        "Jag är stolt över älven och Höga kusten, men centrum känns tomt på kvällarna. Fler caféer och en mötesplats för alla åldrar skulle göra skillnad.",
    ),
    ("Nyland", "65-79", "Bussen till Kramfors går för sällan. Utan bil blir man isolerad här ute."),
    (
        "Bollstabruk",
        "20-34",
        "Jag flyttade hem för att det finns jobb, men det är svårt att hitta en lägenhet att hyra.",
    ),
    (
        "Docksta",
        "50-64",
        "Naturen är vår största tillgång. Gör det enklare att hitta till lederna och badplatserna.",
    ),
    (
        "Kramfors centrum",
        "13-19",
        "Vi unga vill ha ett ställe att vara på som inte kostar något. Fritidsgården räcker inte.",
    ),
    (
        "Ullånger",
        "80+",
        "Hemtjänsten är bra, men jag vill kunna bo kvar i byn även när jag blir äldre.",
    ),
    ("Nyland", "35-49", "Förskolan är fantastisk. Behåll de små skolorna på landsbygden."),
    (
        "Kramfors centrum",
        "20-34",
        "Bredbandet är bra i stan men inte i byarna. Det avgör om folk kan jobba på distans härifrån.",
    ),
    (
        "Bollstabruk",
        "50-64",
        "Föreningslivet bär bygden. Kommunen borde fråga föreningarna oftare innan man bestämmer.",
    ),
    (
        "Docksta",
        "65-79",
        "Turisterna kommer på sommaren, men resten av året saknar vi service. Håll affären öppen.",
    ),
    ("Kramfors centrum", "13-19", "Det borde finnas fler sommarjobb för oss som går i gymnasiet."),
    (
        "Ullånger",
        "35-49",
        "Ambassadörerna gör ett bra jobb. Berätta mer om vad som händer i kommunen.",
    ),
]

ASPECTS = [
    (
        "relationen till kommunen",
        [
            "Jag har bott här i hela mitt liv och känner mig hemma, men jag tycker inte att kommunen lyssnar på oss som bor utanför tätorten.",
            "Jag flyttade hit för naturens och lugnets skull. Det är lätt att få kontakt med kommunen, men svaren dröjer.",
            "Kommunen känns långt borta. Man vet inte vem man ska vända sig till.",
        ],
    ),
    (
        "förhoppningar",
        [
            "Jag hoppas att skolan i byn finns kvar och att fler barnfamiljer flyttar hit.",
            "Jag hoppas på fler arbetstillfällen inom turism och besöksnäring.",
            "Jag hoppas att det byggs fler hyresrätter så att unga kan bo kvar.",
        ],
    ),
    (
        "farhågor",
        [
            "Jag är rädd att servicen på landsbygden försvinner när befolkningen minskar.",
            "Jag oroar mig för att de unga flyttar och inte kommer tillbaka.",
            "Jag är orolig för hur äldreomsorgen ska räcka till när vi blir fler äldre.",
        ],
    ),
    (
        "bra saker",
        [
            "Föreningslivet är starkt och alla hjälps åt när något ska ordnas.",
            "Naturen, sjöarna och skogen är det bästa med att bo här.",
            "Kulturlivet är rikt för en så liten kommun.",
        ],
    ),
    (
        "dåliga saker",
        [
            "Kollektivtrafiken fungerar inte för den som jobbar skift.",
            "Det är svårt att få tag på en bostad, både att hyra och att köpa.",
            "Information från kommunens möten når bara dem som var där.",
        ],
    ),
]
BANDS = ["13-19", "20-34", "20-34", "35-49", "35-49", "50-64", "50-64", "65-79", "65-79", "80+"]
PLACES = [
    "Hemma hos den intervjuade",
    "Biblioteket",
    "Kommunhuset",
    "Föreningsgården",
    "Per telefon",
]

# Inhabitants per age band (the sum of SCB's one-year ages) and per district, for Vaggeryd.
POPULATION_BY_AGE = {
    "0-12": 2050, "13-19": 1110, "20-34": 2260, "35-49": 2350,
    "50-64": 2480, "65-79": 2190, "80+": 860,
}  # fmt: skip
POPULATION_BY_DISTRICT = {
    "Vaggeryd": 5560, "Skillingaryd": 4270, "Hok": 1240, "Klevshult": 520,
    "Svenarum": 650, "Byarum": 610, "Bondstorp": 450,
}  # fmt: skip
POPULATION_YEAR = 2025


def _record(process, token, official, **fields):
    defaults = {
        "process": process,
        "stage": process.current_stage,
        "recorded_by": official,
        **fields,
    }
    Contribution.objects.update_or_create(tracking_token=token, defaults=defaults)


def load(core) -> None:
    official = core.users.get("tjansteperson")
    # Kramfors' interviews (Framtidsbygget).
    for number, (place, band, text) in enumerate(KRAMFORS_INTERVIEWS, start=1):
        _record(
            core.framtidsbygget,
            f"demo-framtidsbygget-intervju-{number:03d}",
            official,
            kind=ContributionKind.IDEA,
            channel=Channel.INTERVIEW,
            text=text,
            age_band=band,
            group_size=1,
            group_age_bands=[band],
            recorded_on=dt.date(2025, 3, 10) + dt.timedelta(days=number * 4),
            recorded_place=place,
            consent_to_publish=number % 4 != 0,
            moderation_state=ModerationState.NEW,
        )
    # Vision 2040: 80 in-depth interviews, paper forms and a school visit.
    process = core.vision
    districts = list(District.objects.filter(municipality=core.municipality).order_by("order"))
    for number in range(1, 81):
        aspect, answers = ASPECTS[number % len(ASPECTS)]
        answer = answers[number % len(answers)]
        band = BANDS[number % len(BANDS)]
        # Fewer interviews in the small districts, and none from the youngest: the overview
        # shows whom the process has not yet heard.
        district = districts[[0, 0, 1, 1, 2, 3, 0, 1, 4, 0][number % 10]] if districts else None
        _record(
            process,
            f"demo-vision-2040-djupintervju-{number:03d}",
            official,
            kind=ContributionKind.IDEA,
            channel=Channel.INTERVIEW,
            title=f"Djupintervju {number}: {aspect}",
            text=answer,
            district=district,
            age_band=band,
            group_size=1,
            group_age_bands=[band],
            recorded_on=dt.date(2026, 2, 2) + dt.timedelta(days=number // 3),
            recorded_place=PLACES[number % len(PLACES)],
            consent_to_publish=number % 5 != 0,
            moderation_state=ModerationState.PUBLISHED
            if number % 3 == 0 and number % 5
            else ModerationState.NEW,
        )
    for number, (text, band) in enumerate(
        [
            (
                "Fler bänkar längs promenadvägen vid Vaggerydssjön, så att vi äldre orkar gå hela varvet.",
                "80+",
            ),
            ("Längre öppettider på biblioteket i Skillingaryd, gärna på lördagar.", "35-49"),
            ("Cykelväg hela vägen mellan Hok och Vaggeryd.", "50-64"),
        ],
        start=1,
    ):
        _record(
            process,
            f"demo-vision-2040-pappersenkat-{number:03d}",
            official,
            kind=ContributionKind.IDEA,
            channel=Channel.PAPER_FORM,
            text=text,
            district=districts[number % len(districts)] if districts else None,
            age_band=band,
            group_size=1,
            group_age_bands=[band],
            recorded_on=dt.date(2026, 5, 4),
            recorded_place="Biblioteket i Skillingaryd",
            consent_to_publish=True,
        )
    _record(
        process,
        "demo-vision-2040-besok-001",
        official,
        kind=ContributionKind.GROUP_REPORT,
        channel=Channel.VISIT,
        group_kind="school_class",
        group_name="Klass 7B, Fenestraskolan",
        text="Eleverna vill ha en skatepark, säkrare cykelvägar till skolan och fler platser att vara på efter skolan.",
        district=districts[0] if districts else None,
        group_size=24,
        group_age_bands=["13-19"],
        recorded_on=dt.date(2026, 5, 12),
        recorded_place="Skolbesök i Vaggeryd",
        consent_to_publish=True,
    )
    # Population figures (age bands from SCB, districts from the municipality's own statistics).
    for band in AgeBand.values:
        PopulationFigure.objects.update_or_create(
            municipality=core.municipality,
            district=None,
            age_band=band,
            year=POPULATION_YEAR,
            defaults={"count": POPULATION_BY_AGE[band], "source": "SCB, tabell TAB638 (demo)"},
        )
    for district in districts:
        if district.name in POPULATION_BY_DISTRICT:
            PopulationFigure.objects.update_or_create(
                municipality=core.municipality,
                district=district,
                age_band="",
                year=POPULATION_YEAR,
                defaults={
                    "count": POPULATION_BY_DISTRICT[district.name],
                    "source": "Kommunens befolkningsstatistik (demo)",
                },
            )
