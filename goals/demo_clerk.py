"""The clerk's chain of the programme's matter in the demo (Vaggeryd, Dnr KS 2019/160).

From the memo "Strategiskt utvecklingsprogram – ramar och upplägg" to KSAU: its text (Förslag
till beslut, Sammanfattning av ärendet, Ärendet, Handläggare), "Beslutet ska skickas till"
(Samtliga nämnder, Kommunens ledningsgrupp), and the timetable as the planned decision path:
KSAU 28 August (ramar och upplägg) → KSAU 16 October (färdigt utkast) → KS 6 November →
KF 25 November 2019 (i samband med programbudget). The KSAU decision of 28 August is recorded
here (the seed gives no §); the adoption path's decisions come from ``demo_drafting``. Every
decision is sent to the distribution list (expediering) once.
"""

import datetime as dt

from visionsprocess.decisions import distribution, planning, proposals
from visionsprocess.decisions.services import decision_create
from visionsprocess.models import Decision, DecisionProposal, DistributionEntry, PlannedStep

from .decisions import PROGRAMME

DNR = "KS 2019/160"

PROPOSAL = (
    "Kommunstyrelsens arbetsutskott godkänner ramar och upplägg för ett strategiskt "
    "utvecklingsprogram som ska förtydliga fullmäktiges nya mål.\n\n"
    "Kommunledningskontoret får i uppdrag att påbörja färdigställandet av dokumentet och "
    "återrapportera på kommande sammanträde."
)

SUMMARY = (
    "I februari förlängdes giltigheten till 2030 för Vaggeryds kommuns vision, Här gör vi plats "
    "för att göra skillnad, i syfte att skapa nya mål för mandatperioden som kan hjälpa till att "
    "uppfylla visionen. Kommunfullmäktige beslutade den 27 maj att godkänna de nya målen för "
    "mandatperioden som ingår i SPB20 (rambudget) vilken beslutas av kommunfullmäktige i "
    "september. Kommunledningskontoret har i uppdrag att påbörja planeringen av ett strategiskt "
    "utvecklingsprogram som dels ska förtydliga målens innebörd men även uppfylla tidigare beslut "
    "om ett hållbarhetsprogram.\n\n"
    "Förslag till ramar och upplägg:\n\n"
    "Dokument 1: Strategiskt utvecklingsprogram\n"
    "Förtydligar målen, säkerställer hållbarhetsfokus (Vad innebär Agenda2030 och de 17 globala "
    "målen för Vaggeryds kommun) samt beskriver kopplingen till andra styrdokument. Här lyfts "
    "nämndernas bidrag till målen på ett övergripande sätt utifrån de dialoger som nu pågår i "
    "nämnderna. Här finns också en politisk vilja beskriven.\n\n"
    "Dokument 2: Handlingsplan för uppföljning\n"
    "Ett levande dokument som har koppling till nämndernas och kommungemensamma framsteg och ska "
    "utformas så att det lätt kan uppdateras. Revidering minst en gång per år med återkoppling "
    "till medborgarna. En koppling kan finnas till verksamheternas egna planer.\n\n"
    "Dokument 1, strategiskt utvecklingsprogram, får en utgångspunkt på 16 sidor (8 dubbelsidiga "
    "i utskrift). Framsida, 7 uppslag samt baksida.\n\n"
    "Tidsplan dokument 1: Strategiskt utvecklingsprogram\n"
    "KSAU 28 aug – ramar och upplägg\n"
    "KSAU 19 sep – utkast 1\n"
    "Glokala Sverige 8 okt – kapitel Agenda2030\n"
    "KSAU 16 okt – färdigt utkast\n"
    "KS 6 nov, KF 25 nov i samband med programbudget\n"
    "December, återkoppling externt samt intern kommunikation kring programmet\n\n"
    "Dokument 2: Handlingsplan för uppföljning: KSAU 16 oktober alternativt 4 dec\n\n"
    "Förvaltningen har säkerställt att kopplingen mellan detta ärende och planeringen för "
    "ÖP-arbetet, Agenda2030-projekt samt målarbetet i nämnder inför Programbudget."
)

BACKGROUND = (
    "Bakgrund:\n\n"
    "I februari förlängdes giltigheten till 2030 för Vaggeryds kommuns vision, Här gör vi plats "
    "för att göra skillnad, i syfte att skapa nya mål för mandatperioden som kan hjälpa till att "
    "uppfylla visionen.\n\n"
    "Vaggeryds kommuns övergripande mål för mandatperioden beslutades av kommunfullmäktige "
    "2019-05-27 efter en process där kommunstyrelsen arbetat med inramning och utgångspunkt och en "
    "medborgardialog med olika målgrupper. En intern remissomgång genomfördes inför att slutligen "
    "formulera målen som är:\n\n"
    "Alla som bor, lever och verkar i Vaggeryds kommun uppnår tillsammans visionen genom fyra "
    "mål:\n\n"
    "Vaggeryds kommun ska vara en plats...\n"
    "...med hållbar samhällsutveckling och tillväxt i hela kommunen\n"
    "...med hög sysselsättning, ett varierat näringsliv och en utbildning med god kvalitet\n"
    "...med en hög kunskapsnivå, en aktiv fritid och ett rikt kulturliv - för en god hälsa\n"
    "...som är attraktiv, trygg och tillgänglig - där alla känner delaktighet och kan påverka\n\n"
    "Samtliga nämnder och bolag ska bidra till alla fyra övergripande mål som även tar hänsyn "
    "till FN:s globala mål inom Agenda2030.\n\n"
    "Ett strategiskt utvecklingsprogram (tidigare beslutat hållbarhetsprogram) skall tas fram "
    "under hösten i syfte att förtydliga målen.\n\n"
    "Resurser som krävs är främst interna resurser där effektivitet är i fokus.\n\n"
    "Pågående dialoger i nämnder inför framtagande av nya nämndmål bidrar, liksom utbildning och "
    "workshop kring Agenda2030 genom projekt Glokala Sverige 8 oktober.\n\n"
    "Strategiskt utvecklingsprogram är ett hållbarhetsprogram som beskriver våra långsiktiga mål "
    "för kommunens utveckling och koppling görs även till Översiktsplanarbetet."
)

#: "Beslutet ska skickas till", with functional addresses of the demo's domain.
RECIPIENTS = [
    ("Samtliga nämnder", "namnderna@example.org"),
    ("Kommunens ledningsgrupp", "ledningsgruppen@example.org"),
]

#: The timetable: (step, body, planned date, what is handled).
PLAN = [
    (1, "KSAU", dt.date(2019, 8, 28), "ramar och upplägg"),
    (2, "KSAU", dt.date(2019, 10, 16), "färdigt utkast"),
    (3, "KS", dt.date(2019, 11, 6), ""),
    (4, "KF", dt.date(2019, 11, 25), "i samband med programbudget"),
]


def load(core) -> None:
    process = core.programme
    bodies = core.bodies
    clerk = core.users.get("registrator")
    for name, email in RECIPIENTS:
        if not DistributionEntry.objects.filter(
            process=process, matter=PROGRAMME, name=name
        ).exists():
            distribution.distribution_entry_add(
                process=process, matter=PROGRAMME, name=name, email=email, actor=clerk
            )
    if not DecisionProposal.objects.filter(process=process, matter=PROGRAMME).exists():
        _proposal(process, bodies, clerk)
    _decisions_and_plan(core, process, bodies, clerk)


def _proposal(process, bodies, clerk) -> None:
    proposals.proposal_save(
        process=process,
        matter=PROGRAMME,
        actor=clerk,
        title="Strategiskt utvecklingsprogram – ramar och upplägg",
        dnr=DNR,
        office="Kommunledningskontoret",
        addressee=bodies["KSAU"],
        written_on=dt.date(2019, 8, 19),
        proposal=PROPOSAL,
        summary=SUMMARY,
        background=BACKGROUND,
        handler="Camilla Wallin Kupferberg, verksamhetsutvecklare",
        manager="Torbjörn Åkerblad, kanslichef och bitr. kommundirektör",
    )


def _decisions_and_plan(core, process, bodies, clerk) -> None:
    # KSAU 28 August decided as proposed (the memo's "Förslag till beslut").
    if not Decision.objects.filter(
        process=process, matter=PROGRAMME, body=bodies["KSAU"], meeting_date=dt.date(2019, 8, 28)
    ).exists():
        decision_create(
            process=process,
            matter=PROGRAMME,
            body=bodies["KSAU"],
            meeting_date=dt.date(2019, 8, 28),
            paragraph_number=None,
            dnr=DNR,
            outcome="approved",
            actor=clerk,
            subject="Ramar och upplägg för ett strategiskt utvecklingsprogram godkänns",
        )
    if not PlannedStep.objects.filter(process=process, matter=PROGRAMME).exists():
        for step, short_name, date, note in PLAN:
            planning.planned_step_add(
                process=process,
                matter=PROGRAMME,
                bodies=[bodies[short_name]],
                step=step,
                planned_date=date,
                note=note,
                actor=clerk,
            )
    for decision in Decision.objects.filter(process=process, matter=PROGRAMME):
        distribution.decision_dispatch(decision=decision, actor=clerk)
