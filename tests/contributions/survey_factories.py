"""A Kramfors-like service-plan survey ("Framtidsbygget"), built through the services as an
official would, and answers sent in through the services as a citizen's browser would."""

import uuid

from contributions.models import QuestionKind, SurveyState
from contributions.selectors import surveys as selectors
from contributions.services import surveys as services
from visionsprocess.models import District


def districts_for(process, names=("Kramfors", "Nyland", "Bjärtrå", "Ytterlännäs")):
    return [
        District.objects.get_or_create(
            municipality=process.municipality, name=name, defaults={"order": i}
        )[0]
        for i, name in enumerate(names)
    ]


def build_survey(process, *, open_now=True, title="Webbenkät om framtidens service"):
    """Three pages: service and satisfaction; priorities and own words; about you."""
    districts_for(process)
    survey = services.survey_create(
        process=process,
        title=title,
        intro="Hjälp oss bygga en serviceplan för framtiden. Enkäten tar fem minuter.",
    )
    q = {}
    q["contact"] = services.question_save(
        survey=survey,
        kind=QuestionKind.SINGLE_CHOICE,
        label="Hur har du oftast kontakt med kommunen?",
        required=True,
        page=1,
        options=["Telefon", "E-post", "Besök i kommunhuset", "Via webbplatsen"],
    )
    q["satisfaction"] = services.question_save(
        survey=survey,
        kind=QuestionKind.SCALE,
        label="Hur nöjd är du med kommunens service?",
        required=True,
        page=1,
        scale_min=1,
        scale_max=5,
        scale_min_label="Inte alls nöjd",
        scale_max_label="Mycket nöjd",
    )
    q["services"] = services.question_save(
        survey=survey,
        kind=QuestionKind.MULTIPLE_CHOICE,
        label="Vilka tjänster använder du?",
        page=2,
        options=["Bibliotek", "Kollektivtrafik", "Äldreomsorg", "Fritidsgårdar"],
    )
    q["ranking"] = services.question_save(
        survey=survey,
        kind=QuestionKind.RANKING,
        label="Vad är viktigast i serviceplanen?",
        page=2,
        options=["Service nära där jag bor", "Digitala tjänster", "Gott värdskap"],
    )
    q["text"] = services.question_save(
        survey=survey,
        kind=QuestionKind.FREE_TEXT,
        label="Vad vill du säga om framtidens service i Kramfors?",
        page=2,
    )
    q["district"] = services.question_save(
        survey=survey, kind=QuestionKind.DISTRICT, label="Var bor du?", page=3
    )
    q["age"] = services.question_save(
        survey=survey, kind=QuestionKind.AGE_BAND, label="Hur gammal är du?", page=3
    )
    if open_now:
        services.survey_open(survey=survey, at_once=True)
        survey.refresh_from_db()
    return survey, q


def full_answers(
    q,
    *,
    contact=0,
    satisfaction=4,
    services_=(0, 1),
    text="Mer service på landsbygden.",
    district=0,
    age="35-49",
):
    opts = {name: list(question.options.all()) for name, question in q.items()}
    districts = list(
        District.objects.filter(municipality=q["district"].survey.process.municipality)
    )
    return {
        1: {
            q["contact"].field_name: str(opts["contact"][contact].pk),
            q["satisfaction"].field_name: str(satisfaction),
        },
        2: {
            q["services"].field_name: [str(opts["services"][i].pk) for i in services_],
            q["ranking"].field_name: {
                str(o.pk): str(place) for place, o in enumerate(opts["ranking"], start=1)
            },
            q["text"].field_name: text,
        },
        3: {
            q["district"].field_name: str(districts[district].pk) if district is not None else "",
            q["age"].field_name: age,
        },
    }


def answer(survey, q, *, consent=True, user=None, key=None, **kwargs):
    """Send in one whole answer through the services; returns the response."""
    questions = selectors.survey_questions(survey=survey)
    pages = full_answers(q, **kwargs)
    response = None
    for page, data in pages.items():
        response = services.response_save_page(
            survey=survey,
            questions=questions,
            response=response,
            page=page,
            data=data,
            consent=consent if page == 3 else None,
            user=user,
            respondent_key=key or uuid.uuid4().hex,
        )
    services.response_submit(survey=survey, questions=questions, response=response)
    response.refresh_from_db()
    return response


def close(survey):
    services.survey_close(survey=survey)
    survey.refresh_from_db()
    assert survey.state == SurveyState.CLOSED
    return survey
