"""The dialog app's part of a process's structure: conversation kits, copied to a new process
(unpublished, to be reviewed first) and, for the work-group template, a starting dialogue
material in the spirit of Norrköping's ("NORRKÖPING tar plats")."""

import os

from django.core.files import File
from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import StructurePart, structure_parts

from .models import ConversationKit

WORKGROUP_KIT = {
    "title": "Dialogmaterial om vår gemensamma vision",
    "slug": "dialogmaterial",
    "introduction": (
        "Ett enkelt verktyg för chefer eller andra utsedda personer att använda tillsammans med "
        "sin arbetsgrupp. Materialet stärker dialogen kring visionen, ökar förståelsen och gör "
        "den relevant i vardagen."
    ),
    "questions": "\n".join(
        (
            "Vad i visionen berör oss mest i vår verksamhet?",
            "Vad gör vi redan i dag som bidrar till visionen?",
            "Vad är viktigast för oss att utveckla, och vad behöver vi för att göra det?",
            "Hur kan vi bidra till att visionen blir verklighet i det dagliga arbetet?",
            "Vilka externa aktörer – näringsliv, föreningar – kan vi samverka med?",
        )
    ),
    "leader_instructions": (
        "Avsätt en timme. Läs visionen högt tillsammans, låt alla fundera en stund på varje "
        "fråga och samtala sedan i gruppen. Skicka in det ni kom fram till som en rapport från "
        "arbetsgruppen."
    ),
}


def copy_kits(source, target) -> int:
    """The source's kits, unpublished (they may name dates or places of the earlier process)."""
    count = 0
    for kit in source.kits.order_by("pk"):
        copy = ConversationKit(
            process=target,
            title=kit.title,
            slug=kit.slug,
            introduction=kit.introduction,
            questions=kit.questions,
            leader_instructions=kit.leader_instructions,
            is_published=False,
        )
        if kit.printable:
            try:
                with kit.printable.open("rb") as handle:
                    name = os.path.basename(kit.printable.name)
                    copy.printable.save(name, File(handle), save=False)
            except OSError:
                pass  # the file is gone from storage: the copy goes without it
        copy.save()
        count += 1
    return count


def seed_kits(template_key: str, target) -> int:
    if template_key != "workgroup":
        return 0
    ConversationKit.objects.create(process=target, is_published=True, **WORKGROUP_KIT)
    return 1


def register():
    structure_parts.register(
        StructurePart(
            key="dialog.kits",
            label=_("Conversation kits"),
            copy=copy_kits,
            seed=seed_kits,
            order=20,
        )
    )
