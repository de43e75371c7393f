"""Helpers that build drafting worlds through the services (so the audit log is real)."""

import datetime as dt

from tests.factories import BodyFactory, ProcessRoleFactory
from visionsprocess.drafting import services
from visionsprocess.models import BodyKind, ParagraphKind, Role

TEXTS = [
    (ParagraphKind.HEADING, "", "Här gör vi plats för att göra skillnad"),
    (
        ParagraphKind.BODY,
        "Samverkan",
        "Vi bygger framtiden tillsammans med föreningar, företag och skolor.",
    ),
    (
        ParagraphKind.BODY,
        "Inflytande",
        "Alla som bor här ska kunna påverka hur kommunen utvecklas.",
    ),
    (ParagraphKind.BODY, "Värdskap", "Vi tar emot besökare och nya invånare med öppna armar."),
]


def bodies_for(process):
    municipality = process.municipality
    return {
        "KSAU": BodyFactory(
            municipality=municipality,
            kind=BodyKind.KSAU,
            short_name="KSAU",
            name="Kommunstyrelsens arbetsutskott",
        ),
        "KS": BodyFactory(
            municipality=municipality, kind=BodyKind.KS, short_name="KS", name="Kommunstyrelsen"
        ),
        "KF": BodyFactory(
            municipality=municipality,
            kind=BodyKind.KF,
            short_name="KF",
            name="Kommunfullmäktige",
        ),
    }


def draft_world(process, *, actor=None, texts=TEXTS):
    """A drafting round with version 1 holding ``texts``; returns (round, version)."""
    actor = actor or ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    drafting_round = services.round_create(
        process=process, name="Första skrivomgången", actor=actor
    )
    version = drafting_round.versions.get()
    for kind, title, text in texts:
        services.paragraph_add(
            version=version, kind=kind, short_title=title, text=text, actor=actor
        )
    return drafting_round, version


def adopt(version, *, clerk, bodies, final_date=dt.date(2019, 11, 25)):
    """Run ``version`` through KS → KF to adoption."""
    process = version.round.process
    services.adoption_path_set(process=process, bodies=[bodies["KS"], bodies["KF"]], actor=clerk)
    services.decision_record(
        version=version,
        body=bodies["KS"],
        meeting_date=dt.date(2019, 11, 6),
        paragraph_number=187,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
    )
    return services.decision_record(
        version=version,
        body=bodies["KF"],
        meeting_date=final_date,
        paragraph_number=112,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
    )
