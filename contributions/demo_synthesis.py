"""Demo: Vision 2040's published synthesis, its key points drafted by the real algorithm
(``analysis.key_points`` through the worker's service, run here at once) with an official's
introduction to the themes the demo knows. Loading the demo again changes nothing once a
version is published."""

from .models import SynthesisTheme
from .selectors.synthesis import draft_of, has_published_synthesis
from .services.synthesis import (
    section_introduction_set,
    synthesis_draft_run,
    version_publish,
)

INTRODUCTIONS = {
    "Trygghet och gemenskap": (
        "Många av er tog upp att känna sig trygg, särskilt kvällstid: belysning, "
        "mötesplatser och grannar som känner varandra."
    ),
    "Trafik och pendling": (
        "Bussar och tåg var bland det som flest skrev om: hur ofta de går, särskilt på "
        "kvällen, och hur man tar sig mellan orterna."
    ),
    "Skola och förskola": (
        "Om skolan och förskolan handlade det om trygga skolvägar, lokaler och att "
        "barnen ska kunna gå i skola nära hemmet."
    ),
}


def load(core) -> None:
    process = core.vision
    if has_published_synthesis(process):
        return
    synthesis_draft_run(process_id=process.pk)
    draft = draft_of(process)
    if draft is None or not draft.is_draft:
        return
    official = core.users.get("tjansteperson")
    for section in SynthesisTheme.objects.filter(version=draft):
        text = INTRODUCTIONS.get(section.name)
        if text and not section.introduction:
            section_introduction_set(
                section=section, introduction=text, revision=section.revision, by=official
            )
    if draft.themes.filter(key_points__isnull=False).exists():
        version_publish(version=draft, by=official)
