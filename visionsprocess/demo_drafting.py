"""Demo data of drafting and adoption (call ``load(core)`` after the core's demo).

* Framtidsbygget (drafting stage): a drafting round with two versions of a service-plan vision
  text (samverkan, inflytande, värdskap), comments; version 1 went out on a consultation that
  has closed, with answers (Vaggeryds Företagarförening, PRO Skillingaryd, a resident of Hok,
  Barn- och ungdomsnämnden) and a published remissammanställning; version 2 is out on
  consultation now.
* Strategiskt utvecklingsprogram: the programme's text around the vision "Här gör vi plats för
  att göra skillnad", decided KSAU 16 Oct → KS 6 Nov → KF 25 Nov 2019 § 112, Dnr KS 2019/160
  (decisions of the matter "programme": they are the programme's adoption).

Idempotent: a process whose drafting round already exists is left as it is.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .drafting import services
from .models import DraftingRound, ParagraphKind

FRAMTIDSBYGGET_V1 = [
    (ParagraphKind.HEADING, "", "Framtidsbygget – en hel kommun"),
    (
        ParagraphKind.BODY,
        "Samverkan",
        "Vi bygger framtidens service tillsammans: kommunen, föreningarna, företagen och alla "
        "som bor här. Ingen ska behöva stå utanför.",
    ),
    (
        ParagraphKind.BODY,
        "Inflytande",
        "Den som berörs av ett beslut ska kunna påverka det. Vi frågar tidigt, lyssnar på "
        "riktigt och berättar vad som hände med det vi fick höra.",
    ),
    (
        ParagraphKind.BODY,
        "Värdskap",
        "Vi möter invånare och besökare med ett gott värdskap, stolthet och öppenhet.",
    ),
]

PROGRAMME_TEXT = [
    (ParagraphKind.HEADING, "", "Här gör vi plats för att göra skillnad"),
    (
        ParagraphKind.BODY,
        "Visionen",
        "Alla som bor, lever och verkar i Vaggeryds kommun uppnår tillsammans visionen genom "
        "fyra mål. Vaggeryds kommun ska vara en plats …",
    ),
    (
        ParagraphKind.BODY,
        "Hållbar utveckling",
        "… med hållbar samhällsutveckling och tillväxt i hela kommunen.",
    ),
    (
        ParagraphKind.BODY,
        "Arbete och utbildning",
        "… med hög sysselsättning, ett varierat näringsliv och en utbildning med god kvalitet.",
    ),
    (
        ParagraphKind.BODY,
        "Kunskap, fritid och kultur",
        "… med en hög kunskapsnivå, en aktiv fritid och ett rikt kulturliv – för en god hälsa.",
    ),
    (
        ParagraphKind.BODY,
        "Delaktighet",
        "… som är attraktiv, trygg och tillgänglig – där alla känner delaktighet och kan påverka.",
    ),
    (
        ParagraphKind.BODY,
        "Agenda 2030",
        "Samtliga nämnder och bolag ska bidra till alla fyra övergripande mål, som även tar "
        "hänsyn till FN:s globala mål inom Agenda 2030.",
    ),
]


def _add_all(version, texts, actor):
    for kind, title, text in texts:
        services.paragraph_add(
            version=version, kind=kind, short_title=title, text=text, actor=actor
        )


@transaction.atomic
def _framtidsbygget(core):
    process = core.framtidsbygget
    if DraftingRound.objects.filter(process=process).exists():
        return
    politician = core.users["politiker"]
    official = core.users["tjansteperson"]
    drafting_round = services.round_create(
        process=process,
        name="Skrivomgång 1: serviceplanen",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 12, 18),
        participants=[politician, official],
        actor=official,
    )
    first = drafting_round.versions.get()
    _add_all(first, FRAMTIDSBYGGET_V1, politician)
    services.version_set_change_note(
        version=first, change_note="Första utkast efter stormötena.", actor=politician
    )
    samverkan = first.paragraphs.get(order=2)
    thread = services.comment_add(
        paragraph=samverkan,
        author=official,
        text="Ska vi nämna ambassadörsnätverket här? 213 ambassadörer är en styrka.",
    )
    services.comment_add(
        paragraph=samverkan, author=politician, text="Ja, gärna i nästa version.", parent=thread
    )
    services.comment_resolve(comment=thread, actor=politician)

    _first_consultation(core, first)

    second = services.version_create_next(
        version=first,
        actor=politician,
        change_note="Ambassadörerna med; ny punkt om långsiktig planering; värdskap förtydligat.",
    )
    paragraph = second.paragraphs.get(order=2)
    services.paragraph_edit(
        paragraph=paragraph,
        text=paragraph.text + " Vårt nätverk av 213 ambassadörer bär arbetet vidare.",
        base_revision=paragraph.revision,
        actor=politician,
    )
    paragraph = second.paragraphs.get(order=4)
    services.paragraph_edit(
        paragraph=paragraph,
        text="Vi möter invånare och besökare med ett gott värdskap, stolthet och öppenhet – "
        "i varje samtal, i varje e-post och vid varje disk.",
        base_revision=paragraph.revision,
        actor=official,
    )
    services.paragraph_add(
        version=second,
        short_title="Långsiktig planering",
        text="Vi planerar långsiktigt för skola, omsorg, bostäder och kommunikationer, så att "
        "hela kommunen kan växa.",
        actor=politician,
    )
    services.comment_add(
        paragraph=second.paragraphs.get(order=3),
        author=politician,
        text="Kan vi säga mer konkret hur vi återkopplar till invånarna?",
    )
    services.consultation_send(
        version=second,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        bodies=[core.bodies[name] for name in ("BUN", "SON", "KFN") if name in core.bodies],
        organisations="Kommunala pensionärsrådet\nRådet för funktionshinderfrågor",
        introduction="Serviceplanen är ute på remiss. Svara på hela texten eller på ett stycke.",
        actor=official,
    )


#: The answers to the first consultation: (organisation, name, e-mail, paragraph order or None,
#: text). No real person is named; the organisations are Vaggeryd's own.
FIRST_ANSWERS = [
    (
        "Vaggeryds Företagarförening",
        "Styrelsen",
        "styrelsen@foretagarforeningen.example",
        2,
        "Bra att företagen nämns i samverkan. Vi vill att kommunen också säger hur: en fast "
        "kontaktväg för företagen och ett näringslivsråd som träffas regelbundet. De 213 "
        "ambassadörerna är en tillgång som borde synas i texten.",
    ),
    (
        "PRO Skillingaryd",
        "Ordföranden",
        "ordforande@pro-skillingaryd.example",
        3,
        "Många av våra medlemmar använder inte dator eller mobil. Inflytande måste också gå att "
        "utöva på träffpunkterna och på papper, annars blir det bara de digitala som hörs.",
    ),
    (
        "",
        "Invånare i Hok",
        "invanare-hok@example.org",
        4,
        "Värdskap ska märkas i hela kommunen, inte bara i Vaggeryd och Skillingaryd. Skriv att "
        "det gäller i varje möte, också i Hok, Klevshult och Bondstorp.",
    ),
    (
        "Barn- och ungdomsnämnden",
        "Nämndens ordförande",
        "bun@vaggeryd-kommun.example",
        None,
        "Nämnden ställer sig bakom utkastet men vill att barn och unga nämns uttryckligen i "
        "visionstexten.",
    ),
]

#: The municipality's position per paragraph order (None: the whole text).
FIRST_POSITIONS = {
    2: (
        "Företagarföreningen vill ha en fast kontaktväg, ett näringslivsråd och "
        "ambassadörsnätverket i texten.",
        "taken",
        "Version 2 nämner ambassadörsnätverket. Kontaktvägen och näringslivsrådet hör hemma i "
        "näringslivsprogrammet och tas med i handlingsplanen.",
    ),
    3: (
        "PRO Skillingaryd vill att inflytande också ska gå att utöva utan dator: på "
        "träffpunkterna och på papper.",
        "partly",
        "Visionstexten talar om att vi frågar tidigt och lyssnar på riktigt, i alla kanaler. "
        "Dialog på träffpunkterna och enkäter på papper skrivs in i handlingsplanen, inte i "
        "visionstexten.",
    ),
    4: (
        "En invånare i Hok vill att värdskapet ska märkas i hela kommunen, också i de mindre "
        "orterna.",
        "taken",
        "Stycket förtydligas i version 2: värdskapet gäller i varje samtal, i varje e-post och "
        "vid varje disk – i hela kommunen.",
    ),
    None: (
        "Barn- och ungdomsnämnden ställer sig bakom utkastet och vill att barn och unga nämns "
        "uttryckligen.",
        "not_taken",
        "Visionen gäller alla som bor här och nämner inga enskilda grupper. Barnrättsperspektivet "
        "följs upp i nämndmålen, där barn och unga har egna mål.",
    ),
}


def _first_consultation(core, version):
    """Version 1 went out on a consultation in the spring; it has closed, the answers are in
    and the remissammanställning is published (version 2 builds on it)."""
    from .drafting import answers as answer_services
    from .drafting import summary as summaries
    from .models import Consultation

    official = core.users["tjansteperson"]
    consultation = services.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=1),
        bodies=[core.bodies[name] for name in ("BUN", "SON") if name in core.bodies],
        organisations="Vaggeryds Företagarförening\nPRO Skillingaryd",
        introduction="Första utkastet till serviceplanens vision är ute på remiss. Alla får svara.",
        actor=official,
    )
    for organisation, name, email, order, text in FIRST_ANSWERS:
        answer = services.consultation_answer_submit(
            consultation=consultation,
            organisation=organisation,
            respondent_name=name,
            email=email,
            paragraph=version.paragraphs.get(order=order) if order else None,
            text=text,
        )
        answer_services.answer_confirm(answer=answer)
    # The consultation ran 15 March – 30 April 2026.
    Consultation.objects.filter(pk=consultation.pk).update(deadline=dt.date(2026, 4, 30))
    consultation.refresh_from_db()
    items = {}
    for order, (grouped, position, reason) in FIRST_POSITIONS.items():
        key = str(version.paragraphs.get(order=order).pk) if order else summaries.WHOLE_TEXT
        items[key] = {"grouped": grouped, "position": position, "reason": reason}
    summary = summaries.summary_save(
        consultation=consultation,
        introduction="Remissen pågick 15 mars – 30 april 2026 och gick till Barn- och "
        "ungdomsnämnden, Socialnämnden, Vaggeryds Företagarförening och PRO Skillingaryd; alla "
        "invånare var välkomna att svara. Fyra svar kom in. Här redovisas vad svaren sa och hur "
        "kommunen har tagit ställning till dem inför version 2.",
        items=items,
        actor=official,
    )
    summaries.summary_publish(summary=summary, actor=official)


@transaction.atomic
def _programme(core):
    process = core.programme
    if DraftingRound.objects.filter(process=process).exists():
        return
    official = core.users["tjansteperson"]
    clerk = core.users["registrator"]
    drafting_round = services.round_create(
        process=process,
        name="Strategiskt utvecklingsprogram 2019",
        starts_on=dt.date(2019, 8, 28),
        ends_on=dt.date(2019, 10, 16),
        actor=official,
    )
    version = drafting_round.versions.get()
    _add_all(version, PROGRAMME_TEXT, official)
    services.version_set_change_note(
        version=version, change_note="Färdigt utkast till KSAU 16 oktober.", actor=official
    )
    path = [core.bodies["KSAU"], core.bodies["KS"], core.bodies["KF"]]
    services.adoption_path_set(process=process, bodies=path, actor=clerk)
    for body, date, paragraph_number in (
        (core.bodies["KSAU"], dt.date(2019, 10, 16), 231),
        (core.bodies["KS"], dt.date(2019, 11, 6), 187),
        (core.bodies["KF"], dt.date(2019, 11, 25), 112),
    ):
        services.decision_record(
            version=version,
            body=body,
            meeting_date=date,
            paragraph_number=paragraph_number,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
            # The text drafted here is the strategic development programme (Dnr KS 2019/160):
            # to KS 6 November, adopted by KF 25 November 2019 with the programme budget.
            matter="programme",
            subject="Strategiskt utvecklingsprogram 2019–2022 antas"
            if body.short_name == "KF"
            else "Förslag till strategiskt utvecklingsprogram 2019–2022 överlämnas",
        )


def load(core) -> None:
    _framtidsbygget(core)
    _programme(core)
