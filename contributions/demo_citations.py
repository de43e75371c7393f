"""Demo: what the programme's adopted text rests on ("Detta bygger på").

Vaggeryd's four council goals came out of a citizen dialogue with several target groups in the
spring of 2019 (seed 002). A few of those voices are added as published contributions to the
programme process, grouped into themes, and cited by the adopted paragraphs. Idempotent: the
contributions are found by fixed tracking tokens, themes by name, citations by their pair.
"""

from visionsprocess.models import DraftVersion, StageKind, VersionState

from .models import (
    Contribution,
    ContributionKind,
    ContributionTheme,
    ModerationState,
    ParagraphCitation,
    Theme,
)

VOICES = [
    (
        "demo-programme-1",
        "Hållbar utveckling",
        "Bygg i hela kommunen",
        "Det måste gå att bo kvar i Hok och Svenarum, inte bara i Vaggeryd och Skillingaryd.",
        "Hållbar",
    ),
    (
        "demo-programme-2",
        "Arbete och utbildning",
        "Praktikplatser hos våra företag",
        "Låt skolan och företagen på orten samarbeta så att unga får praktik och jobb här.",
        "sysselsättning",
    ),
    (
        "demo-programme-3",
        "Kunskap, fritid och kultur",
        "Öppna idrottshallen på kvällar",
        "Fler aktiviteter för unga på kvällstid, och ett bibliotek som är öppet när vi slutat skolan.",
        "kultur",
    ),
    (
        "demo-programme-4",
        "Delaktighet",
        "Fråga oss oftare",
        "Ha fler dialogmöten som det här, och berätta sedan vad som blev av det vi sa.",
        "delaktighet",
    ),
]


def load(core):
    process = core.programme
    version = (
        DraftVersion.objects.filter(round__process=process, state=VersionState.ADOPTED)
        .order_by("-number")
        .first()
    )
    if version is None:
        return
    paragraphs = list(version.paragraphs.order_by("order"))
    for order, (token, theme_name, title, text, paragraph_word) in enumerate(VOICES):
        theme, _created = Theme.objects.get_or_create(
            process=process, name=theme_name, defaults={"order": order}
        )
        contribution, _created = Contribution.objects.update_or_create(
            tracking_token=token,
            defaults={
                "process": process,
                "kind": ContributionKind.IDEA,
                "stage": process.stage_by_key(StageKind.DIALOGUE),
                "title": title,
                "text": text,
                "consent_to_publish": True,
                "moderation_state": ModerationState.PUBLISHED,
            },
        )
        ContributionTheme.objects.get_or_create(contribution=contribution, theme=theme)
        paragraph = next((p for p in paragraphs if paragraph_word.lower() in p.text.lower()), None)
        if paragraph is None:
            continue
        ParagraphCitation.objects.get_or_create(paragraph=paragraph, theme=theme)
        ParagraphCitation.objects.get_or_create(paragraph=paragraph, contribution=contribution)
