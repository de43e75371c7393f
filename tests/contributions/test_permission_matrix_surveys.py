"""Role × URL matrix of web surveys.

Decisions: officials, process administrators and superusers build surveys, open and close them
and publish their results; politicians read the results, the preview and the exports; clerks,
citizens and officials of other processes may do none of it. Citizens answer an open survey of a
public process without an account (the private link is the key to a response); a survey still
being built is not found; an internal process's survey is for its members.
"""

import pytest

from contributions.models import Survey
from tests.contributions.survey_factories import build_survey
from tests.factories import ProcessFactory
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    STAFF_EDIT_OK,
    Case,
    case_params,
    check_roles,
    expect,
)
from tests.worlds import module_world
from visionsprocess.models import ProcessRole, Visibility

READ_OK = expect(FORBIDDEN, admin=OK, official=OK, politician=OK, superuser=OK)
INTERNAL = expect(
    FORBIDDEN, anonymous=LOGIN, admin=OK, official=OK, politician=OK, clerk=OK, superuser=OK
)

PUBLIC_URLS = {"contributions:survey_response"}


def survey(key="survey"):
    return lambda w: {"slug": w[key].process.slug, "pk": w[key].pk}


def question(w):
    return {**survey()(w), "question_id": w["question"].pk}


def state(action):
    return lambda w: {**survey()(w), "action": action}


QUESTION_DATA = {
    "kind": "text",
    "label": "Något mer om framtidens service?",
    "page": 3,
    "scale_min": 1,
    "scale_max": 5,
}

CASES = [
    # Answering
    Case("contributions:survey_start", expect(OK), survey()),
    Case("contributions:survey_start", expect(NOT_FOUND), survey("draft")),
    Case("contributions:survey_start", INTERNAL, survey("internal")),
    Case("contributions:survey_page", expect(OK), lambda w: {**survey()(w), "page": 1}),
    Case(
        "contributions:survey_page",
        expect(NOT_FOUND),
        lambda w: {**survey()(w), "page": 9},
    ),
    Case("contributions:survey_page", INTERNAL, lambda w: {**survey("internal")(w), "page": 2}),
    Case("contributions:survey_saved", expect(OK), survey()),
    Case("contributions:survey_response", expect(OK), lambda w: {"token": w["response"].token}),
    Case("contributions:survey_response", expect(NOT_FOUND), lambda w: {"token": "x" * 43}),
    # Building
    Case("contributions:staff_surveys", READ_OK, lambda w: {"slug": w["survey"].process.slug}),
    Case(
        "contributions:staff_survey_create",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["survey"].process.slug},
    ),
    Case(
        "contributions:staff_survey_create",
        STAFF_EDIT_OK,
        lambda w: {"slug": w["survey"].process.slug},
        method="post",
        data=lambda w: {"title": "Enkät om stormötet"},
    ),
    Case("contributions:staff_survey", STAFF_EDIT_OK, survey()),
    Case("contributions:staff_survey_edit", STAFF_EDIT_OK, survey()),
    Case(
        "contributions:staff_survey_edit",
        STAFF_EDIT_OK,
        survey(),
        method="post",
        data=lambda w: {"title": "Webbenkät om framtidens service 2026"},
    ),
    Case(
        "contributions:staff_survey_question_add",
        STAFF_EDIT_OK,
        survey(),
        method="post",
        data=lambda w: QUESTION_DATA,
    ),
    Case("contributions:staff_survey_question_edit", STAFF_EDIT_OK, question),
    Case(
        "contributions:staff_survey_question_edit",
        STAFF_EDIT_OK,
        question,
        method="post",
        data=lambda w: {**QUESTION_DATA, "label": "Vad vill du säga om servicen?", "page": 2},
    ),
    Case("contributions:staff_survey_question_delete", STAFF_EDIT_OK, question, method="post"),
    Case("contributions:staff_survey_state", STAFF_EDIT_OK, state("stang"), method="post"),
    Case("contributions:staff_survey_state", STAFF_EDIT_OK, state("oppna"), method="post"),
    Case(
        "contributions:staff_survey_state",
        STAFF_EDIT_OK,
        state("publicera"),
        method="post",
        data=lambda w: {"public": "1"},
    ),
    Case("contributions:staff_survey_state", STAFF_EDIT_OK, state("ta-bort"), method="post"),
    # Reading
    Case("contributions:staff_survey_preview", READ_OK, lambda w: {**survey()(w), "page": 1}),
    Case("contributions:staff_survey_results", READ_OK, survey()),
    Case("contributions:staff_survey_export_csv", READ_OK, survey()),
    Case("contributions:staff_survey_export_xlsx", READ_OK, survey()),
]


def matrix_world(role_users):
    from contributions.models import QuestionKind
    from contributions.services import surveys as services
    from tests.contributions.survey_factories import answer

    process, users = role_users
    survey, q = build_survey(process)
    internal_process = ProcessFactory(visibility=Visibility.INTERNAL)
    for role in ("admin", "official", "politician", "clerk"):
        ProcessRole.objects.create(process=internal_process, user=users[role], role=role)
    internal, _q = build_survey(internal_process)
    draft, _q = build_survey(ProcessFactory(), open_now=False)
    response = answer(survey, q)
    extra = services.question_save(
        survey=survey, kind=QuestionKind.FREE_TEXT, label="Övrigt?", page=3
    )
    return {
        "users": users,
        "survey": survey,
        "internal": internal,
        "draft": draft,
        "response": response,
        "question": extra,
    }


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize("case", case_params(CASES))
def test_survey_url_answers_each_role_as_expected(world, case):
    check_roles(world, case)  # every role, each rolled back: one world per case
    assert Survey.objects.filter(pk=world["internal"].pk).exists()
