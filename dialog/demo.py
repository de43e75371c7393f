"""Demo data of the dialog app: Vaggeryd's dialogue meetings for Vision 2040.

Idempotent: meetings are found by (process, title), organisations by normalised name, the kit by
slug; running twice gives the same data.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from visionsprocess.models import District

from .models import (
    ConsultationInvitation,
    ConversationKit,
    Meeting,
    MeetingAgeCount,
    MeetingFormat,
    MeetingKind,
    MeetingStatus,
    Organisation,
    OrganisationCategory,
    TargetGroup,
    normalise_name,
)

TZ = ZoneInfo("Europe/Stockholm")

TARGET_GROUPS = ["Föreningar", "Företagare", "Ungdomar", "Seniorer", "Skolor och förskolor"]
DISTRICTS = ["Vaggeryd", "Skillingaryd", "Hok", "Bondstorp", "Klevshult", "Byarum"]

ORGANISATIONS = [
    # (name, category, contact, district, target group)
    ("Vaggeryds IP", "sport", "Anders Holm", "Vaggeryd", "Föreningar"),
    ("Skillingaryds IS", "sport", "Sara Lund", "Skillingaryd", "Föreningar"),
    ("Hoks Sportklubb", "sport", "Per Nyström", "Hok", "Föreningar"),
    ("Vaggeryds Ryttarförening", "sport", "Karin Ek", "Vaggeryd", "Föreningar"),
    ("Skillingaryds Simsällskap", "sport", "Jonas Berg", "Skillingaryd", "Föreningar"),
    ("Bondstorps Skytteförening", "sport", "Lars Ljung", "Bondstorp", "Föreningar"),
    ("Vaggeryds Hembygdsförening", "culture", "Inga Svensson", "Vaggeryd", "Föreningar"),
    ("Skillingaryds Musikkår", "culture", "Eva Ström", "Skillingaryd", "Föreningar"),
    ("Teaterföreningen Kulissen", "culture", "Mira Alm", "Vaggeryd", "Föreningar"),
    ("Hoks Bygdegårdsförening", "culture", "Gustav Hed", "Hok", "Föreningar"),
    ("Studieförbundet Vuxenskolan Vaggeryd", "culture", "Hanna Blom", "Vaggeryd", "Föreningar"),
    ("PRO Vaggeryd", "social", "Bertil Lind", "Vaggeryd", "Seniorer"),
    ("SPF Seniorerna Skillingaryd", "social", "Gun Åberg", "Skillingaryd", "Seniorer"),
    ("Röda Korset Vaggeryd", "social", "Fatima Haddad", "Vaggeryd", "Föreningar"),
    ("Svenska kyrkan Vaggeryd-Skillingaryd", "social", "Olof Sand", "Skillingaryd", "Föreningar"),
    ("Klevshults Byalag", "social", "Maja Ros", "Klevshult", "Föreningar"),
    ("Byarums Intresseförening", "social", "Nils Dahl", "Byarum", "Föreningar"),
    ("Fenestra-skolans elevråd", "school", "Elvira Kam", "Vaggeryd", "Ungdomar"),
    (
        "Hjortsjöskolans föräldraförening",
        "school",
        "Ali Karimi",
        "Vaggeryd",
        "Skolor och förskolor",
    ),
    ("Ungdomsrådet i Vaggeryds kommun", "school", "Wilma Strand", "Skillingaryd", "Ungdomar"),
    ("Företagarna Vaggeryd", "business", "Mats Lövgren", "Vaggeryd", "Företagare"),
    ("Skillingaryds Köpmannaförening", "business", "Lena Fors", "Skillingaryd", "Företagare"),
    ("Hoks Gård och Café", "business", "Johan Hult", "Hok", "Företagare"),
    ("Logistikcentrum Vaggeryd", "business", "Sofia Wik", "Vaggeryd", "Företagare"),
    ("Naturskyddsföreningen Vaggeryd", "other", "Tove Lunde", "Skillingaryd", "Föreningar"),
]


def _at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def _meeting(process, title, **fields):
    groups = fields.pop("groups", [])
    meeting, _created = Meeting.objects.update_or_create(
        process=process, title=title, defaults=fields
    )
    meeting.target_groups.set(groups)
    return meeting


#: (name, the association's own published channel, the day it agreed to be listed)
PUBLICLY_LISTED = [
    (
        "Vaggeryds Hembygdsförening",
        "https://www.example.org/vaggeryds-hembygdsforening",
        dt.date(2026, 3, 2),
    ),
    ("PRO Vaggeryd", "info@pro-vaggeryd.example.org", dt.date(2026, 3, 9)),
]


def load(core) -> None:
    municipality = core.municipality
    vision = core.vision
    groups = {}
    for order, name in enumerate(TARGET_GROUPS):
        groups[name], _c = TargetGroup.objects.update_or_create(
            municipality=municipality, name=name, defaults={"order": order}
        )
    districts = {}
    for order, name in enumerate(DISTRICTS):
        districts[name], _c = District.objects.get_or_create(
            municipality=municipality, name=name, defaults={"order": order}
        )
    for name, category, contact, district, group in ORGANISATIONS:
        slug = normalise_name(name).replace(" ", ".").replace("å", "a").replace("ä", "a")
        slug = slug.replace("ö", "o").replace("é", "e")[:40]
        organisation, _c = Organisation.objects.update_or_create(
            municipality=municipality,
            normalised_name=normalise_name(name),
            defaults={
                "name": name,
                "category": OrganisationCategory(category),
                "contact_person": contact,
                "email": f"{slug}@example.org",
                "phone": "0393-"
                + str(10000 + len(name) * 97)[:2]
                + " "
                + str(100 + len(name) * 13)[:3],
                "district": districts[district],
                "wants_invitations": True,
            },
        )
        organisation.target_groups.set([groups[group]])
    # Two associations agreed to be listed in the public register, each with the channel it
    # publishes itself (seed 004: the municipality built a register of about 140 associations).
    for name, channel, consented in PUBLICLY_LISTED:
        Organisation.objects.filter(
            municipality=municipality, normalised_name=normalise_name(name)
        ).update(is_listed_publicly=True, public_contact=channel, listing_consent_on=consented)

    _consultation_bodies(core)

    digital_text = (
        "Ett brett digitalt dialogmöte för alla som bor, verkar i och bryr sig om Vaggeryds "
        "kommun. Vi pratar om hur kommunen ser ut år 2040 – vad ska vi vara stolta över, och "
        "vad behöver förändras? Du behöver inte förbereda något."
    )
    broad = [
        (
            "Digitalt dialogmöte: Livet i Vaggeryds kommun 2040",
            _at(2026, 4, 14, 18),
            "Trygghet och mötesplatser i centrum\nBättre kollektivtrafik mellan orterna\n"
            "Fler bostäder för unga och äldre",
            41,
        ),
        (
            "Digitalt dialogmöte: Arbete, skola och näringsliv",
            _at(2026, 5, 5, 18),
            "Samverkan mellan skola och företag\nLogistikläget som möjlighet\n"
            "Kompetensförsörjning och lärlingsplatser",
            33,
        ),
        (
            "Digitalt dialogmöte: Natur, fritid och föreningsliv",
            _at(2026, 5, 26, 18),
            "Sjöar och skogar nära alla\nFöreningslivet behöver lokaler\n"
            "Aktiviteter för unga på kvällar och helger",
            38,
        ),
    ]
    for title, start, points, count in broad:
        meeting = _meeting(
            vision,
            title,
            kind=MeetingKind.BROAD,
            format=MeetingFormat.DIGITAL,
            status=MeetingStatus.HELD,
            description=digital_text,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1, minutes=30),
            online_link="https://meet.example.org/vaggeryd-vision-2040",
            accessibility="Textning i mötet. Du kan delta med telefon.",
            minutes=(
                "Mötet inleddes med en kort presentation av visionsprocessen och processkartan. "
                "Deltagarna samtalade i smågrupper i digitala grupprum och återsamlades för att "
                "dela det viktigaste. Alla synpunkter har förts in som bidrag och tas med i "
                "skapandet av visionstexten."
            ),
            main_points=points,
            participant_count=count,
            stage=vision.stage_by_key("dialogue"),
            groups=[],
        )
        for band, number in (("20-34", count // 4), ("35-49", count // 3), ("50-64", count // 4)):
            MeetingAgeCount.objects.update_or_create(
                meeting=meeting, age_band=band, defaults={"count": number}
            )
    small = [
        (
            "Dialogmöte med föreningslivet",
            _at(2026, 6, 9, 18),
            "Föreningar",
            "Folkets hus, Vaggeryd",
        ),
        ("Frukostmöte med företagare", _at(2026, 9, 17, 7, 30), "Företagare", "Hoks Gård och Café"),
        (
            "Unga om framtiden – dialog med ungdomsrådet",
            _at(2026, 10, 6, 15),
            "Ungdomar",
            "Fenestra-skolan",
        ),
    ]
    for title, start, group, place in small:
        _meeting(
            vision,
            title,
            kind=MeetingKind.SMALL_GROUP,
            format=MeetingFormat.PHYSICAL,
            status=MeetingStatus.HELD,
            description=f"Ett samtal i mindre grupp om Vision 2040 för {group.lower()}.",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place=place,
            address="Vaggeryd",
            main_points="Samverkan över gränser\nLokaler och mötesplatser",
            participant_count=15,
            stage=vision.stage_by_key("dialogue"),
            groups=[groups[group]],
        )
    _meeting(
        vision,
        "Internt: tjänstepersoner och förtroendevalda om visionsarbetet",
        kind=MeetingKind.INTERNAL,
        format=MeetingFormat.HYBRID,
        status=MeetingStatus.HELD,
        description="Genomgång av det som kommit in hittills och upplägget för skapandefasen.",
        starts_at=_at(2026, 6, 16, 9),
        ends_at=_at(2026, 6, 16, 12),
        place="Kommunhuset, sammanträdesrum Skillingen",
        online_link="https://meet.example.org/internt",
        stage=vision.stage_by_key("dialogue"),
        groups=[],
    )
    _meeting(
        vision,
        "Dialogmöte i Skillingaryd: Visionen tar form",
        kind=MeetingKind.BROAD,
        format=MeetingFormat.HYBRID,
        status=MeetingStatus.PLANNED,
        description=(
            "Välkommen till ett öppet dialogmöte om Vision 2040! Vi visar vad som kommit in från "
            "dialogmötena och samtalen, och du får tycka till om vad som ska vara med i "
            "visionen. Fika serveras."
        ),
        starts_at=_at(2027, 1, 20, 18),
        ends_at=_at(2027, 1, 20, 20),
        registration_deadline=_at(2027, 1, 18, 23, 59),
        place="Medborgarhuset Skillingaryd, stora salen",
        address="Storgatan 20, 568 31 Skillingaryd",
        online_link="https://meet.example.org/skillingaryd-2027",
        capacity=60,
        accessibility="Hörslinga, tillgängligt utan trappsteg, teckenspråkstolk på begäran.",
        stage=vision.stage_by_key("dialogue"),
        groups=[groups["Föreningar"], groups["Seniorer"], groups["Ungdomar"]],
    )
    ConversationKit.objects.update_or_create(
        process=vision,
        slug="samtalsmaterial-vision-2040",
        defaults={
            "title": "Samtalsmaterial Vision 2040",
            "introduction": (
                "Med det här materialet kan ni hålla ett eget samtal om framtidens Vaggeryds "
                "kommun – i förskolan, i idrottsföreningen, på arbetsplatsen eller vid "
                "köksbordet. Ett samtal tar ungefär en timme."
            ),
            "questions": (
                "Vad är du mest stolt över i Vaggeryds kommun i dag?\n"
                "Hur ser en vanlig dag ut i kommunen år 2040?\n"
                "Vad behöver förändras för att fler ska vilja bo och verka här?\n"
                "Vilken plats i kommunen betyder mest för dig, och varför?\n"
                "Skriv ett brev från framtiden: vad vill du berätta för någon år 2040?"
            ),
            "leader_instructions": (
                "Läs frågorna högt en i taget. Låt alla komma till tals. Anteckna det viktigaste "
                "och skicka in gruppens rapport – gärna med teckningar eller en kort film."
            ),
            "is_published": True,
        },
    )


CONSULTATION_BODIES = [
    # (organisation, answer or "" when it has not answered yet)
    (
        "PRO Vaggeryd",
        "Vi ställer oss bakom texten, men vill att service i hemmet och digital hjälp för äldre "
        "nämns uttryckligen.",
    ),
    ("SPF Seniorerna Skillingaryd", ""),
    (
        "Ungdomsrådet i Vaggeryds kommun",
        "Unga vill kunna påverka på riktigt – skriv in att ungdomsrådet tillfrågas innan "
        "beslut som rör unga.",
    ),
    ("Företagarna Vaggeryd", ""),
    ("Byarums Intresseförening", ""),
]


def _consultation_bodies(core) -> None:
    """Framtidsbygget's consultation: register organisations asked to answer, two have answered.

    The rows are written as already e-mailed, so loading the demo sends no mail.
    """
    from visionsprocess.models import Consultation, ConsultationAnswer

    consultation = (
        Consultation.objects.filter(version__round__process=core.framtidsbygget)
        .order_by("-created")
        .first()
    )
    if consultation is None:
        return
    for name, answer in CONSULTATION_BODIES:
        organisation = Organisation.objects.get(
            municipality=core.municipality, normalised_name=normalise_name(name)
        )
        ConsultationInvitation.objects.get_or_create(
            consultation=consultation,
            organisation=organisation,
            defaults={"sent_at": consultation.created, "invited_by": core.users["tjansteperson"]},
        )
        if answer:
            ConsultationAnswer.objects.get_or_create(
                consultation=consultation,
                organisation=name,
                defaults={"respondent_name": organisation.contact_person, "text": answer},
            )
