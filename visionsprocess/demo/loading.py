"""Loading the demo: both municipalities, their processes and people."""

import datetime as dt

from ..models import (
    Body,
    Municipality,
    ProcessRole,
    StageKind,
    Visibility,
    VisionProcess,
)
from .basics import (
    BODIES,
    DEMO_USERS,
    UTMANINGEN,
    VAGGERYD_HOSTS,
    VANSBRO_HOSTS,
    VANSBRO_USERS,
    Core,
    _process,
    _user,
)
from .extras import _hosts, _privacy, _promises


def load() -> Core:
    municipality, _created = Municipality.objects.update_or_create(
        code="0682",
        defaults={
            "name": "Vaggeryds kommun",
            "primary_colour": "#00558c",
            "accent_colour": "#b37d00",
            "website": "https://www.vaggeryd.se",
        },
    )
    _hosts(municipality, VAGGERYD_HOSTS)
    vansbro, _created = Municipality.objects.update_or_create(
        code="2021",
        defaults={
            "name": "Vansbro kommun",
            "primary_colour": "#1f5f3a",
            "accent_colour": "#b5790a",
            "website": "https://www.vansbro.se",
        },
    )
    _hosts(vansbro, VANSBRO_HOSTS)
    users = {
        username: _user(username, email, first, last, su)
        for username, email, first, last, _r, su in DEMO_USERS + VANSBRO_USERS
    }

    d = dt.date
    vision = _process(
        municipality,
        "vision-2040",
        {
            StageKind.DIALOGUE: (
                d(2026, 4, 1),
                d(2027, 1, 31),
                "Breda digitala dialogmöten under april och maj för alla som bor, verkar i och "
                "bryr sig om kommunen, dialogmöten i mindre grupp med föreningar, företagare och "
                "ungdomar, och interna möten där tjänstepersoner och folkvalda samtalar om visionen.",
            ),
            StageKind.ENGAGEMENT: (
                d(2026, 9, 1),
                d(2027, 2, 28),
                "Förskolor, idrottsföreningar, företag och köksbord håller egna samtal med "
                "samtalsmaterialet och skickar in filmer, barnens tankar och brev från framtiden.",
            ),
            StageKind.DRAFTING: (d(2027, 3, 1), d(2027, 6, 15), ""),
            StageKind.ADOPTION: (d(2027, 8, 15), d(2027, 11, 30), ""),
            StageKind.IMPLEMENTATION: (d(2028, 1, 1), None, ""),
        },
        title="Vision 2040",
        horizon_year=2040,
        summary="Hur ser framtidens Vaggeryds kommun ut år 2040? Var med och forma visionen – "
        "på ett dialogmöte, i ett eget samtal eller med ett brev från framtiden.",
        description="För att en vision ska fungera och leda till tydliga resultat bygger "
        "visionsprocessen på bred förankring, delaktighet och engagemang. Alla förslag och tankar "
        "samlas in löpande och bearbetas slutligen av de förtroendevalda i nämnderna.",
        visibility=Visibility.PUBLIC,
        current_stage=StageKind.DIALOGUE,
        allow_anonymous_contributions=True,
    )
    programme = _process(
        municipality,
        "strategiskt-utvecklingsprogram",
        {
            "framing": (
                d(2018, 12, 1),
                d(2019, 1, 31),
                "Kommunstyrelsen arbetade med inramning och utgångspunkt för målen, och i "
                "februari förlängdes visionens giltighet till 2030.",
            ),
            "dialogue": (
                d(2019, 2, 1),
                d(2019, 4, 1),
                "Medborgardialog med olika målgrupper om inramning och utgångspunkt för målen.",
            ),
            "drafting": (
                d(2019, 4, 15),
                d(2019, 10, 16),
                "Intern remissomgång; KSAU 28 aug ramar och upplägg, KSAU 19 sep utkast 1, KSAU 16 okt färdigt utkast.",
            ),
            "adoption": (
                d(2019, 11, 6),
                d(2019, 11, 25),
                "KS 6 november och KF 25 november i samband med programbudget.",
            ),
            "follow_up": (
                d(2020, 1, 1),
                d(2022, 12, 31),
                "Handlingsplan för uppföljning, reviderad minst en gång per år med återkoppling till medborgarna.",
            ),
        },
        title="Strategiskt utvecklingsprogram 2019–2022",
        horizon_year=2030,
        summary="Visionen ”Här gör vi plats för att göra skillnad” och fyra fullmäktigemål för "
        "mandatperioden, med koppling till Agenda 2030.",
        description="I februari förlängdes giltigheten till 2030 för kommunens vision, Här gör vi "
        "plats för att göra skillnad. Kommunfullmäktige beslutade den 27 maj 2019 om fyra nya mål "
        "för mandatperioden. Samtliga nämnder och bolag ska bidra till alla fyra övergripande mål.",
        visibility=Visibility.PUBLIC,
        template="programme",
        current_stage="follow_up",
        allow_anonymous_contributions=True,
        case_dnr="KS 2019/160",
        classification_code="1.2.4",
    )
    framtidsbygget = _process(
        municipality,
        "framtidsbygget",
        {
            "interviews": (
                d(2025, 3, 1),
                d(2025, 8, 31),
                "Över 200 intervjuer som visualiserats i en mental karta över kommunen.",
            ),
            "large_meetings": (
                d(2025, 9, 1),
                d(2026, 2, 28),
                "Speciellt inbjudna stormöten med ungdomar, människor med funktionsvariation och "
                "nysvenskar, en webbenkät och ett ambassadörsnätverk med 213 ambassadörer.",
            ),
            "writing": (
                d(2026, 3, 1),
                d(2026, 10, 31),
                "Serviceplanen formuleras och en remissversion färdigställs.",
            ),
            "consultation": (d(2026, 11, 1), d(2027, 1, 31), ""),
            "adoption": (d(2027, 2, 1), d(2027, 4, 30), ""),
        },
        title="Framtidsbygget – en hel kommun",
        horizon_year=2035,
        summary="En plan för framtidens service, byggd tillsammans med invånarna. Förslaget till "
        "serviceplan är ute på remiss.",
        description="Samverkan, inflytande och tillsammans är ledorden i arbetet med en "
        "serviceplan för framtiden. Hundratals deltagare har engagerat sig via stormöten och en "
        "webbenkät. Efter avslutad remiss ska planen tas av kommunfullmäktige.",
        visibility=Visibility.PUBLIC,
        template="service_plan",
        # The draft is out on consultation (demo_drafting sends it): that is where it stands.
        current_stage="consultation",
        allow_anonymous_contributions=False,
    )
    # An internal process, to show that the public never sees it.
    _process(
        municipality,
        "intern-medarbetardialog",
        {},
        title="Medarbetardialog om visionen",
        horizon_year=2040,
        summary="Chefer använder dialogmaterialet med sina arbetsgrupper.",
        description="Ett internt dialogmaterial för arbetsgrupper: att tillsammans reflektera, "
        "lyfta fram det som är viktigt i verksamheten och hitta sätt att bidra till visionen.",
        visibility=Visibility.INTERNAL,
        template="workgroup",
        current_stage="workgroups",
        allow_anonymous_contributions=False,
    )

    # Vansbro's "Utmaningen", in Vansbro kommun: stages of its own, ending in six focus areas
    # (goals' demo adds them).
    utmaningen = _process(
        vansbro,
        "utmaningen",
        {
            "interviews": (d(2012, 9, 1), d(2013, 3, 31), ""),
            "focus_groups": (d(2013, 4, 1), d(2014, 11, 30), ""),
            "final_report": (d(2014, 12, 4), d(2014, 12, 4), ""),
            "going_forward": (d(2015, 1, 1), None, ""),
        },
        template=UTMANINGEN,
        current_stage="going_forward",
        title="Utmaningen – samverkan och samsyn för tillväxt",
        horizon_year=2030,
        summary="Ett projekt för att öka förtroendet mellan invånare, tjänstemän och förtroendevalda, "
        "som slutade i sex fokusområden med var sin ansvarig framåt.",
        description="Projektet startade med djupintervjuer med ett åttiotal personer i olika "
        "åldrar och kommundelar. Intervjuerna och en omvärldsanalys låg till grund för sex "
        "fokusområden där kommunen och andra aktörer byggde upp samverkan. Alla fokusområden "
        "har en ansvarig framåt.",
        visibility=Visibility.PUBLIC,
        allow_anonymous_contributions=True,
    )

    _promises(vision, programme, framtidsbygget, utmaningen)
    for owner, staff in ((municipality, DEMO_USERS), (vansbro, VANSBRO_USERS)):
        own = {username for username, *_rest in staff}
        for process in VisionProcess.objects.filter(municipality=owner):
            # A process moved here from the other municipality (an older demo) keeps no roles
            # of the other municipality's staff.
            ProcessRole.objects.filter(process=process).exclude(user__username__in=own).filter(
                user__username__in=[u for u, *_r in DEMO_USERS + VANSBRO_USERS]
            ).delete()
            for username, _email, _first, _last, role, _su in staff:
                if role:
                    ProcessRole.objects.get_or_create(
                        process=process, user=users[username], role=role
                    )

    bodies = {}
    for kind, short_name, name, order in BODIES:
        bodies[short_name], _created = Body.objects.update_or_create(
            municipality=municipality,
            short_name=short_name,
            defaults={"kind": kind, "name": name, "order": order},
        )
    _privacy(municipality, [vision, programme, framtidsbygget])
    return Core(municipality, vision, programme, framtidsbygget, users, bodies, utmaningen, vansbro)
