"""Demo data of the core, from the seed documents (Vaggeryd, Nynäshamn, Kramfors).

Idempotent: every object is found by its natural key and brought to the same state.
Each feature app may have a ``demo`` module with a ``load(core)`` function; the
``load_demo`` command calls them in the order of INSTALLED_APPS after this one.
"""

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import (
    Body,
    BodyKind,
    HostName,
    Municipality,
    ProcessRole,
    Role,
    Stage,
    StageKind,
    Visibility,
    VisionProcess,
)
from .process_templates import TEMPLATES, ProcessTemplate, StageTemplate
from .registry import structure_parts
from .services import stages_from_template

DEMO_PASSWORD = "Demo-2040!"  # noqa: S105 - demo accounts only, documented in README

DEMO_USERS = [
    # (username, e-mail, first name, last name, role or None, superuser)
    ("admin", "admin@example.org", "Alva", "Administratör", None, True),
    ("processadmin", "processadmin@example.org", "Camilla", "Wallin", Role.ADMIN, False),
    ("tjansteperson", "tjansteperson@example.org", "Torbjörn", "Åkerblad", Role.OFFICIAL, False),
    ("politiker", "politiker@example.org", "Märta", "Öberg", Role.POLITICIAN, False),
    ("registrator", "registrator@example.org", "Åsa", "Lindqvist", Role.CLERK, False),
    ("medborgare", "medborgare@example.org", "Elin", "Sjöberg", None, False),
]

#: Vansbro kommun's own staff (roles in Vansbro's processes only): a second municipality on the
#: same installation, reached at vansbro.localhost.
VANSBRO_USERS = [
    ("vansbro", "tjansteperson@vansbro.example.org", "Karin", "Mattsson", Role.OFFICIAL, False),
]

#: Host names of the demo municipalities (browsers resolve *.localhost to loopback, so
#: `make run` serves both without any set-up). The first is the primary one.
VAGGERYD_HOSTS = ["127.0.0.1", "localhost"]
VANSBRO_HOSTS = ["vansbro.localhost"]

BODIES = [
    (BodyKind.KF, "KF", "Kommunfullmäktige", 1),
    (BodyKind.KS, "KS", "Kommunstyrelsen", 2),
    (BodyKind.KSAU, "KSAU", "Kommunstyrelsens arbetsutskott", 3),
    (BodyKind.COMMITTEE, "BUN", "Barn- och ungdomsnämnden", 10),
    (BodyKind.COMMITTEE, "SON", "Socialnämnden", 11),
    (BodyKind.COMMITTEE, "KFN", "Kultur- och fritidsnämnden", 12),
    (BodyKind.COMMITTEE, "MBN", "Miljö- och byggnadsnämnden", 13),
    (BodyKind.COMPANY, "VBO", "Vaggerydsbostäder AB", 20),
    (BodyKind.COMPANY, "VEAB", "Vaggeryds Energi AB", 21),
]


@dataclass
class Core:
    """What the core's demo created, handed to the feature apps' demo loaders."""

    municipality: Municipality
    vision: VisionProcess
    programme: VisionProcess
    framtidsbygget: VisionProcess
    users: dict
    bodies: dict
    utmaningen: VisionProcess | None = None
    #: The second municipality of the demo, Vansbro kommun (Utmaningen is its process).
    vansbro: Municipality | None = None


def _user(username, email, first, last, superuser):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first, "last_name": last},
    )
    user.email, user.first_name, user.last_name = email, first, last
    user.display_name = f"{first} {last}"
    user.is_superuser = user.is_staff = superuser
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _process(municipality, slug, stages, *, template="vision", current_stage, **fields):
    """A demo process made from a template. ``stages`` gives dates and (optionally) a Swedish
    description per template key. A process that already exists keeps its stages (they may have
    been edited, or hold input); only the dates and descriptions of matching keys are set."""
    # Addresses are unique per municipality: the process is looked up in its own.
    process, _created = VisionProcess.objects.update_or_create(
        municipality=municipality,
        slug=slug,
        defaults=fields,
        create_defaults={"published_at": timezone.now(), **fields},
    )
    if not process.stages.exists():
        chosen = template if isinstance(template, ProcessTemplate) else TEMPLATES[template]
        stages_from_template(process, chosen)
        for part in structure_parts:  # e.g. the work-group template's dialogue material
            if part.seed is not None:
                part.seed(chosen.key, process)
    for key, (starts_on, ends_on, description) in stages.items():
        values = {"starts_on": starts_on, "ends_on": ends_on}
        if description:
            values.update(description_sv=description, description_en="")
        Stage.objects.filter(process=process, key=key).update(**values)
    current = process.stages.filter(key=current_stage).first() or process.stages.first()
    if process.current_stage_id != current.pk:
        process.current_stage = current
        process.save(update_fields=["current_stage", "modified"])
    return process


#: Vansbro's own stages (seed 004): interviews, focus groups and workshops, the final report on
#: 4 December 2014, and the focus areas carried forward by those responsible.
UTMANINGEN = ProcessTemplate(
    "utmaningen",
    "Utmaningen",
    "",
    "Vansbro",
    (
        StageTemplate(
            "interviews",
            "Djupintervjuer",
            "In-depth interviews",
            "Ett åttiotal personer i olika åldrar, från olika delar av kommunen och med olika "
            "jobb berättar om sin relation till kommunen: förhoppningar, farhågor, bra och "
            "dåliga saker.",
            "About eighty people of different ages, from different parts of the municipality "
            "and with different jobs talk about their relation to the municipality.",
            ("idea", "meetings"),
        ),
        StageTemplate(
            "focus_groups",
            "Fokusgrupper och workshops",
            "Focus groups and workshops",
            "Fokusgrupper, workshops, föreläsningar och ett strategiskt forum där politiker, "
            "tjänstemän, föreningar och företagare arbetar tillsammans.",
            "Focus groups, workshops, lectures and a strategic forum where politicians, "
            "officials, associations and businesses work together.",
            ("group_report", "meetings"),
        ),
        StageTemplate(
            "final_report",
            "Slutredovisning",
            "Final report",
            "Redovisning av projektet och en avslutande workshop om hur arbetet ska fortsätta.",
            "The project is reported and a closing workshop discusses how the work goes on.",
            ("meetings", "idea"),
        ),
        StageTemplate(
            "going_forward",
            "Fokusområden framåt",
            "Focus areas going forward",
            "Varje fokusområde har en ansvarig framåt, som berättar här hur arbetet går.",
            "Each focus area has someone responsible going forward, who reports here how the "
            "work goes.",
            ("follow_up",),
        ),
    ),
)


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


def _hosts(municipality, hosts):
    """The municipality's demo host names (the first primary), taken from whoever had them."""
    HostName.objects.filter(host__in=hosts).exclude(municipality=municipality).delete()
    HostName.objects.filter(municipality=municipality, is_primary=True).exclude(
        host=hosts[0]
    ).update(is_primary=False)
    for position, host in enumerate(hosts):
        HostName.objects.update_or_create(
            host=host, defaults={"municipality": municipality, "is_primary": position == 0}
        )


#: What each demo process promises up front (Kramfors' guideline for citizen dialogue): purpose,
#: what can and cannot be influenced, the level of participation, feedback, who is responsible.
PROMISES = {
    "vision-2040": {
        "purpose": "Att tillsammans med alla som bor, verkar i och bryr sig om kommunen forma en "
        "vision för 2040 som blir ett riktmärke för kommunens strategiska utveckling.",
        "can_influence": "Vad visionen ska handla om: vad som är viktigt för framtidens kommun, "
        "vilka områden och formuleringar som lyfts fram.",
        "cannot_influence": "Den ordinarie mål- och budgetprocessen och beslut som redan är "
        "fattade. Den slutliga visionstexten beslutas av kommunfullmäktige.",
        "participation_level": "involve",
        "feedback_how": "Alla förslag och tankar samlas in löpande. Här på sidan, under ”Ni sa – "
        "vi gjorde”, och i ett utskick till den som följer processen berättar vi vad som kom in "
        "och hur det används i visionstexten.",
        "responsible_name": "Kommunledningskontoret",
        "responsible_title": "",
        "contact_channel": "kommunen@vaggeryd.se",
        "feedback_due": {StageKind.DIALOGUE: dt.date(2027, 3, 31)},
    },
    "strategiskt-utvecklingsprogram": {
        "purpose": "Att förtydliga de fyra fullmäktigemålens innebörd för mandatperioden och "
        "koppla dem till Agenda 2030.",
        "can_influence": "Hur målen följs upp och vad handlingsplanen tar upp.",
        "cannot_influence": "Visionen och de fyra fullmäktigemålen, som kommunfullmäktige redan "
        "har beslutat.",
        "participation_level": "inform",
        "feedback_how": "Handlingsplanen revideras minst en gång per år med återkoppling till "
        "medborgarna.",
        "responsible_name": "Kommunledningskontoret",
        "responsible_title": "",
        "contact_channel": "kommunen@vaggeryd.se",
        "feedback_due": {},
    },
    "framtidsbygget": {
        "purpose": "Att öka kommunens attraktionskraft och ta fram en plan för framtidens "
        "service tillsammans med invånarna. Samverkan, inflytande och tillsammans är ledorden.",
        "can_influence": "Vad serviceplanen tar upp och prioriterar: hur och var kommunens "
        "service ska finnas i framtiden.",
        "cannot_influence": "Kommunens budget och lagstadgade uppdrag. Planen antas av "
        "kommunfullmäktige efter avslutad remiss.",
        "participation_level": "consult",
        "feedback_how": "Efter remissen sammanställer vi svaren och berättar här vad som ändrades "
        "i planen och varför, innan den går till kommunfullmäktige.",
        "responsible_name": "Andreas Gylling",
        "responsible_title": "Projektledare",
        "contact_channel": "0612-800 00 (Kontaktcenter)",
        "feedback_due": {"consultation": dt.date(2027, 3, 31)},
    },
    "utmaningen": {
        "purpose": "Att öka förtroendet mellan olika aktörer i kommunen för att skapa bättre "
        "förutsättningar för framgångsrikt lokalt utvecklingsarbete.",
        "can_influence": "Vilka frågor fokusområdena tar upp och hur samverkan byggs upp inom dem.",
        "cannot_influence": "Projektets ram och finansiering från Region Dalarna och "
        "Tillväxtverket.",
        "participation_level": "involve",
        "feedback_how": "Projektet redovisades den 4 december 2014. Varje fokusområde har en "
        "ansvarig framåt, som berättar här hur arbetet går.",
        "responsible_name": "Kommunkansliet",
        "responsible_title": "",
        "contact_channel": "kommunen@vaggeryd.se",
        "feedback_due": {},
    },
}


def _promises(*processes):
    """Fill in each demo process's promise, unless someone has already written one."""
    for process in processes:
        promise = dict(PROMISES.get(process.slug, {}))
        if not promise:
            continue
        due = promise.pop("feedback_due")
        if not process.has_promise:
            VisionProcess.objects.filter(pk=process.pk).update(**promise)
            for key, date in due.items():
                Stage.objects.filter(process=process, key=key, feedback_due__isnull=True).update(
                    feedback_due=date
                )
            process.refresh_from_db()


def _privacy(municipality, processes) -> None:
    """The municipality's privacy notice and the retention rule of its citizen dialogue (the
    processes run on, so none is closed and nothing is due for gallring)."""
    from .models import PrivacyNotice, RetentionRule

    PrivacyNotice.objects.update_or_create(
        municipality=municipality,
        defaults={
            "controller": "Kommunstyrelsen i Vaggeryds kommun",
            "controller_contact": "Vaggeryds kommun, 568 80 Skillingaryd, "
            "kommunen@vaggeryd.se, 0370-67 80 00",
            "dpo_contact": "Kommunens dataskyddsombud, dataskyddsombud@vaggeryd.se",
            "purpose": "Att genomföra kommunens medborgardialog: ta emot, läsa och återkoppla "
            "bidrag, synpunkter och remissvar, hantera anmälningar till dialogmöten och skicka "
            "nyheter till den som vill följa arbetet.",
            "recipients": "Leverantören som driver tjänsten åt kommunen (personuppgiftsbiträde).",
        },
    )
    rule, _created = RetentionRule.objects.update_or_create(
        municipality=municipality,
        plan_reference="Informationshanteringsplan KS 2.3",
        name="Medborgardialog: bidrag, anmälningar och följare",
        defaults={"months_after_close": 24, "keep_public_text": True},
    )
    for process in processes:
        if process is not None and process.retention_rule_id is None:
            process.retention_rule = rule
            process.save(update_fields=["retention_rule", "modified"])
