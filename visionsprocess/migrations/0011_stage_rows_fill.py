"""Every existing process gets exactly the five stages it has today, as rows.

Names and descriptions come from the fixed stages' labels and purposes, in Swedish and English
(frozen here, so the migration does not depend on compiled catalogues); a stage that had its own
description keeps it as the Swedish description. What each stage opens is what the permission
rules allowed in it: contributions of every citizen kind in the dialogue and engagement stages,
meetings in the dialogue stage, drafting and consultation in the drafting stage, adoption in
the adoption stage, follow-up in implementation. The current stage is pointed at its row.

The reverse puts the fixed stage back in ``legacy_current_stage``; it refuses when a process has
stages other than the five standard ones (there is nowhere to put them in the old schema).
"""

from django.db import migrations

CONTRIBUTION_KINDS = ["idea", "letter", "group_report"]

#: key, Swedish name, English name, Swedish description, English description, opens
STANDARD_STAGES = [
    (
        "dialogue",
        "Dialogmöten",
        "Dialogue meetings",
        "Breda öppna dialogmöten, möten i mindre grupp med föreningar, företagare och ungdomar, "
        "och interna möten där tjänstepersoner och förtroendevalda samtalar. Alla som bor i, "
        "verkar i eller bryr sig om kommunen kan komma till tals.",
        "Broad open meetings, small-group meetings with associations, businesses and young "
        "people, and internal meetings of officials and politicians. Everyone who lives in, "
        "works in or cares about the municipality can have their say.",
        [*CONTRIBUTION_KINDS, "meetings"],
    ),
    (
        "engagement",
        "Breddat engagemang",
        "Broadened engagement",
        "Grupper håller egna samtal med ett samtalsmaterial – förskolor, idrottsföreningar, "
        "arbetsplatser, köksbord – och skickar in resultatet: text, filmer, barnens teckningar "
        "och brev från framtiden.",
        "Groups hold their own conversations with a conversation kit – preschools, sports "
        "clubs, workplaces, kitchen tables – and send in the result: text, films, children's "
        "drawings and letters from the future.",
        list(CONTRIBUTION_KINDS),
    ),
    (
        "drafting",
        "Skapande och formulering",
        "Drafting",
        "De förtroendevalda i varje parti går tillsammans med förvaltningsledningen igenom allt "
        "som kommit in och omvandlar det till visionstext i flera skrivomgångar. Ett utkast kan "
        "skickas på remiss.",
        "Politicians of every party, with the management, go through everything that has come "
        "in and turn it into a vision text in several drafting rounds. A draft may go out on "
        "consultation.",
        ["drafting", "consultation"],
    ),
    (
        "adoption",
        "Antagande",
        "Adoption",
        "Nämnderna, kommunstyrelsen och slutligen kommunfullmäktige beslutar om visionen. Varje "
        "beslut publiceras med datum, paragraf och diarienummer.",
        "The committees, the executive board and finally the municipal council decide on the "
        "vision. Every decision is published with its date, paragraph and registration number.",
        ["adoption"],
    ),
    (
        "implementation",
        "Implementering",
        "Implementation",
        "Visionen vägleder fullmäktigemål, nämndmål, indikatorer och budget, som följs upp varje "
        "år i en handlingsplan – med återkoppling till medborgarna.",
        "The vision guides the council's goals, the committees' goals, indicators and budget, "
        "followed up every year in an action plan – with feedback to citizens.",
        ["follow_up"],
    ),
]
STANDARD_KEYS = [row[0] for row in STANDARD_STAGES]


def fill(apps, schema_editor):
    VisionProcess = apps.get_model("visionsprocess", "VisionProcess")
    Stage = apps.get_model("visionsprocess", "Stage")
    for process in VisionProcess.objects.order_by("pk").iterator():
        existing = {stage.key: stage for stage in Stage.objects.filter(process=process)}
        for position, (key, name_sv, name_en, text_sv, text_en, opens) in enumerate(
            STANDARD_STAGES, start=1
        ):
            stage = existing.get(key) or Stage(process=process, key=key)
            own_text = (stage.description_sv or "").strip()
            stage.position = position
            stage.name_sv, stage.name_en = name_sv, name_en
            stage.description_sv = own_text or text_sv
            stage.description_en = "" if own_text else text_en
            stage.opens = list(opens)
            stage.save()
            existing[key] = stage
        current = existing.get(process.legacy_current_stage) or existing["dialogue"]
        VisionProcess.objects.filter(pk=process.pk).update(current_stage=current)


def unfill(apps, schema_editor):
    VisionProcess = apps.get_model("visionsprocess", "VisionProcess")
    Stage = apps.get_model("visionsprocess", "Stage")
    others = Stage.objects.exclude(key__in=STANDARD_KEYS)
    if others.exists():
        names = ", ".join(sorted({f"{s.process_id}: {s.name_sv}" for s in others[:10]}))
        raise migrations.exceptions.IrreversibleError(
            "Some processes have stages other than the five standard ones "
            f"({names}); the old schema has no place for them. Remove them first."
        )
    texts = {row[0]: row[3] for row in STANDARD_STAGES}
    for stage in Stage.objects.all().iterator():
        # A description that is the standard one goes back to empty ("show the standard text").
        if stage.description_sv == texts.get(stage.key):
            Stage.objects.filter(pk=stage.pk).update(description_sv="")
    for process in VisionProcess.objects.select_related("current_stage").iterator():
        key = process.current_stage.key if process.current_stage_id else "dialogue"
        VisionProcess.objects.filter(pk=process.pk).update(legacy_current_stage=key)


class Migration(migrations.Migration):
    dependencies = [
        ("visionsprocess", "0010_stage_rows_add_fields"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
