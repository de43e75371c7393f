"""Answering a survey: cleaning answers, saving a page, submitting a response."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.models import AgeBand, District

from ...models import (
    Contribution,
    ContributionKind,
    QuestionKind,
    ResponseState,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .counting import _tally_add
from .limits import MAX_TEXT_ANSWER

# --- Answering --------------------------------------------------------------------------------


def respondent_key_for(*, survey: Survey, cookie_id: str) -> str:
    """A keyed hash of the respondent's cookie, different for every survey (never the cookie)."""
    raw = f"survey:{survey.pk}:respondent:{cookie_id}"
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def page_numbers(questions) -> list[int]:
    return sorted({q.page for q in questions})


class Closed(ValidationError):
    """The survey does not take answers (not yet open, or closed)."""


def _check_open(survey: Survey):
    if survey.is_open():
        return
    if survey.is_closed():
        raise Closed(
            _("The survey closed on %(date)s and no longer takes answers. Nothing was saved.")
            % {"date": timezone.localtime(survey.closed_on).strftime("%Y-%m-%d %H:%M")},
            code="closed",
        )
    raise Closed(_("The survey is not open yet. Nothing was saved."), code="closed")


def _clean_answer(question: SurveyQuestion, raw, districts: dict[int, District]):
    """The answer to one question as JSON-ready data, ``None`` if not answered, or an error."""
    kind = question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        values = raw if isinstance(raw, (list, tuple)) else ([raw] if raw not in ("", None) else [])
    elif kind == QuestionKind.RANKING:
        values = raw if isinstance(raw, dict) else {}
    else:
        values = raw
        if isinstance(values, (list, tuple)):
            # One value expected: an empty list is no answer, several are an error below.
            values = values[0] if len(values) == 1 else (values or "")
        if isinstance(values, str):
            values = values.strip()
    if values in ("", None, [], {}):
        if question.required:
            if kind == QuestionKind.RANKING:
                raise ValidationError(_("Rank all the options: give each a place."))
            raise ValidationError(_("This question needs an answer."))
        return None
    option_ids = {o.pk for o in question.options.all()}
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        chosen = []
        for value in values if kind == QuestionKind.MULTIPLE_CHOICE else [values]:
            try:
                option_id = int(value)
            except (TypeError, ValueError):
                option_id = None
            if option_id not in option_ids:
                raise ValidationError(_("Choose among this question's options."))
            chosen.append(option_id)
        return sorted(set(chosen)) if kind == QuestionKind.MULTIPLE_CHOICE else chosen[0]
    if kind == QuestionKind.RANKING:
        places = {}
        for key, value in values.items():
            if value in ("", None):
                continue
            try:
                option_id, place = int(key), int(value)
            except (TypeError, ValueError):
                raise ValidationError(_("Choose among this question's options.")) from None
            if option_id not in option_ids:
                raise ValidationError(_("Choose among this question's options."))
            places[option_id] = place
        if not places:
            if question.required:
                raise ValidationError(_("Rank all the options: give each a place."))
            return None
        if sorted(places.values()) != list(range(1, len(places) + 1)):
            raise ValidationError(
                _("Give each option its own place: 1 for the most important, then 2, 3 …")
            )
        if question.required and len(places) != len(option_ids):
            raise ValidationError(_("Rank all the options: give each a place."))
        return {str(k): v for k, v in sorted(places.items())}
    if kind == QuestionKind.SCALE:
        try:
            number = int(values)
        except (TypeError, ValueError):
            number = None
        if number is None or not question.scale_min <= number <= question.scale_max:
            raise ValidationError(
                _("Choose a value from %(low)s to %(high)s.")
                % {"low": question.scale_min, "high": question.scale_max}
            )
        return number
    if kind == QuestionKind.DISTRICT:
        try:
            district_id = int(values)
        except (TypeError, ValueError):
            district_id = None
        if district_id not in districts:
            raise ValidationError(_("Choose one of the municipality's districts."))
        return district_id
    if kind == QuestionKind.AGE_BAND:
        if values not in AgeBand.values:
            raise ValidationError(_("Choose one of the age bands."))
        return values
    # Free text
    text = str(values).replace("\x00", "")
    if len(text) > MAX_TEXT_ANSWER:
        raise ValidationError(
            _("At most %(n)s characters (you wrote %(m)s).")
            % {"n": MAX_TEXT_ANSWER, "m": len(text)}
        )
    return text


def answers_clean(*, survey: Survey, questions, data: dict, pages=None) -> dict[str, object]:
    """Check the answers ``data`` (keyed by field name ``q<id>``) to the questions on ``pages``
    (all when ``None``). Returns the clean answers; raises one error per wrong question."""
    districts = (
        {d.pk: d for d in District.objects.filter(municipality_id=survey.process.municipality_id)}
        if any(q.kind == QuestionKind.DISTRICT for q in questions)
        else {}
    )
    clean, errors = {}, {}
    for question in questions:
        if pages is not None and question.page not in pages:
            continue
        try:
            value = _clean_answer(question, data.get(question.field_name), districts)
        except ValidationError as error:
            errors[question.field_name] = error.messages
        else:
            if value is not None:
                clean[question.field_name] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _new_response(survey, *, user, respondent_key) -> SurveyResponse:
    signed_in = getattr(user, "is_authenticated", False)
    lookup = {"user": user} if signed_in else {"respondent_key": respondent_key}
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(survey=survey, **lookup)
    except IntegrityError:
        # Two first pages at once (a double tap): both continue the one response.
        return SurveyResponse.objects.get(survey=survey, **lookup)


@transaction.atomic
def response_save_page(
    *,
    survey: Survey,
    questions,
    response: SurveyResponse | None,
    page: int,
    data: dict,
    consent: bool | None = None,
    user=None,
    respondent_key: str = "",
) -> SurveyResponse:
    """Keep the answers of one page in the respondent's draft (nothing is counted yet)."""
    _check_open(survey)
    clean = answers_clean(survey=survey, questions=questions, data=data, pages={page})
    if response is None:
        response = _new_response(survey, user=user, respondent_key=respondent_key)
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if response.survey_id != survey.pk:
        raise ValidationError(_("This answer belongs to another survey."))
    changes.record(process=survey.process_id)  # a new draft response, or its answers
    if response.is_submitted:
        return response
    draft = dict(response.draft)
    for question in questions:
        if question.page == page:
            draft.pop(question.field_name, None)
    draft.update(clean)
    response.draft = draft
    response.page = max(response.page, page)
    fields = ["draft", "page", "modified"]
    if consent is not None:
        response.consent_to_publish = consent
        fields.append("consent_to_publish")
    response.save(update_fields=fields)
    return response


def response_submit(*, survey: Survey, questions, response: SurveyResponse) -> bool:
    """Send in ``response``: every answer checked, then written in one transaction, or nothing.

    Returns ``False`` if it had already been sent in (a second tap, or two tabs at once):
    the answers are stored once.
    """
    _check_open(survey)
    clean = answers_clean(survey=survey, questions=questions, data=response.draft)
    by_name = {q.field_name: q for q in questions}
    with transaction.atomic():
        # Only one request can move the draft to "sent in"; a second one finds nothing to move.
        moved = SurveyResponse.objects.filter(pk=response.pk, state=ResponseState.DRAFT).update(
            state=ResponseState.SUBMITTED, submitted_at=timezone.now()
        )
        if not moved:
            return False
        survey = Survey.objects.select_related("process").get(pk=survey.pk)
        _check_open(survey)  # closed in the meantime: the whole answer is rolled back
        response.refresh_from_db()
        rows, texts = [], []
        for name, value in clean.items():
            question = by_name[name]
            base = {"survey": survey, "response": response, "question": question}
            kind = question.kind
            if kind == QuestionKind.SINGLE_CHOICE:
                rows.append(SurveyAnswer(**base, option_id=value))
            elif kind == QuestionKind.MULTIPLE_CHOICE:
                rows += [SurveyAnswer(**base, option_id=v) for v in value]
            elif kind == QuestionKind.RANKING:
                rows += [SurveyAnswer(**base, option_id=int(k), rank=v) for k, v in value.items()]
            elif kind == QuestionKind.SCALE:
                rows.append(SurveyAnswer(**base, number=value))
            elif kind == QuestionKind.DISTRICT:
                rows.append(SurveyAnswer(**base, district_id=value))
                response.district_id = value
            elif kind == QuestionKind.AGE_BAND:
                rows.append(SurveyAnswer(**base, age_band=value))
                response.age_band = value
            elif value.strip():
                texts.append((question, value.strip()))
        for question, text in texts:
            contribution = Contribution(
                process=survey.process,
                kind=ContributionKind.SURVEY_ANSWER,
                stage=survey.process.current_stage,
                title=question.label[:200],
                text=text,
                author=response.user,
                district_id=response.district_id,
                age_band=response.age_band,
                consent_to_publish=response.consent_to_publish,
            )
            contribution.full_clean()
            contribution.save()
            rows.append(
                SurveyAnswer(
                    survey=survey,
                    response=response,
                    question=question,
                    text=text,
                    contribution=contribution,
                )
            )
        SurveyAnswer.objects.bulk_create(rows)
        _tally_add(survey, rows)
        response.draft = {}
        response.save(update_fields=["draft", "district", "age_band", "modified"])
        changes.record(
            process=survey.process,
            contributions=[row.contribution_id for row in rows if row.contribution_id],
        )
    return True
