"""The demo programme's content: goals, indicators, committee goals, budget, documents and actions."""

import datetime as dt
from decimal import Decimal

from ..models import (
    DocumentType,
    ItemStatus,
    Unit,
)

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
