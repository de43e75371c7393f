"""Demo focus areas: the six of Vansbro's "Utmaningen" (seed 004, minutes of 4 December 2014),
each with the person or organisation responsible going forward as the minutes name them, status
updates, and the themes and contributions of the closing workshop they grew from."""

import datetime as dt

from contributions.models import (
    Contribution,
    ContributionKind,
    ContributionTheme,
    ModerationState,
    Theme,
)

from .models import FocusArea, FocusAreaStatus, FocusAreaUpdate

THEMES = ["Dialog och delaktighet", "Kultur och turism", "Jobb och kompetens"]

#: (token, theme, text) – wishes from the closing workshop, said aloud and published.
WISHES = [
    ("utm-forum", "Dialog och delaktighet", "Fysiska OCH digitala åsiktsforum."),
    (
        "utm-publicera",
        "Dialog och delaktighet",
        "Analysera, sammanställ och publicera medborgardialoger, till exempel kommundelsträffar, "
        "företagsbesök och demokratidagar.",
    ),
    (
        "utm-info",
        "Dialog och delaktighet",
        "Viktigt att information från olika typer av möten når alla, inte bara de som var med "
        "på mötet.",
    ),
    ("utm-kalender", "Kultur och turism", "En gemensam evenemangskalender för föreningarna."),
    (
        "utm-unga",
        "Jobb och kompetens",
        "Att kommunens ungdomar får jättebra koll på lokalsamhället och vad olika aktörer har att "
        "erbjuda dem, inte minst i form av intressanta arbeten.",
    ),
]

#: title, name, role, organisation, description, theme, wish tokens, updates
FOCUS_AREAS = [
    (
        "Medborgardialog",
        "Mikael Granath",
        "utredningssekreterare",
        "Kommunkansliet, Vansbro kommun",
        "Workshops för tjänstemän och politiker om hur vi blir bättre på att fråga invånarna i "
        "viktiga processer, goda exempel från andra kommuner och en arbetsbok för "
        "medborgardialog i Vansbro kommun.",
        "Dialog och delaktighet",
        ["utm-forum", "utm-publicera", "utm-info"],
        [
            (
                dt.date(2014, 12, 4),
                FocusAreaStatus.ONGOING,
                "Arbetsboken för medborgardialog är klar och en cafédialog om boende på äldre "
                "dar har genomförts.",
            ),
            (
                dt.date(2015, 4, 20),
                FocusAreaStatus.ONGOING,
                "Kommundelsträffarna sammanställs och publiceras nu efter varje träff, så att "
                "även de som inte var med kan ta del av vad som sades.",
            ),
        ],
    ),
    (
        "Omvärldsanalys",
        "Catarina Willman",
        "ekonomichef",
        "Vansbro kommun",
        "En metod för att analysera omvärldens och vår egen utveckling som grund för budget, "
        "utvecklingsplaner och dagliga beslut, och en studie om attraktivitet tillsammans med "
        "Säter, Smedjebacken, Trysil och Rendalen.",
        "Dialog och delaktighet",
        [],
        [
            (
                dt.date(2014, 12, 4),
                FocusAreaStatus.ONGOING,
                "Modellen för systematisk omvärldsanalys är framtagen och ska användas inför "
                "nästa budget.",
            )
        ],
    ),
    (
        "Kultursamverkan",
        "Monica Danielsson",
        "bibliotekschef med kulturansvar",
        "Vansbro kommun",
        "Ett tiotal kulturaktörer har diskuterat hur de vill att kontakten med kommunen ska se "
        "ut. Kommunfullmäktige har inrättat en tillfällig kulturberedning där politiker och "
        "kulturaktörer fortsätter samtalet.",
        "Kultur och turism",
        ["utm-kalender"],
        [
            (
                dt.date(2014, 12, 4),
                FocusAreaStatus.ONGOING,
                "Kulturberedningen under kommunfullmäktige är inrättad.",
            )
        ],
    ),
    (
        "Turismsamverkan",
        "",
        "",
        "Vansbro kommun, Näringslivssamverkan och Visit Södra Dalarna",
        "Möten mellan turismaktörer, Visit Södra Dalarna och Vansbrosimningen, intervjuer med "
        "100 simmargäster, en lärresa till Mora och Vasaloppet och en turismstrategi.",
        "Kultur och turism",
        ["utm-kalender"],
        [
            (
                dt.date(2014, 12, 4),
                FocusAreaStatus.ONGOING,
                "Turismstrategin är framtagen i samråd med turismaktörerna och utvecklas vidare.",
            )
        ],
    ),
    (
        "Kompetensförsörjning",
        "",
        "",
        "Näringslivssamverkan",
        "Näringslivssamverkan, Vansbro kommun och Arbetsförmedlingen planerar tillsammans och "
        "gör gemensamma företagsbesök; en webbplats för den som vill jobba och bo i kommunen; "
        "träffar för fritidshusägare.",
        "Jobb och kompetens",
        ["utm-unga"],
        [
            (
                dt.date(2014, 12, 4),
                FocusAreaStatus.ONGOING,
                "Två fritidshusägarträffar med totalt cirka 180 deltagare.",
            )
        ],
    ),
    (
        "Samverkan skola–lokalsamhälle",
        "Sandra Persson",
        "studie- och yrkesvägledare",
        "Smedbergsskolan",
        "En arbetsplan för samverkan mellan skola och arbetsliv, så att alla elever under hela "
        "skoltiden kommer i kontakt med arbetsliv och föreningsliv.",
        "Jobb och kompetens",
        ["utm-unga"],
        [
            (
                dt.date(2014, 12, 4),
                FocusAreaStatus.ONGOING,
                "Arbetsplanen är klar. VINNOVA har beviljat utvecklingsmedel; projektet var ett "
                "av elva av 120 sökande.",
            ),
            (
                dt.date(2015, 2, 2),
                FocusAreaStatus.DONE,
                "Från och med vårterminen 2015 tillämpas arbetsplanen i alla kommunala "
                "grundskolor.",
            ),
        ],
    ),
]


def load(core) -> None:
    process = core.utmaningen
    if process is None:
        return
    stage = process.stage_by_key("final_report") or process.stages.first()
    themes = {}
    for order, name in enumerate(THEMES):
        themes[name], _c = Theme.objects.get_or_create(
            process=process, name=name, defaults={"order": order}
        )
    wishes = {}
    for token, theme, text in WISHES:
        wishes[token], _c = Contribution.objects.update_or_create(
            tracking_token=token,
            defaults={
                "process": process,
                "kind": ContributionKind.IDEA,
                "stage": stage,
                "text": text,
                "consent_to_publish": True,
                "moderation_state": ModerationState.PUBLISHED,
            },
        )
        ContributionTheme.objects.get_or_create(contribution=wishes[token], theme=themes[theme])
    for order, (title, name, role, org, text, theme, tokens, updates) in enumerate(FOCUS_AREAS):
        focus_area, _c = FocusArea.objects.update_or_create(
            process=process,
            title=title,
            defaults={
                "order": order,
                "description": text,
                "responsible_name": name,
                "responsible_role": role,
                "responsible_organisation": org,
                "is_published": True,
            },
        )
        focus_area.themes.set([themes[theme]])
        focus_area.contributions.set([wishes[token] for token in tokens])
        for date, status, update_text in updates:
            FocusAreaUpdate.objects.update_or_create(
                focus_area=focus_area, date=date, defaults={"status": status, "text": update_text}
            )
