"""A small world for the clerk's chain: Vaggeryd's bodies, a process and its clerk."""

from tests.factories import BodyFactory, ProcessFactory, ProcessRoleFactory
from visionsprocess.models import BodyKind, Role

BODIES = [
    (BodyKind.KF, "KF", "Kommunfullmäktige"),
    (BodyKind.KS, "KS", "Kommunstyrelsen"),
    (BodyKind.KSAU, "KSAU", "Kommunstyrelsens arbetsutskott"),
    (BodyKind.COMMITTEE, "BUN", "Barn- och ungdomsnämnden"),
    (BodyKind.COMMITTEE, "SON", "Socialnämnden"),
]


def clerk_world(**process_fields):
    process = ProcessFactory(case_dnr="KS 2019/160", **process_fields)
    bodies = {
        short: BodyFactory(
            municipality=process.municipality, kind=kind, short_name=short, name=name
        )
        for kind, short, name in BODIES
    }
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    return process, bodies, clerk
