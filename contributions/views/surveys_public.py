"""Citizens answer a web survey: page by page, save and come back by a private link, a receipt.

Who is answering is told by, in order: the draft this browser opened by its private link (in the
session), the signed-in account, or a long-lived signed cookie with a random number (its keyed
hash is stored, never the number). One browser or account answers once; new answers are also
rate limited per IP address.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from visionsprocess.permissions import permission_required
from visionsprocess.ratelimits import limited, too_many_requests
from visionsprocess.tenancy import check_municipality

from ..forms_surveys import page_data
from ..models import ResponseState, Survey, SurveyResponse
from ..selectors import surveys as selectors
from ..services import surveys as services

RESPONDENT_COOKIE = "vp_respondent"
COOKIE_SALT = "contributions.surveys.respondent"
COOKIE_AGE = 400 * 24 * 3600
SESSION_KEY = "survey_drafts"


def survey_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Survey.objects.visible().select_related("process__municipality"),
        pk=pk,
        process__slug=slug,
    )


def _cookie_id(request) -> str | None:
    value = request.get_signed_cookie(RESPONDENT_COOKIE, default=None, salt=COOKIE_SALT)
    return value if value and len(value) <= 64 else None


def _respondent(request, survey) -> tuple[str, str | None]:
    """The respondent key of this browser for ``survey`` and a new cookie value to set, if any."""
    cookie_id = _cookie_id(request)
    new = None
    if cookie_id is None:
        cookie_id = new = uuid.uuid4().hex + secrets.token_hex(8)
    return services.respondent_key_for(survey=survey, cookie_id=cookie_id), new


def _current_response(request, survey) -> SurveyResponse | None:
    token = (request.session.get(SESSION_KEY) or {}).get(str(survey.pk))
    responses = SurveyResponse.objects.filter(survey=survey)
    if token:
        found = responses.filter(token=token).first()
        if found:
            return found
    if request.user.is_authenticated:
        return responses.filter(user=request.user).first()
    cookie_id = _cookie_id(request)
    if cookie_id:
        key = services.respondent_key_for(survey=survey, cookie_id=cookie_id)
        return responses.filter(respondent_key=key).first()
    return None


def _remember(request, survey, response):
    drafts = dict(request.session.get(SESSION_KEY) or {})
    drafts[str(survey.pk)] = response.token
    request.session[SESSION_KEY] = drafts


def _set_cookie(response, value):
    if value:
        response.set_signed_cookie(
            RESPONDENT_COOKIE,
            value,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _closed(request, survey, status=200):
    context = {"process": survey.process, "survey": survey}
    return render(request, "contributions/public/survey_closed.html", context, status=status)


def _selected(value) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    return {str(value)}


def question_items(questions, values: dict, errors: dict, districts) -> list[dict]:
    """Each question of a page with what is needed to show it: its choices (marked as chosen),
    its current text and its errors."""
    from visionsprocess.models import AgeBand

    from ..models import QuestionKind

    items = []
    for question in questions:
        value = values.get(question.field_name)
        chosen = _selected(value) if not isinstance(value, dict) else set()
        kind = question.kind
        if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            choices = [(str(o.pk), o.label) for o in question.options.all()]
        elif kind == QuestionKind.SCALE:
            choices = [(str(v), str(v)) for v in question.scale_values]
        elif kind == QuestionKind.DISTRICT:
            choices = [(str(d.pk), d.name) for d in districts]
        elif kind == QuestionKind.AGE_BAND:
            choices = [(v, str(label)) for v, label in AgeBand.choices]
        else:
            choices = []
        ranks = value if isinstance(value, dict) else {}
        items.append(
            {
                "question": question,
                "name": question.field_name,
                "choices": [
                    {
                        "value": v,
                        "label": label,
                        "checked": v in chosen,
                        "id": f"{question.field_name}-{i}",
                    }
                    for i, (v, label) in enumerate(choices)
                ],
                "ranking": [
                    {
                        "option": o,
                        "name": f"{question.field_name}_{o.pk}",
                        "rank": str(ranks.get(str(o.pk), "") or ""),
                    }
                    for o in question.options.all()
                ]
                if kind == QuestionKind.RANKING
                else [],
                "places": [str(n) for n in range(1, len(question.options.all()) + 1)],
                "text": value if isinstance(value, str) and kind == QuestionKind.FREE_TEXT else "",
                "errors": errors.get(question.field_name, []),
            }
        )
    return items


def _page_context(survey, questions, page, values, errors, *, preview=False, response=None):
    pages = services.page_numbers(questions)
    index = pages.index(page)
    districts = selectors.districts_for(survey=survey, questions=questions)
    on_page = [q for q in questions if q.page == page]
    return {
        "process": survey.process,
        "survey": survey,
        "items": question_items(on_page, values, errors, districts),
        "form_errors": errors.get("", []),
        "consent": values.get(
            "consent_to_publish", response.consent_to_publish if response else False
        ),
        "page": page,
        "page_index": index + 1,
        "page_count": len(pages),
        "previous_page": pages[index - 1] if index else None,
        "is_last": index == len(pages) - 1,
        "values": values,
        "errors": errors,
        "preview": preview,
        "response": response,
        "has_free_text": any(q.kind == "text" for q in questions),
    }


@never_cache
@permission_required("contributions.answer_survey", survey_lookup)
def survey_start(request, survey, slug, pk):
    if not survey.is_open():
        return _closed(request, survey)
    response = _current_response(request, survey)
    if response is not None and response.is_submitted:
        return redirect("contributions:survey_response", token=response.token)
    questions = selectors.survey_questions(survey=survey)
    pages = services.page_numbers(questions)
    if not pages:
        raise Http404
    next_page = pages[0]
    if response is not None:
        later = [p for p in pages if p > response.page]
        next_page = later[0] if later else pages[-1]
    context = {
        "process": survey.process,
        "survey": survey,
        "page_count": len(pages),
        "question_count": len(questions),
        "response": response,
        "next_page": next_page,
    }
    return render(request, "contributions/public/survey_start.html", context)


@never_cache
@permission_required("contributions.answer_survey", survey_lookup)
def survey_page(request, survey, slug, pk, page):
    questions = selectors.survey_questions(survey=survey)
    if page not in services.page_numbers(questions):
        raise Http404
    if not survey.is_open():
        return _closed(request, survey, status=409 if request.method == "POST" else 200)
    response = _current_response(request, survey)
    if response is not None and response.is_submitted:
        if request.method == "POST":
            messages.info(request, _("You have already answered this survey."))
        return redirect("contributions:survey_response", token=response.token)
    values = dict(response.draft) if response else {}
    errors, status, new_cookie = {}, 200, None
    if request.method == "POST":
        data = page_data(questions, page, request.POST)
        values.update(data)
        action = request.POST.get("action", "next")
        consent = None
        context_page = _page_context(survey, questions, page, values, errors)
        if context_page["is_last"] and context_page["has_free_text"]:
            consent = request.POST.get("consent_to_publish") == "yes"
            values["consent_to_publish"] = consent
        if response is None:
            if limited(request, "contributions.survey_answer"):
                return too_many_requests(
                    request,
                    "contributions.survey_answer",
                    "contributions/public/rate_limited.html",
                    {"process": survey.process},
                )
            key, new_cookie = _respondent(request, survey)
        else:
            key = response.respondent_key
        try:
            response = services.response_save_page(
                survey=survey,
                questions=questions,
                response=response,
                page=page,
                data=data,
                consent=consent,
                user=request.user,
                respondent_key=key,
            )
            _remember(request, survey, response)
            if response.is_submitted:
                return _set_cookie(
                    redirect("contributions:survey_response", token=response.token), new_cookie
                )
            if action == "save":
                target = reverse("contributions:survey_saved", args=[slug, pk])
            elif context_page["is_last"]:
                services.response_submit(survey=survey, questions=questions, response=response)
                messages.success(request, _("Thank you! Your answer has been sent in."))
                target = reverse("contributions:survey_response", args=[response.token])
            else:
                pages = services.page_numbers(questions)
                target = reverse(
                    "contributions:survey_page", args=[slug, pk, pages[pages.index(page) + 1]]
                )
            return _set_cookie(redirect(target), new_cookie)
        except services.Closed:
            return _closed(request, survey, status=409)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            status = 400
            wrong_pages = sorted(
                {q.page for q in questions if q.field_name in errors and q.page != page}
            )
            if wrong_pages and response is not None:
                # Sending in found a missing answer on an earlier page: show that page.
                page = wrong_pages[0]
                values = {**response.draft, **values}
        response_cookie = _set_cookie(
            render(
                request,
                "contributions/public/survey_page.html",
                _page_context(survey, questions, page, values, errors, response=response),
                status=status,
            ),
            new_cookie,
        )
        return response_cookie
    return render(
        request,
        "contributions/public/survey_page.html",
        _page_context(survey, questions, page, values, errors, response=response),
    )


@never_cache
@permission_required("contributions.answer_survey", survey_lookup)
def survey_saved(request, survey, slug, pk):
    response = _current_response(request, survey)
    if response is None:
        return redirect("contributions:survey_start", slug=slug, pk=pk)
    link = request.build_absolute_uri(
        reverse("contributions:survey_response", args=[response.token])
    )
    context = {"process": survey.process, "survey": survey, "link": link, "response": response}
    page = render(request, "contributions/public/survey_saved.html", context)
    page["X-Robots-Tag"] = "noindex, nofollow"
    return page


@never_cache
def survey_response(request, token):
    """The private link: continue a saved draft, or see the receipt of a sent-in answer."""
    response = (
        SurveyResponse.objects.select_related("survey__process__municipality")
        .filter(token=token[:64])
        .first()
    )
    if response is None:
        raise Http404
    survey = response.survey
    check_municipality(request, survey)  # another municipality's link: 404
    if response.state == ResponseState.DRAFT:
        if not request.user.has_perm("contributions.answer_survey", survey):
            raise Http404
        _remember(request, survey, response)
        if not survey.is_open():
            return _closed(request, survey)
        return redirect("contributions:survey_start", slug=survey.process.slug, pk=survey.pk)
    context = {
        "process": survey.process,
        "survey": survey,
        "response": response,
        "answers": selectors.response_answers(response=response),
        "link": request.build_absolute_uri(),
    }
    page = render(request, "contributions/public/survey_receipt.html", context)
    page["X-Robots-Tag"] = "noindex, nofollow"
    return page
