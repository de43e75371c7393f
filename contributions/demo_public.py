"""Demo contributions from citizens for Vision 2040 (Vaggeryd): ideas, letters from the future and
group reports from a preschool, a sports club and others.

Idempotent: every contribution is found by a fixed tracking token and brought to the same state;
districts and themes by their names; the demo drawing is only attached once.
The lead wires ``load(core)`` into ``contributions/demo.py``.
"""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from visionsprocess.models import AgeBand, District, StageKind

from .models import (
    Attachment,
    Contribution,
    ContributionKind,
    ContributionTheme,
    GroupKind,
    MediaKind,
    ModerationState,
    Theme,
)

DISTRICTS = ["Vaggeryd", "Skillingaryd", "Hok", "Klevshult", "Svenarum", "Byarum", "Bondstorp"]
THEMES = [
    "Trafik och pendling",
    "Skola och förskola",
    "Natur och friluftsliv",
    "Boende",
    "Kultur och fritid",
    "Näringsliv och jobb",
    "Trygghet och gemenskap",
]

IDEA, L, G = ContributionKind.IDEA, ContributionKind.LETTER, ContributionKind.GROUP_REPORT
P, N, INT = ModerationState.PUBLISHED, ModerationState.NEW, ModerationState.INTERNAL

# (kind, state, title/greeting, text, pseudonym, district, age band, themes, extra)
CONTRIBUTIONS = [
    (
        IDEA,
        P,
        "Tätare pendeltåg till Jönköping",
        "Om tåget gick varannan halvtimme även på kvällarna skulle fler kunna bo kvar här och jobba i Jönköping eller Värnamo. Idag blir det bilen för att sista tåget går för tidigt.",
        "Pendlaren",
        "Vaggeryd",
        AgeBand.AGE_35_49,
        ["Trafik och pendling"],
        {},
    ),
    (
        IDEA,
        P,
        "Cykelväg mellan Skillingaryd och Vaggeryd",
        "En säker och belyst cykelväg längs väg 30 skulle göra att ungdomar kan ta sig till träningen och gymnasiet utan skjuts.",
        "Elin",
        "Skillingaryd",
        AgeBand.AGE_35_49,
        ["Trafik och pendling"],
        {},
    ),
    (
        IDEA,
        P,
        "Badplats med brygga vid Hoksjön",
        "Rusta upp badplatsen med en tillgänglig brygga så att även den som använder rullstol kan bada.",
        "",
        "Hok",
        AgeBand.AGE_65_79,
        ["Natur och friluftsliv"],
        {},
    ),
    (
        IDEA,
        P,
        "Fler hyresrätter för unga",
        "Vi som är unga vill flytta hemifrån men det finns nästan inga små lägenheter att hyra. Bygg fler ettor och tvåor nära stationen.",
        "Alex",
        "Vaggeryd",
        AgeBand.AGE_20_34,
        ["Boende"],
        {},
    ),
    (
        IDEA,
        P,
        "En mötesplats för äldre i Klevshult",
        "Sedan affären stängde finns ingenstans att träffas. En samlingslokal med fika en gång i veckan skulle betyda mycket.",
        "Gunnel",
        "Klevshult",
        AgeBand.AGE_80_PLUS,
        ["Trygghet och gemenskap"],
        {},
    ),
    (
        IDEA,
        P,
        "Vandringsled runt Store mosse",
        "Knyt ihop stigarna i nationalparken med tätorterna så att man kan vandra direkt från Skillingaryd.",
        "Friluftare",
        "Skillingaryd",
        AgeBand.AGE_50_64,
        ["Natur och friluftsliv"],
        {},
    ),
    (
        IDEA,
        P,
        "Sommarjobb hos lokala företag",
        "Kommunen kan förmedla sommarjobb hos företagen i industriområdet så att ungdomar får kontakter och vill stanna.",
        "",
        "Vaggeryd",
        AgeBand.AGE_13_19,
        ["Näringsliv och jobb"],
        {},
    ),
    (
        IDEA,
        P,
        "Bibliotek öppet på kvällar",
        "Ett meröppet bibliotek där man kan låna och plugga på kvällen med sitt bibliotekskort.",
        "Student",
        "Skillingaryd",
        AgeBand.AGE_20_34,
        ["Kultur och fritid"],
        {},
    ),
    (
        IDEA,
        P,
        "Laddstolpar vid idrottsplatserna",
        "När alla kör elbil behövs laddning där vi ändå står länge, som vid fotbollsplanen och ishallen.",
        "",
        "Vaggeryd",
        AgeBand.AGE_35_49,
        ["Trafik och pendling"],
        {},
    ),
    (
        IDEA,
        P,
        "Belysning på skolvägen i Byarum",
        "Vintertid är det mörkt och läskigt att gå till bussen. Mer belysning gör att barnen kan gå själva.",
        "Förälder i Byarum",
        "Byarum",
        AgeBand.AGE_35_49,
        ["Trygghet och gemenskap", "Skola och förskola"],
        {},
    ),
    (
        IDEA,
        N,
        "Skatepark i Skillingaryd",
        "Vi vill ha en skatepark nära skolan. Vi kan hjälpa till att rita den!",
        "Noah",
        "Skillingaryd",
        AgeBand.AGE_13_19,
        [],
        {},
    ),
    (
        IDEA,
        INT,
        "Synpunkt på en namngiven granne",
        "Innehåller uppgifter om en enskild person och hålls därför internt.",
        "",
        "",
        "",
        [],
        {},
    ),
    (
        L,
        P,
        "Hej från Vaggeryd 2040!",
        "Nu går pendeltåget var femtonde minut och jag hinner till jobbet i Jönköping på tjugo minuter. Torget har blivit en park med lekplats och kafé, och på lördagar är det marknad med grönsaker från gårdarna runt Svenarum. Det bästa är att mina barn har valt att bo kvar.",
        "Anna",
        "Vaggeryd",
        AgeBand.AGE_35_49,
        ["Trafik och pendling", "Boende"],
        {"letter_year": 2040},
    ),
    (
        L,
        P,
        "Hej från Skillingaryd 2040",
        "Kära jag för tjugo år sedan! Skjutfältet är fortfarande kvar men nu finns också en stor solcellspark och ett nytt företagsområde där jag jobbar. Vi har en ny simhall och cykelvägen till Vaggeryd är äntligen klar.",
        "Johan",
        "Skillingaryd",
        AgeBand.AGE_50_64,
        ["Näringsliv och jobb", "Kultur och fritid"],
        {"letter_year": 2040},
    ),
    (
        L,
        P,
        "Hej från Hok 2040!",
        "Byn lever! Skolan fick vara kvar och har blivit en mötesplats för alla åldrar på kvällarna. Bussen går efter behov och man bokar den i telefonen.",
        "Mormor Ingrid",
        "Hok",
        AgeBand.AGE_65_79,
        ["Trygghet och gemenskap", "Skola och förskola"],
        {"letter_year": 2040},
    ),
    (
        L,
        P,
        "Hälsningar från framtiden",
        "Jag är 26 år och driver ett eget företag i det gamla stationshuset. Internet är snabbt överallt, även ute i skogen, så jag kan jobba med kunder i hela världen härifrån.",
        "Ella",
        "Vaggeryd",
        AgeBand.AGE_13_19,
        ["Näringsliv och jobb"],
        {"letter_year": 2040},
    ),
    (
        L,
        P,
        "Hej från Vaggeryds kommun 2040",
        "Alla barn kan simma när de slutar fyran, och naturen vid Lagan är skyddad så att laxen har kommit tillbaka.",
        "",
        "Byarum",
        AgeBand.AGE_35_49,
        ["Natur och friluftsliv"],
        {"letter_year": 2040},
    ),
    (
        L,
        P,
        "Hej från Klevshult 2040!",
        "Det finns en affär igen, en som sköts av byborna tillsammans. Här träffas vi och köper bröd och ägg.",
        "Bybon",
        "Klevshult",
        AgeBand.AGE_50_64,
        ["Trygghet och gemenskap"],
        {"letter_year": 2040},
    ),
    (
        L,
        P,
        "Ett brev från 2045",
        "Jag skriver lite längre fram än alla andra. Kommunen har blivit känd för att alla som flyttar hit får en fadder och snabbt känner sig hemma.",
        "Amir",
        "Skillingaryd",
        AgeBand.AGE_20_34,
        ["Trygghet och gemenskap", "Boende"],
        {"letter_year": 2045},
    ),
    (
        L,
        P,
        "Hej från Svenarum 2040",
        "Vi har en liten skola där barnen lär sig om skogen och odlar egna grönsaker. Gamla och unga hjälps åt.",
        "Lärare",
        "Svenarum",
        AgeBand.AGE_50_64,
        ["Skola och förskola"],
        {"letter_year": 2040},
    ),
    (
        L,
        N,
        "Hej från Bondstorp 2040",
        "Jag vill att vägarna är plogade och att bussen kommer i tid.",
        "",
        "Bondstorp",
        AgeBand.AGE_65_79,
        [],
        {"letter_year": 2040},
    ),
    (
        G,
        P,
        "Förskolan Solrosen, avdelning Blåklockan",
        "Barnen ritade hur de vill att Vaggeryd ska se ut när de är stora. Många ritade träd, djur och stora lekplatser. Flera ville ha ett badhus med rutschkana och att det ska finnas plats att cykla överallt.",
        "Pedagogerna på Blåklockan",
        "Vaggeryd",
        "",
        ["Skola och förskola", "Kultur och fritid"],
        {
            "group_kind": GroupKind.PRESCHOOL,
            "group_size": 18,
            "group_age_bands": [AgeBand.UNDER_13],
            "drawing": True,
        },
    ),
    (
        G,
        P,
        "Skillingaryds IS, P14",
        "Laget pratade efter träningen. Viktigast för dem: en konstgräsplan som går att använda på vintern, säker cykelväg till planen och att föreningen får vara kvar i sin klubbstuga.",
        "Tränarna",
        "Skillingaryd",
        "",
        ["Kultur och fritid", "Trafik och pendling"],
        {
            "group_kind": GroupKind.SPORTS_CLUB,
            "group_size": 16,
            "group_age_bands": [AgeBand.AGE_13_19, AgeBand.AGE_35_49],
        },
    ),
    (
        G,
        P,
        "Klass 8B, Fenestra",
        "Vi pratade om vad som får unga att flytta. Svaren: bostäder, jobb och något att göra på kvällarna. Vi vill ha en ungdomsgård med studio och ett kafé som ungdomar driver själva.",
        "8B",
        "Vaggeryd",
        "",
        ["Boende", "Kultur och fritid"],
        {
            "group_kind": GroupKind.SCHOOL_CLASS,
            "group_size": 24,
            "group_age_bands": [AgeBand.AGE_13_19],
        },
    ),
    (
        G,
        P,
        "Köksbordet hos familjen Lind",
        "Tre generationer runt bordet. Mormor vill ha kvar vårdcentralen, pappa vill kunna pendla och barnen vill ha fler aktiviteter som inte kostar pengar.",
        "Familjen Lind",
        "Hok",
        "",
        ["Trygghet och gemenskap", "Trafik och pendling"],
        {
            "group_kind": GroupKind.KITCHEN_TABLE,
            "group_size": 6,
            "group_age_bands": [AgeBand.UNDER_13, AgeBand.AGE_35_49, AgeBand.AGE_65_79],
        },
    ),
    (
        G,
        P,
        "Företagarna i Vaggeryd",
        "Vi behöver mer mark för industri, bättre bredband och att skolan samarbetar med företagen så att unga ser vilka jobb som finns här.",
        "Företagarföreningen",
        "Vaggeryd",
        "",
        ["Näringsliv och jobb"],
        {
            "group_kind": GroupKind.COMPANY,
            "group_size": 11,
            "group_age_bands": [AgeBand.AGE_35_49, AgeBand.AGE_50_64],
        },
    ),
    (
        G,
        P,
        "PRO Skillingaryd",
        "Vi pratade om trygghet. Vi vill kunna bo kvar hemma länge, ha en fungerande färdtjänst och fler bänkar att vila på längs promenadstråken.",
        "PRO",
        "Skillingaryd",
        "",
        ["Trygghet och gemenskap"],
        {
            "group_kind": GroupKind.ASSOCIATION,
            "group_size": 22,
            "group_age_bands": [AgeBand.AGE_65_79, AgeBand.AGE_80_PLUS],
        },
    ),
    (
        G,
        N,
        "Hembygdsföreningen i Byarum",
        "Vi vill att kulturarvet lyfts fram, med skyltar vid de gamla gårdarna och en vandring som berättar byns historia.",
        "",
        "Byarum",
        "",
        [],
        {
            "group_kind": GroupKind.ASSOCIATION,
            "group_size": 9,
            "group_age_bands": [AgeBand.AGE_65_79],
        },
    ),
    (
        IDEA,
        P,
        "Fler träd i centrum",
        "Plantera träd längs Storgatan. Det blir svalare på sommaren och vackrare året om.",
        "",
        "Vaggeryd",
        AgeBand.AGE_50_64,
        ["Natur och friluftsliv"],
        {},
    ),
    (
        IDEA,
        P,
        "Gratis buss för unga på sommaren",
        "Om bussen var gratis för alla under 20 på sommarlovet skulle vi kunna ta oss till badplatserna själva.",
        "Tilde",
        "Hok",
        AgeBand.AGE_13_19,
        ["Trafik och pendling", "Kultur och fritid"],
        {},
    ),
]


def _drawing() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, 480, 360), fill="#6fbf5a")
    draw.ellipse((360, 30, 440, 110), fill="#ffd43b", outline="#f08c00", width=5)
    draw.rectangle((80, 160, 220, 280), fill="#e03131", outline="black", width=3)
    draw.polygon([(70, 160), (150, 90), (230, 160)], fill="#7a4b2a")
    draw.rectangle((300, 180, 320, 280), fill="#7a4b2a")
    draw.ellipse((260, 110, 360, 210), fill="#2b8a3e")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load(core) -> None:
    process = core.vision
    municipality = core.municipality
    official = core.users.get("tjansteperson")
    districts = {}
    for order, name in enumerate(DISTRICTS):
        districts[name], _created = District.objects.get_or_create(
            municipality=municipality, name=name, defaults={"order": order}
        )
    themes = {}
    for order, name in enumerate(THEMES):
        themes[name], _created = Theme.objects.get_or_create(
            process=process, name=name, defaults={"order": order}
        )
    kit = process.kits.filter(is_published=True).order_by("pk").first()
    dialogue = process.stage_by_key(StageKind.DIALOGUE)
    engagement = process.stage_by_key(StageKind.ENGAGEMENT)
    start = timezone.make_aware(dt.datetime(2026, 4, 14, 18, 30))

    for number, (
        kind,
        state,
        heading,
        text,
        pseudonym,
        district,
        age,
        theme_names,
        extra,
    ) in enumerate(CONTRIBUTIONS, start=1):
        extra = dict(extra)
        drawing = extra.pop("drawing", False)
        created = start + dt.timedelta(days=number * 3, hours=number % 7)
        fields = {
            "process": process,
            "kind": kind,
            "stage": dialogue if number % 3 else engagement,
            "title": heading if kind != ContributionKind.LETTER else "",
            "greeting": heading if kind == ContributionKind.LETTER else "",
            "group_name": heading if kind == ContributionKind.GROUP_REPORT else "",
            "kit": kit if kind == ContributionKind.GROUP_REPORT else None,
            "text": text,
            "pseudonym": pseudonym,
            "district": districts.get(district),
            "age_band": age,
            "consent_to_publish": state != INT,
            "moderation_state": state,
            "read_at": created + dt.timedelta(days=2) if state != N else None,
            **extra,
        }
        contribution, _created = Contribution.objects.update_or_create(
            tracking_token=f"demo-vision-2040-{number:02d}", defaults=fields
        )
        Contribution.objects.filter(pk=contribution.pk).update(created=created)
        for name in theme_names:
            ContributionTheme.objects.get_or_create(
                contribution=contribution, theme=themes[name], defaults={"tagged_by": official}
            )
        if drawing and not contribution.attachments.exists():
            attachment = Attachment(
                contribution=contribution,
                media_kind=MediaKind.IMAGE,
                content_type="image/png",
                size=0,
                width=480,
                height=360,
                description="Barnteckning: ett rött hus, ett grönt träd och en gul sol",
            )
            content = _drawing()
            attachment.size = len(content)
            attachment.file.save("upload.png", ContentFile(content), save=False)
            attachment.save()
