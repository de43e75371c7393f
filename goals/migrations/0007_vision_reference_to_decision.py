"""Turn the free-text ``Vision.adopted_reference`` ("KF 2019-02-25 § 12, Dnr KS 2019/160") into
a ``Decision`` row that the vision points at. The decision keeps the original text in full as its
``subject`` so nothing typed is lost. A reference without a recognisable body and date cannot
become a decision; rather than drop it, the migration stops and names the vision to fix first.
"""

import re

from django.db import migrations

BODY_KINDS = {"KF": "kf", "KS": "ks", "KSAU": "ksau"}
BODY_NAMES = {
    "KF": "Kommunfullmäktige",
    "KS": "Kommunstyrelsen",
    "KSAU": "Kommunstyrelsens arbetsutskott",
}


def parse(reference: str) -> dict:
    result = {}
    if match := re.search(r"Dnr\s*:?\s*([A-ZÅÄÖ]{1,10}\s+\d{4}/\d{1,6})", reference):
        result["dnr"] = re.sub(r"\s+", " ", match.group(1))
    if match := re.search(r"§\s*(\d+)", reference):
        result["paragraph_number"] = int(match.group(1))
    if match := re.search(r"\b(\d{4}-\d{2}-\d{2})\b", reference):
        result["meeting_date"] = match.group(1)
    if match := re.match(r"\s*([A-ZÅÄÖ]{2,10})\b", reference):
        result["body"] = match.group(1)
    return result


def forwards(apps, schema_editor):
    import datetime as dt

    Vision = apps.get_model("goals", "Vision")
    Decision = apps.get_model("visionsprocess", "Decision")
    Body = apps.get_model("visionsprocess", "Body")
    unreadable = []
    for vision in Vision.objects.exclude(adopted_reference="").select_related(
        "process__municipality"
    ):
        fields = parse(vision.adopted_reference)
        if "body" not in fields or "meeting_date" not in fields:
            unreadable.append(f"{vision.process.slug}: {vision.adopted_reference!r}")
            continue
        municipality = vision.process.municipality
        short_name = fields["body"]
        body = Body.objects.filter(municipality=municipality, short_name=short_name).first()
        if body is None:
            body = Body.objects.create(
                municipality=municipality,
                short_name=short_name,
                name=BODY_NAMES.get(short_name, short_name),
                kind=BODY_KINDS.get(short_name, "committee"),
            )
        date = dt.date.fromisoformat(fields["meeting_date"])
        number = fields.get("paragraph_number")
        decision = Decision.objects.filter(
            body=body, meeting_date=date, paragraph_number=number
        ).first()
        if decision is None or number is None:
            decision = Decision.objects.create(
                process=vision.process,
                matter="vision",
                subject=vision.adopted_reference[:300],
                body=body,
                meeting_date=date,
                paragraph_number=number,
                dnr=fields.get("dnr", ""),
                outcome="approved",
            )
        vision.decision = decision
        vision.save(update_fields=["decision"])
    if unreadable:
        raise RuntimeError(
            "These visions' adoption references name no body and date, so they cannot become "
            "decisions. Write them as e.g. 'KF 2019-02-25 § 12, Dnr KS 2019/160' (or empty them) "
            "and migrate again:\n" + "\n".join(unreadable)
        )


def backwards(apps, schema_editor):
    Vision = apps.get_model("goals", "Vision")
    for vision in Vision.objects.exclude(decision=None).select_related("decision__body"):
        decision = vision.decision
        text = f"{decision.body.short_name} {decision.meeting_date:%Y-%m-%d}"
        if decision.paragraph_number:
            text += f" § {decision.paragraph_number}"
        if decision.dnr:
            text += f", Dnr {decision.dnr}"
        vision.adopted_reference = text
        vision.save(update_fields=["adopted_reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0006_add_decision_links"),
        ("visionsprocess", "0007_decision_process_required"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
