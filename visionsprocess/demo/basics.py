"""The demo's accounts, bodies and the helpers that find or make a user and a process."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import (
    BodyKind,
    Municipality,
    Role,
    Stage,
    VisionProcess,
)
from ..process_templates import TEMPLATES, ProcessTemplate, StageTemplate
from ..registry import structure_parts
from ..services import stages_from_template

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
