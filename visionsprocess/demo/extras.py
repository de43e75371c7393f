"""The demo's host names, promises and privacy texts."""

import datetime as dt

from ..models import (
    HostName,
    Stage,
    StageKind,
    VisionProcess,
)


def _hosts(municipality, hosts):
    """The municipality's demo host names (the first primary), taken from whoever had them."""
    HostName.objects.filter(host__in=hosts).exclude(municipality=municipality).delete()
    HostName.objects.filter(municipality=municipality, is_primary=True).exclude(
        host=hosts[0]
    ).update(is_primary=False)
    for position, host in enumerate(hosts):
        HostName.objects.update_or_create(
            host=host, defaults={"municipality": municipality, "is_primary": position == 0}
        )


#: What each demo process promises up front (Kramfors' guideline for citizen dialogue): purpose,
#: what can and cannot be influenced, the level of participation, feedback, who is responsible.
PROMISES = {
    "vision-2040": {
        "purpose": "Att tillsammans med alla som bor, verkar i och bryr sig om kommunen forma en "
        "vision för 2040 som blir ett riktmärke för kommunens strategiska utveckling.",
        "can_influence": "Vad visionen ska handla om: vad som är viktigt för framtidens kommun, "
        "vilka områden och formuleringar som lyfts fram.",
        "cannot_influence": "Den ordinarie mål- och budgetprocessen och beslut som redan är "
        "fattade. Den slutliga visionstexten beslutas av kommunfullmäktige.",
        "participation_level": "involve",
        "feedback_how": "Alla förslag och tankar samlas in löpande. Här på sidan, under ”Ni sa – "
        "vi gjorde”, och i ett utskick till den som följer processen berättar vi vad som kom in "
        "och hur det används i visionstexten.",
        "responsible_name": "Kommunledningskontoret",
        "responsible_title": "",
        "contact_channel": "kommunen@vaggeryd.se",
        "feedback_due": {StageKind.DIALOGUE: dt.date(2027, 3, 31)},
    },
    "strategiskt-utvecklingsprogram": {
        "purpose": "Att förtydliga de fyra fullmäktigemålens innebörd för mandatperioden och "
        "koppla dem till Agenda 2030.",
        "can_influence": "Hur målen följs upp och vad handlingsplanen tar upp.",
        "cannot_influence": "Visionen och de fyra fullmäktigemålen, som kommunfullmäktige redan "
        "har beslutat.",
        "participation_level": "inform",
        "feedback_how": "Handlingsplanen revideras minst en gång per år med återkoppling till "
        "medborgarna.",
        "responsible_name": "Kommunledningskontoret",
        "responsible_title": "",
        "contact_channel": "kommunen@vaggeryd.se",
        "feedback_due": {},
    },
    "framtidsbygget": {
        "purpose": "Att öka kommunens attraktionskraft och ta fram en plan för framtidens "
        "service tillsammans med invånarna. Samverkan, inflytande och tillsammans är ledorden.",
        "can_influence": "Vad serviceplanen tar upp och prioriterar: hur och var kommunens "
        "service ska finnas i framtiden.",
        "cannot_influence": "Kommunens budget och lagstadgade uppdrag. Planen antas av "
        "kommunfullmäktige efter avslutad remiss.",
        "participation_level": "consult",
        "feedback_how": "Efter remissen sammanställer vi svaren och berättar här vad som ändrades "
        "i planen och varför, innan den går till kommunfullmäktige.",
        "responsible_name": "Andreas Gylling",
        "responsible_title": "Projektledare",
        "contact_channel": "0612-800 00 (Kontaktcenter)",
        "feedback_due": {"consultation": dt.date(2027, 3, 31)},
    },
    "utmaningen": {
        "purpose": "Att öka förtroendet mellan olika aktörer i kommunen för att skapa bättre "
        "förutsättningar för framgångsrikt lokalt utvecklingsarbete.",
        "can_influence": "Vilka frågor fokusområdena tar upp och hur samverkan byggs upp inom dem.",
        "cannot_influence": "Projektets ram och finansiering från Region Dalarna och "
        "Tillväxtverket.",
        "participation_level": "involve",
        "feedback_how": "Projektet redovisades den 4 december 2014. Varje fokusområde har en "
        "ansvarig framåt, som berättar här hur arbetet går.",
        "responsible_name": "Kommunkansliet",
        "responsible_title": "",
        "contact_channel": "kommunen@vaggeryd.se",
        "feedback_due": {},
    },
}


def _promises(*processes):
    """Fill in each demo process's promise, unless someone has already written one."""
    for process in processes:
        promise = dict(PROMISES.get(process.slug, {}))
        if not promise:
            continue
        due = promise.pop("feedback_due")
        if not process.has_promise:
            VisionProcess.objects.filter(pk=process.pk).update(**promise)
            for key, date in due.items():
                Stage.objects.filter(process=process, key=key, feedback_due__isnull=True).update(
                    feedback_due=date
                )
            process.refresh_from_db()


def _privacy(municipality, processes) -> None:
    """The municipality's privacy notice and the retention rule of its citizen dialogue (the
    processes run on, so none is closed and nothing is due for gallring)."""
    from ..models import PrivacyNotice, RetentionRule

    PrivacyNotice.objects.update_or_create(
        municipality=municipality,
        defaults={
            "controller": "Kommunstyrelsen i Vaggeryds kommun",
            "controller_contact": "Vaggeryds kommun, 568 80 Skillingaryd, "
            "kommunen@vaggeryd.se, 0370-67 80 00",
            "dpo_contact": "Kommunens dataskyddsombud, dataskyddsombud@vaggeryd.se",
            "purpose": "Att genomföra kommunens medborgardialog: ta emot, läsa och återkoppla "
            "bidrag, synpunkter och remissvar, hantera anmälningar till dialogmöten och skicka "
            "nyheter till den som vill följa arbetet.",
            "recipients": "Leverantören som driver tjänsten åt kommunen (personuppgiftsbiträde).",
        },
    )
    rule, _created = RetentionRule.objects.update_or_create(
        municipality=municipality,
        plan_reference="Informationshanteringsplan KS 2.3",
        name="Medborgardialog: bidrag, anmälningar och följare",
        defaults={"months_after_close": 24, "keep_public_text": True},
    )
    for process in processes:
        if process is not None and process.retention_rule_id is None:
            process.retention_rule = rule
            process.save(update_fields=["retention_rule", "modified"])
