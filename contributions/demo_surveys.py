"""Demo web surveys, after Kramfors' "Framtidsbygget" (seed 003): the service plan was built with
large meetings and a web survey. Loaded by ``contributions/demo.py``.

* "Webbenkät: Plan för framtidens service" in Framtidsbygget – closed, 160 answers, results
  published on the process page; its free-text answers are in the inbox as survey answers.
* "Snabbenkät: Vaggeryd 2040" in Vision 2040 – open, so the demo can be answered on a phone.

Idempotent: a survey is found by its process and title; questions and answers are only made
when the survey is new.
"""

import datetime as dt
import random
import uuid

from django.utils import timezone

from visionsprocess.models import AgeBand, District

from .models import QuestionKind, ResponseState, Survey, SurveyResponse, SurveyState
from .selectors.surveys import survey_questions
from .services import surveys as services

SERVICE_SURVEY = "Webbenkät: Plan för framtidens service"
QUICK_SURVEY = "Snabbenkät: Vaggeryd 2040"
ANSWERS = 160

TEXTS = [
    "Behåll servicen på landsbygden – biblioteket och servicepunkten i byn är viktiga för oss.",
    "Gott värdskap i receptionen gör stor skillnad. Man blir bemött med ett leende.",
    "Fler digitala tjänster, men det måste gå att ringa och prata med en människa.",
    "Ungdomar behöver mötesplatser på kvällar och helger, inte bara i centralorten.",
    "Tänk på tillgängligheten för människor med funktionsvariation i alla lokaler.",
    "Information på fler språk skulle hjälpa oss nysvenskar att hitta rätt.",
    "Stormötena var bra! Fortsätt med medborgardialoger när planen ska följas upp.",
    "Bussen till Kramfors går för sällan för att man ska kunna pendla till jobbet.",
    "Ambassadörerna gör ett fint jobb med att visa upp kommunen för besökare.",
    "Svara på e-post inom några dagar och säg vem som handlägger ärendet.",
    "Samverka med föreningarna – de når människor som kommunen inte når.",
    "Öppettiderna på servicekontoret passar inte oss som arbetar dagtid.",
]


def _build_service_survey(process) -> tuple[Survey, dict]:
    survey = services.survey_create(
        process=process,
        title=SERVICE_SURVEY,
        intro=(
            "Samverkan, inflytande och tillsammans är ledorden i arbetet med en serviceplan för "
            "framtiden. Berätta hur du möter kommunens service i dag och vad som är viktigast "
            "framåt. Enkäten tar ungefär fem minuter och du är anonym."
        ),
    )
    q = {
        "contact": services.question_save(
            survey=survey,
            kind=QuestionKind.SINGLE_CHOICE,
            label="Hur har du oftast kontakt med kommunen?",
            required=True,
            page=1,
            options=["Telefon", "E-post", "Besök på servicekontoret", "Via webbplatsen"],
        ),
        "satisfaction": services.question_save(
            survey=survey,
            kind=QuestionKind.SCALE,
            label="Hur nöjd är du med kommunens service i dag?",
            required=True,
            page=1,
            scale_min=1,
            scale_max=5,
            scale_min_label="Inte alls nöjd",
            scale_max_label="Mycket nöjd",
        ),
        "used": services.question_save(
            survey=survey,
            kind=QuestionKind.MULTIPLE_CHOICE,
            label="Vilka av kommunens tjänster har du använt det senaste året?",
            page=2,
            options=[
                "Bibliotek",
                "Kollektivtrafik",
                "Förskola och skola",
                "Äldreomsorg",
                "Fritidsgårdar och idrottsanläggningar",
                "Bygglov och miljö",
            ],
        ),
        "priorities": services.question_save(
            survey=survey,
            kind=QuestionKind.RANKING,
            label="Vad är viktigast i serviceplanen? Rangordna.",
            required=True,
            page=2,
            options=[
                "Service nära där jag bor",
                "Digitala tjänster dygnet runt",
                "Gott värdskap och bemötande",
                "Snabba svar och besked",
            ],
        ),
        "text": services.question_save(
            survey=survey,
            kind=QuestionKind.FREE_TEXT,
            label="Vad vill du säga om framtidens service i kommunen?",
            help_text="Skriv gärna vad som fungerar bra och vad som kan bli bättre.",
            page=2,
        ),
        "district": services.question_save(
            survey=survey, kind=QuestionKind.DISTRICT, label="Var i kommunen bor du?", page=3
        ),
        "age": services.question_save(
            survey=survey, kind=QuestionKind.AGE_BAND, label="Hur gammal är du?", page=3
        ),
    }
    return survey, q


def _answers(rng: random.Random, q: dict, districts: list[District]) -> dict[int, dict]:
    opts = {name: list(question.options.all()) for name, question in q.items()}
    satisfaction = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 5, 6, 3])[0]
    ranking = opts["priorities"][:]
    rng.shuffle(ranking)
    bands = [b for b in AgeBand.values if b != AgeBand.UNDER_13]
    return {
        1: {
            q["contact"].field_name: str(rng.choices(opts["contact"], weights=[5, 3, 2, 4])[0].pk),
            q["satisfaction"].field_name: str(satisfaction),
        },
        2: {
            q["used"].field_name: [str(o.pk) for o in rng.sample(opts["used"], rng.randint(0, 3))],
            q["priorities"].field_name: {
                str(o.pk): str(place) for place, o in enumerate(ranking, start=1)
            },
            q["text"].field_name: rng.choice(TEXTS) if rng.random() < 0.35 else "",
        },
        3: {
            q["district"].field_name: str(rng.choice(districts).pk) if districts else "",
            q["age"].field_name: rng.choices(bands, weights=[2, 3, 4, 5, 4, 1])[0],
        },
    }


def _answer(survey, questions, pages, rng) -> SurveyResponse:
    response = None
    for page, data in pages.items():
        response = services.response_save_page(
            survey=survey,
            questions=questions,
            response=response,
            page=page,
            data=data,
            consent=(rng.random() < 0.7) if page == max(pages) else None,
            respondent_key=uuid.UUID(int=rng.getrandbits(128)).hex,
        )
    services.response_submit(survey=survey, questions=questions, response=response)
    return response


def _load_service_survey(process, districts):
    if Survey.objects.filter(process=process, title=SERVICE_SURVEY).exists():
        return
    survey, q = _build_service_survey(process)
    services.survey_open(survey=survey, at_once=True)
    survey.refresh_from_db()
    questions = survey_questions(survey=survey)
    rng = random.Random(2018)  # noqa: S311 - demo data, reproducible
    for _ in range(ANSWERS):
        _answer(survey, questions, _answers(rng, q, districts), rng)
    opens = dt.datetime(2025, 9, 1, 8, 0, tzinfo=timezone.get_current_timezone())
    closes = dt.datetime(2026, 2, 28, 23, 59, tzinfo=timezone.get_current_timezone())
    step = (closes - opens) / (ANSWERS + 1)
    responses = list(survey.responses.filter(state=ResponseState.SUBMITTED).order_by("pk"))
    for index, response in enumerate(responses, start=1):
        response.submitted_at = opens + step * index
    SurveyResponse.objects.bulk_update(responses, ["submitted_at"])
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=opens, closes_at=closes, state=SurveyState.CLOSED, closed_at=None
    )
    services.survey_results_publish(survey=survey, public=True)


def _load_quick_survey(process, districts):
    if Survey.objects.filter(process=process, title=QUICK_SURVEY).exists():
        return
    survey = services.survey_create(
        process=process,
        title=QUICK_SURVEY,
        intro="Några snabba frågor om hur du vill att kommunen ska vara år 2040.",
    )
    words = services.question_save(
        survey=survey,
        kind=QuestionKind.MULTIPLE_CHOICE,
        label="Vilka ord ska beskriva Vaggeryds kommun år 2040?",
        required=True,
        options=["Trygg", "Grön", "Nyfiken", "Gränslös", "Välkomnande", "Företagsam"],
    )
    services.question_save(
        survey=survey,
        kind=QuestionKind.SCALE,
        label="Hur gärna bor du kvar i kommunen om tio år?",
        page=1,
        scale_min=1,
        scale_max=5,
        scale_min_label="Inte alls",
        scale_max_label="Mycket gärna",
    )
    services.question_save(
        survey=survey,
        kind=QuestionKind.FREE_TEXT,
        label="Skriv en mening från Vaggeryd år 2040",
        page=2,
    )
    if districts:
        services.question_save(
            survey=survey, kind=QuestionKind.DISTRICT, label="Var i kommunen bor du?", page=2
        )
    services.survey_open(survey=survey, at_once=True)
    survey.refresh_from_db()
    questions = survey_questions(survey=survey)
    rng = random.Random(2040)  # noqa: S311 - demo data, reproducible
    options = list(words.options.all())
    for _ in range(12):
        pages = {1: {words.field_name: [str(o.pk) for o in rng.sample(options, 2)]}}
        _answer(survey, questions, pages, rng)


def load(core):
    districts = list(District.objects.filter(municipality=core.municipality))
    _load_service_survey(core.framtidsbygget, districts)
    _load_quick_survey(core.vision, districts)
