"""Templates a new process starts from: the stages (in Swedish and English, with what each opens)
and the settings of four kinds of process the seed documents show.

* ``vision`` – a vision process with the five stages of the process map (Nynäshamn);
* ``service_plan`` – a service plan built with interviews, large meetings and a web survey, sent
  on consultation and adopted by the council (Kramfors, "Framtidsbygget");
* ``programme`` – a strategic development programme with council goals and a living action plan
  (Vaggeryd, Dnr KS 2019/160);
* ``workgroup`` – an internal dialogue in work groups on an adopted vision (Norrköping).

The texts are stored on the stage rows in both languages, so they are written out here in both
(not through gettext: the stage a municipality edits is data, not interface). What a stage opens
is a list of keys apps register in ``registry.stage_openings``; keys no installed app registers
are left out when a process is created. Apps may add starting content for a template through
``registry.structure_parts`` (the dialog app adds the work groups' conversation kit).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import StageKind, Visibility

#: The kinds of contribution citizens send in themselves (registered by the contributions app).
CITIZEN_INPUT = ("idea", "letter", "group_report")


@dataclass(frozen=True)
class StageTemplate:
    key: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    opens: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcessTemplate:
    key: str
    label: str
    description: str
    source: str
    stages: tuple[StageTemplate, ...]
    visibility: str = Visibility.PUBLIC
    allow_anonymous_contributions: bool = True


VISION_STAGES = (
    StageTemplate(
        StageKind.DIALOGUE,
        "Dialogmöten",
        "Dialogue meetings",
        "Breda öppna dialogmöten, möten i mindre grupp med föreningar, företagare och ungdomar, "
        "och interna möten där tjänstepersoner och förtroendevalda samtalar. Alla som bor i, "
        "verkar i eller bryr sig om kommunen kan komma till tals.",
        "Broad open meetings, small-group meetings with associations, businesses and young "
        "people, and internal meetings of officials and politicians. Everyone who lives in, "
        "works in or cares about the municipality can have their say.",
        (*CITIZEN_INPUT, "meetings"),
    ),
    StageTemplate(
        StageKind.ENGAGEMENT,
        "Breddat engagemang",
        "Broadened engagement",
        "Grupper håller egna samtal med ett samtalsmaterial – förskolor, idrottsföreningar, "
        "arbetsplatser, köksbord – och skickar in resultatet: text, filmer, barnens teckningar "
        "och brev från framtiden.",
        "Groups hold their own conversations with a conversation kit – preschools, sports "
        "clubs, workplaces, kitchen tables – and send in the result: text, films, children's "
        "drawings and letters from the future.",
        CITIZEN_INPUT,
    ),
    StageTemplate(
        StageKind.DRAFTING,
        "Skapande och formulering",
        "Drafting",
        "De förtroendevalda i varje parti går tillsammans med förvaltningsledningen igenom allt "
        "som kommit in och omvandlar det till visionstext i flera skrivomgångar. Ett utkast kan "
        "skickas på remiss.",
        "Politicians of every party, with the management, go through everything that has come "
        "in and turn it into a vision text in several drafting rounds. A draft may go out on "
        "consultation.",
        ("drafting", "consultation"),
    ),
    StageTemplate(
        StageKind.ADOPTION,
        "Antagande",
        "Adoption",
        "Nämnderna, kommunstyrelsen och slutligen kommunfullmäktige beslutar om visionen. Varje "
        "beslut publiceras med datum, paragraf och diarienummer.",
        "The committees, the executive board and finally the municipal council decide on the "
        "vision. Every decision is published with its date, paragraph and registration number.",
        ("adoption",),
    ),
    StageTemplate(
        StageKind.IMPLEMENTATION,
        "Implementering",
        "Implementation",
        "Visionen vägleder fullmäktigemål, nämndmål, indikatorer och budget, som följs upp varje "
        "år i en handlingsplan – med återkoppling till medborgarna.",
        "The vision guides the council's goals, the committees' goals, indicators and budget, "
        "followed up every year in an action plan – with feedback to citizens.",
        ("follow_up",),
    ),
)

SERVICE_PLAN_STAGES = (
    StageTemplate(
        "interviews",
        "Intervjuer och medborgardialoger",
        "Interviews and citizen dialogues",
        "Vi intervjuar invånare, företagare och medarbetare och håller medborgardialoger enligt "
        "kommunens riktlinje. Det som sägs sammanställs, till exempel som en mental karta över "
        "kommunen.",
        "We interview residents, business owners and staff and hold citizen dialogues following "
        "the municipality's guideline. What is said is brought together, for example as a "
        "mental map of the municipality.",
        ("idea", "meetings"),
    ),
    StageTemplate(
        "large_meetings",
        "Stormöten och enkät",
        "Large meetings and survey",
        "Speciellt inbjudna stormöten och möten med ungdomar, människor med funktionsvariation "
        "och nysvenskar. Alla kan också svara på en enkät och skicka in idéer.",
        "Specially invited large meetings and meetings with young people, people with "
        "disabilities and newcomers to Sweden. Everyone can also answer a survey and send in "
        "ideas.",
        ("idea", "group_report", "meetings", "surveys"),
    ),
    StageTemplate(
        "writing",
        "Serviceplanen skrivs",
        "Writing the service plan",
        "Allt som kommit in gås igenom och blir ett förslag till serviceplan för framtidens "
        "service i hela kommunen.",
        "Everything that has come in is gone through and becomes a proposed service plan for "
        "the service of the future in the whole municipality.",
        ("drafting",),
    ),
    StageTemplate(
        "consultation",
        "Remiss",
        "Consultation",
        "Remissversionen av serviceplanen skickas till nämnder, råd och föreningar, och alla "
        "kan lämna synpunkter innan planen färdigställs.",
        "The consultation version of the service plan goes to committees, councils and "
        "associations, and everyone can comment before the plan is finished.",
        ("consultation",),
    ),
    StageTemplate(
        "adoption",
        "Beslut i kommunfullmäktige",
        "Decision by the municipal council",
        "Efter avslutad remiss tas planen av kommunfullmäktige. Beslutet publiceras med datum, "
        "paragraf och diarienummer.",
        "After the consultation the plan goes to the municipal council. The decision is "
        "published with its date, paragraph and registration number.",
        ("adoption",),
    ),
    StageTemplate(
        "follow_up",
        "Genomförande och uppföljning",
        "Implementation and follow-up",
        "Serviceplanen genomförs och följs upp, med återkoppling till dem som var med.",
        "The service plan is carried out and followed up, with feedback to those who took part.",
        ("follow_up",),
    ),
)

PROGRAMME_STAGES = (
    StageTemplate(
        "framing",
        "Inramning och utgångspunkt",
        "Framing and starting points",
        "Kommunstyrelsen ramar in arbetet: visionen, mandatperiodens utmaningar och vad de nya "
        "målen ska hjälpa till att uppnå.",
        "The executive board frames the work: the vision, the challenges of the term of office "
        "and what the new goals should help achieve.",
        ("meetings",),
    ),
    StageTemplate(
        "dialogue",
        "Medborgardialog med målgrupper",
        "Citizen dialogue with target groups",
        "Dialog med olika målgrupper om vad målen ska handla om. Alla kan skicka in idéer.",
        "Dialogue with different target groups about what the goals should be about. Everyone "
        "can send in ideas.",
        ("idea", "meetings"),
    ),
    StageTemplate(
        "drafting",
        "Mål och program formuleras",
        "Drafting goals and programme",
        "Förslaget till fullmäktigemål går på intern remiss till nämnder och bolag, och "
        "programmet skrivs i utkast som arbetsutskottet går igenom.",
        "The proposed council goals go on internal consultation to committees and companies, "
        "and the programme is written in drafts that the working committee goes through.",
        ("drafting", "consultation"),
    ),
    StageTemplate(
        "adoption",
        "Beslut i KS och KF",
        "Decisions by KS and KF",
        "Kommunstyrelsen och kommunfullmäktige beslutar om mål och program, gärna i samband med "
        "budgeten.",
        "The executive board and the municipal council decide on the goals and the programme, "
        "preferably together with the budget.",
        ("adoption",),
    ),
    StageTemplate(
        "follow_up",
        "Handlingsplan och uppföljning",
        "Action plan and follow-up",
        "En levande handlingsplan för uppföljning revideras minst en gång per år, med "
        "återkoppling till medborgarna.",
        "A living action plan for follow-up is revised at least once a year, with feedback to "
        "citizens.",
        ("follow_up",),
    ),
)

WORKGROUP_STAGES = (
    StageTemplate(
        "introduction",
        "Visionen presenteras",
        "Presenting the vision",
        "Visionen och dialogmaterialet presenteras för chefer och andra som ska leda samtalen, "
        "till exempel med en inspirationsföreläsning.",
        "The vision and the dialogue material are presented to managers and others who will "
        "lead the conversations, for example with an inspirational lecture.",
        ("meetings",),
    ),
    StageTemplate(
        "workgroups",
        "Samtal i arbetsgrupperna",
        "Conversations in the work groups",
        "Chefer använder dialogmaterialet med sina arbetsgrupper: vad är viktigt i vår "
        "verksamhet, och hur bidrar vi till att visionen blir verklighet i det dagliga arbetet? "
        "Gruppen skickar in vad den kom fram till.",
        "Managers use the dialogue material with their work groups: what matters in our work, "
        "and how do we help make the vision real in everyday work? The group sends in what it "
        "arrived at.",
        ("group_report", "idea", "meetings"),
    ),
    StageTemplate(
        "summary",
        "Sammanställning och återkoppling",
        "Summary and feedback",
        "Det arbetsgrupperna skickat in sammanställs och återkopplas till verksamheterna och "
        "ledningen.",
        "What the work groups sent in is summarised and fed back to the services and the "
        "management.",
        (),
    ),
    StageTemplate(
        "everyday",
        "Visionen i vardagen",
        "The vision in everyday work",
        "Visionen är utgångspunkten när nya mål formuleras och i samverkan med näringsliv och "
        "civilsamhälle. Samtalen kan hållas igen, år efter år.",
        "The vision is the starting point when new goals are set and in cooperation with "
        "business and civil society. The conversations can be held again, year after year.",
        ("follow_up", "group_report"),
    ),
)

TEMPLATES = {
    template.key: template
    for template in (
        ProcessTemplate(
            "vision",
            _("Vision process"),
            _(
                "The five stages of the process map: dialogue meetings, broadened engagement, "
                "drafting, adoption and implementation."
            ),
            "Nynäshamn",
            VISION_STAGES,
        ),
        ProcessTemplate(
            "service_plan",
            _("Service plan with survey and consultation"),
            _(
                "Interviews, large meetings and a survey, a plan written from what came in, "
                "consultation, a council decision and follow-up."
            ),
            "Kramfors",
            SERVICE_PLAN_STAGES,
        ),
        ProcessTemplate(
            "programme",
            _("Development programme with goals and action plan"),
            _(
                "Framing, dialogue with target groups, goals and programme on internal "
                "consultation, decisions by KS and KF, and a living action plan."
            ),
            "Vaggeryd",
            PROGRAMME_STAGES,
        ),
        ProcessTemplate(
            "workgroup",
            _("Work-group dialogue on an adopted vision"),
            _(
                "Internal: managers hold conversations about the vision with their work groups, "
                "with a dialogue material, year after year."
            ),
            "Norrköping",
            WORKGROUP_STAGES,
            visibility=Visibility.INTERNAL,
            allow_anonymous_contributions=False,
        ),
    )
}

#: The choice that copies an earlier process's structure instead of using a template.
COPY = "copy"


def template_choices() -> list[tuple[str, str]]:
    return [(key, template.label) for key, template in TEMPLATES.items()]
