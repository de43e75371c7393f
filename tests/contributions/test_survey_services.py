"""Web surveys: building, answering (whole or nothing), and what may change after answers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contributions.models import (
    Contribution,
    ContributionKind,
    ModerationState,
    QuestionKind,
    ResponseState,
    SurveyAnswer,
    SurveyResponse,
)
from contributions.selectors import surveys as selectors
from contributions.services import surveys as services
from tests.contributions.survey_factories import answer, build_survey, close, full_answers
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(slug="framtidsbygget")
    survey, q = build_survey(process)
    return process, survey, q


def _save(survey, page, data, response=None, key="k1", consent=None):
    return services.response_save_page(
        survey=survey,
        questions=selectors.survey_questions(survey=survey),
        response=response,
        page=page,
        data=data,
        consent=consent,
        respondent_key=key,
    )


def _submit(survey, response):
    return services.response_submit(
        survey=survey, questions=selectors.survey_questions(survey=survey), response=response
    )


def test_a_whole_answer_is_stored_and_its_free_text_becomes_a_survey_answer_contribution(world):
    process, survey, q = world
    response = answer(survey, q, text="Öppna servicekontor i Nyland <script>alert(1)</script>")
    assert response.state == ResponseState.SUBMITTED
    assert response.submitted_at is not None
    assert response.draft == {}
    assert response.district.name == "Kramfors" and response.age_band == "35-49"
    # One row per chosen option, one per ranked option, one for the scale, district, age, text.
    assert SurveyAnswer.objects.filter(response=response).count() == 1 + 1 + 2 + 3 + 1 + 1 + 1
    contribution = Contribution.objects.get(kind=ContributionKind.SURVEY_ANSWER)
    assert contribution.process == process
    assert contribution.title == q["text"].label
    assert contribution.text.startswith("Öppna servicekontor")
    assert contribution.consent_to_publish is True
    assert contribution.moderation_state == ModerationState.NEW
    assert contribution.district == response.district and contribution.age_band == "35-49"
    assert contribution.survey_answer.response == response


def test_without_consent_the_free_text_can_never_be_published(world):
    from contributions.services.handling import contribution_moderate

    _process, survey, q = world
    answer(survey, q, consent=False)
    contribution = Contribution.objects.get(kind=ContributionKind.SURVEY_ANSWER)
    assert contribution.consent_to_publish is False
    with pytest.raises(ValidationError):
        contribution_moderate(
            contribution=contribution, action="published", reason="", by=UserFactory()
        )
    assert not Contribution.objects.published().filter(pk=contribution.pk).exists()


def test_missing_required_answer_gets_a_message_and_stores_nothing(world):
    _process, survey, q = world
    with pytest.raises(ValidationError) as error:
        _save(survey, 1, {q["contact"].field_name: "", q["satisfaction"].field_name: "3"})
    assert "Frågan behöver ett svar." in error.value.message_dict[q["contact"].field_name]
    assert not SurveyResponse.objects.exists()


def test_an_option_of_another_question_is_refused(world):
    _process, survey, q = world
    foreign = q["services"].options.first()
    with pytest.raises(ValidationError) as error:
        _save(
            survey,
            1,
            {q["contact"].field_name: str(foreign.pk), q["satisfaction"].field_name: "3"},
        )
    assert error.value.message_dict[q["contact"].field_name] == [
        "Välj bland frågans svarsalternativ."
    ]
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "fem", "99999999999999999999"])
def test_a_value_off_the_scale_is_refused(world, value):
    _process, survey, q = world
    contact = q["contact"].options.first()
    with pytest.raises(ValidationError) as error:
        _save(
            survey,
            1,
            {q["contact"].field_name: str(contact.pk), q["satisfaction"].field_name: value},
        )
    assert error.value.message_dict[q["satisfaction"].field_name] == [
        "Välj ett värde från 1 till 5."
    ]


def test_a_ranking_needs_distinct_places_from_one(world):
    _process, survey, q = world
    pages = full_answers(q)
    options = list(q["ranking"].options.all())
    pages[2][q["ranking"].field_name] = {str(options[0].pk): "1", str(options[1].pk): "1"}
    with pytest.raises(ValidationError) as error:
        _save(survey, 2, pages[2])
    assert q["ranking"].field_name in error.value.message_dict


def test_a_draft_missing_an_earlier_page_is_not_sent_in(world):
    _process, survey, q = world
    pages = full_answers(q)
    response = _save(survey, 2, pages[2])  # page 1 (required) never answered
    with pytest.raises(ValidationError) as error:
        _submit(survey, response)
    assert q["contact"].field_name in error.value.message_dict
    response.refresh_from_db()
    assert response.state == ResponseState.DRAFT
    assert not SurveyAnswer.objects.exists()
    assert not Contribution.objects.exists()


def test_an_answer_after_closing_is_refused_and_stores_nothing(world):
    _process, survey, q = world
    pages = full_answers(q)
    response = _save(survey, 1, pages[1])
    response = _save(survey, 2, pages[2], response=response)
    response = _save(survey, 3, pages[3], response=response)
    close(survey)
    with pytest.raises(services.Closed) as error:
        _submit(survey, response)
    assert "tar inte längre emot svar" in error.value.messages[0]
    with pytest.raises(services.Closed):
        _save(survey, 1, pages[1], key="someone-else")
    assert not SurveyAnswer.objects.exists()
    assert SurveyResponse.objects.filter(state=ResponseState.SUBMITTED).count() == 0


def test_a_survey_past_its_closing_time_takes_no_answers(world):
    _process, survey, q = world
    survey.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    survey.opens_at = timezone.now() - timezone.timedelta(days=1)
    survey.save()
    with pytest.raises(services.Closed):
        _save(survey, 1, full_answers(q)[1])


def test_sending_in_the_same_draft_twice_stores_one_answer(world):
    _process, survey, q = world
    response = None
    for page, data in full_answers(q).items():
        response = _save(survey, page, data, response=response, consent=True)
    # What a second request read before the first one committed: the same full draft.
    stale = SurveyResponse.objects.get(pk=response.pk)
    assert _submit(survey, response) is True
    assert _submit(survey, stale) is False
    assert SurveyResponse.objects.get(pk=response.pk).state == ResponseState.SUBMITTED
    assert SurveyAnswer.objects.filter(question=q["satisfaction"]).count() == 1
    assert Contribution.objects.filter(kind=ContributionKind.SURVEY_ANSWER).count() == 1


def test_a_signed_in_person_answers_once(world):
    _process, survey, q = world
    user = UserFactory()
    first = answer(survey, q, user=user)
    # Their next first page continues the same (sent-in) response instead of a new one.
    again = services.response_save_page(
        survey=survey,
        questions=selectors.survey_questions(survey=survey),
        response=None,
        page=1,
        data=full_answers(q)[1],
        user=user,
    )
    assert again.pk == first.pk and again.is_submitted
    assert SurveyResponse.objects.filter(survey=survey, user=user).count() == 1


def test_free_text_is_stored_as_written_and_nul_bytes_are_dropped(world):
    _process, survey, q = world
    response = answer(survey, q, text="<b>fet</b>\x00 & 'citat'")
    text = SurveyAnswer.objects.get(response=response, question=q["text"]).text
    assert text == "<b>fet</b> & 'citat'"


def test_oversize_free_text_is_refused(world):
    _process, survey, q = world
    pages = full_answers(q, text="x" * 5001)
    with pytest.raises(ValidationError) as error:
        _save(survey, 2, pages[2])
    assert "Högst 5000 tecken" in error.value.message_dict[q["text"].field_name][0]


# --- Building and changing after answers --------------------------------------------------------


def test_a_question_needs_options_and_a_sane_scale():
    process = ProcessFactory()
    survey = services.survey_create(process=process, title="Enkät")
    with pytest.raises(ValidationError) as error:
        services.question_save(
            survey=survey, kind=QuestionKind.SINGLE_CHOICE, label="Vilken?", options=["Ja"]
        )
    assert "options" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.question_save(
            survey=survey, kind=QuestionKind.SCALE, label="Hur?", scale_min=1, scale_max=11
        )
    with pytest.raises(ValidationError):
        services.question_save(
            survey=survey,
            kind=QuestionKind.MULTIPLE_CHOICE,
            label="Vilka?",
            options=["Buss", "buss"],
        )


def test_a_survey_without_questions_cannot_open_and_a_closed_one_reopens():
    process = ProcessFactory()
    survey = services.survey_create(process=process, title="Tom enkät")
    with pytest.raises(ValidationError):
        services.survey_open(survey=survey)
    services.question_save(survey=survey, kind=QuestionKind.FREE_TEXT, label="Något mer?")
    services.survey_open(survey=survey)
    survey.refresh_from_db()
    assert survey.is_open()
    close(survey)
    assert not survey.is_open()
    services.survey_open(survey=survey)
    survey.refresh_from_db()
    assert survey.is_open()


def test_only_one_district_question_and_only_with_districts():
    process = ProcessFactory()
    survey = services.survey_create(process=process, title="Enkät")
    with pytest.raises(ValidationError) as error:
        services.question_save(survey=survey, kind=QuestionKind.DISTRICT, label="Var bor du?")
    assert "inga kommundelar" in error.value.message_dict["kind"][0]


def test_before_answers_anything_may_change(world):
    _process, survey, q = world
    services.question_save(
        survey=survey,
        question=q["contact"],
        kind=QuestionKind.MULTIPLE_CHOICE,
        label="Helt ny fråga om något annat",
        required=False,
        options=["A", "B"],
    )
    services.question_delete(question=q["text"])


def test_after_answers_typos_new_options_and_optional_questions_are_allowed(world):
    _process, survey, q = world
    answer(survey, q)
    contact = q["contact"]
    labels = [o.label for o in contact.options.all()]
    services.question_save(
        survey=survey,
        question=contact,
        kind=contact.kind,
        label="Hur har du oftast kontakt med kommunen? ",
        required=False,  # required → optional is fine
        page=1,
        options=[labels[0], "E-posst", *labels[2:], "Sociala medier"],
    )
    contact.refresh_from_db()
    options = list(contact.options.all())
    assert options[1].label == "E-posst" and options[-1].label == "Sociala medier"
    assert options[-1].answers_before == 1
    added = services.question_save(
        survey=survey, kind=QuestionKind.FREE_TEXT, label="Något mer?", page=3
    )
    assert added.answers_before == 1


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"kind": QuestionKind.MULTIPLE_CHOICE}, "kind", "typen kan inte ändras"),
        ({"label": "Vilken färg har bussen?"}, "label", "kan rättas men inte bytas ut"),
        ({"options": ["Telefon", "E-post"]}, "options", "kan inte tas bort"),
        (
            {"options": ["E-post", "Telefon", "Besök i kommunhuset", "Via webbplatsen"]},
            "options",
            "kan inte byta plats",
        ),
    ],
)
def test_after_answers_changes_that_break_results_are_refused(world, change, field, reason):
    _process, survey, q = world
    answer(survey, q)
    contact = q["contact"]
    kwargs = {
        "kind": contact.kind,
        "label": contact.label,
        "required": True,
        "page": 1,
        "options": [o.label for o in contact.options.all()],
        **change,
    }
    with pytest.raises(ValidationError) as error:
        services.question_save(survey=survey, question=contact, **kwargs)
    assert reason in " ".join(error.value.message_dict[field])
    contact.refresh_from_db()
    assert contact.kind == QuestionKind.SINGLE_CHOICE
    assert [o.label for o in contact.options.all()][:2] == ["Telefon", "E-post"]


def test_after_answers_scale_required_ranking_and_removal_are_refused(world):
    _process, survey, q = world
    answer(survey, q)
    scale = q["satisfaction"]
    with pytest.raises(ValidationError) as error:
        services.question_save(
            survey=survey,
            question=scale,
            kind=scale.kind,
            label=scale.label,
            required=True,
            scale_min=1,
            scale_max=7,
        )
    assert "scale_max" in error.value.message_dict
    services_q = q["services"]
    with pytest.raises(ValidationError) as error:
        services.question_save(
            survey=survey,
            question=services_q,
            kind=services_q.kind,
            label=services_q.label,
            required=True,
            page=2,
            options=[o.label for o in services_q.options.all()],
        )
    assert "required" in error.value.message_dict
    ranking = q["ranking"]
    with pytest.raises(ValidationError) as error:
        services.question_save(
            survey=survey,
            question=ranking,
            kind=ranking.kind,
            label=ranking.label,
            page=2,
            options=[*(o.label for o in ranking.options.all()), "Kultur"],
        )
    assert "rangordning kan inte få nya alternativ" in error.value.message_dict["options"][0]
    with pytest.raises(ValidationError):
        services.question_save(
            survey=survey, kind=QuestionKind.FREE_TEXT, label="Ny och krävd", required=True
        )
    with pytest.raises(ValidationError):
        services.question_delete(question=q["contact"])
    with pytest.raises(ValidationError):
        services.survey_delete(survey=survey)


def test_results_are_published_only_when_closed_and_with_five_respondents(world):
    _process, survey, q = world
    for _ in range(4):
        answer(survey, q)
    with pytest.raises(ValidationError) as error:
        services.survey_results_publish(survey=survey, public=True)
    assert "när enkäten har stängt" in error.value.messages[0]
    close(survey)
    with pytest.raises(ValidationError) as error:
        services.survey_results_publish(survey=survey, public=True)
    assert "Färre än 5" in error.value.messages[0]
    survey = services.survey_open(survey=survey)
    answer(survey, q)
    close(survey)
    services.survey_results_publish(survey=survey, public=True)
    survey.refresh_from_db()
    assert survey.results_public


def test_running_counts_equal_a_recount_of_the_answers(world):
    from contributions.models import SurveyTally

    _process, survey, q = world
    for i in range(7):
        answer(survey, q, contact=i % 4, satisfaction=1 + i % 5, services_=(i % 4,), district=i % 4)
    kept = sorted(
        SurveyTally.objects.filter(survey=survey).values_list(
            "question_id", "key", "count", "rank_sum", "first_places"
        )
    )
    services.tally_rebuild(survey=survey)
    recounted = sorted(
        SurveyTally.objects.filter(survey=survey).values_list(
            "question_id", "key", "count", "rank_sum", "first_places"
        )
    )
    assert kept == recounted
    results = selectors.survey_results(survey=survey)
    contact = next(r for r in results.questions if r.question == q["contact"])
    assert contact.answered == 7
    assert [r.count for r in contact.rows] == [2, 2, 2, 1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_draft_store_one_answer():
    import threading

    from django.db import connection

    process = ProcessFactory(slug="framtidsbygget-samtidigt")
    survey, q = build_survey(process)
    response = None
    for page, data in full_answers(q).items():
        response = _save(survey, page, data, response=response, consent=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def send():
        try:
            draft = SurveyResponse.objects.get(pk=response.pk)  # both read the draft first
            barrier.wait(timeout=10)
            outcomes.append(_submit(survey, draft))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [False, True]
    assert SurveyAnswer.objects.filter(question=q["satisfaction"]).count() == 1
    assert Contribution.objects.filter(kind=ContributionKind.SURVEY_ANSWER).count() == 1
    from contributions.models import SurveyTally

    assert SurveyTally.objects.get(question=q["satisfaction"], key="answered").count == 1
