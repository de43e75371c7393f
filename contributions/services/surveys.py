"""Writes of web surveys: building one, opening and closing it, and answering it.

What may change after the first answer (``question_save``): the wording of a question, an option
or a scale's end labels may be corrected (a typo, a clearer word) but not replaced; help texts,
pages and order may change; an option may be added at the end of a single or multiple choice
question; an optional question may be added; a required question may become optional. Everything
else (removing a question or an option, changing a question's kind or scale, making a question
required, adding an option to a ranking) would make the answers already in mean something else,
and is refused with the reason.
"""

import hashlib
import hmac
from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess.disclosure import THRESHOLD
from visionsprocess.models import AgeBand, District, VisionProcess

from ..models import (
    Contribution,
    ContributionKind,
    QuestionKind,
    ResponseState,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
    SurveyTally,
)

MAX_OPTIONS = 30
MAX_RANKING_OPTIONS = 10
MAX_TEXT_ANSWER = 5000
MAX_QUESTIONS = 100
#: How alike a corrected wording must be to the old one (difflib's ratio) once answers are in.
CORRECTION_SIMILARITY = 0.6
#: Results are only published from this many respondents up (the small-count rule's threshold).
SMALL_COUNT = THRESHOLD


# --- Building ---------------------------------------------------------------------------------


def submitted_count(survey: Survey) -> int:
    return SurveyResponse.objects.filter(survey=survey, state=ResponseState.SUBMITTED).count()


def _check_dates(opens_at, closes_at):
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})


@transaction.atomic
def survey_create(
    *, process: VisionProcess, title: str, intro: str = "", opens_at=None, closes_at=None, by=None
) -> Survey:
    _check_dates(opens_at, closes_at)
    survey = Survey(
        process=process,
        title=title.strip(),
        intro=intro.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, title: str, intro: str, opens_at, closes_at) -> Survey:
    """Title, introduction and dates; none of them changes what the answers mean."""
    _check_dates(opens_at, closes_at)
    survey.title, survey.intro = title.strip(), intro.strip()
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(
            _(
                "Someone has already started answering this survey, so it is kept: answers are "
                "public records. Close it instead."
            )
        )
    survey.delete()


@transaction.atomic
def survey_open(*, survey: Survey, at_once: bool = False) -> Survey:
    """Publish the survey: it opens at ``opens_at`` (or now). ``at_once`` opens it now."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before the survey is opened."))
    now = timezone.now()
    if survey.closes_at and survey.closes_at <= now:
        raise ValidationError(
            {"closes_at": _("The closing time has passed. Set a later one, or leave it empty.")}
        )
    if at_once and survey.opens_at and survey.opens_at > now:
        survey.opens_at = now
    survey.state = SurveyState.PUBLISHED
    survey.closed_at = None
    survey.results_public = False
    survey.save(update_fields=["state", "opens_at", "closed_at", "results_public", "modified"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == SurveyState.DRAFT:
        raise ValidationError(_("The survey has not been opened."))
    if survey.state != SurveyState.CLOSED:
        survey.state = SurveyState.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["state", "closed_at", "modified"])
    return survey


@transaction.atomic
def survey_results_publish(*, survey: Survey, public: bool) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if public:
        if not survey.is_closed():
            raise ValidationError(_("The results can be published once the survey has closed."))
        if submitted_count(survey) < SMALL_COUNT:
            raise ValidationError(
                _(
                    "Fewer than %(n)s people have answered: the results cannot be published "
                    "without pointing out individual answers."
                )
                % {"n": SMALL_COUNT}
            )
    survey.results_public = public
    survey.save(update_fields=["results_public", "modified"])
    return survey


def _similar(old: str, new: str) -> bool:
    old, new = old.strip().casefold(), new.strip().casefold()
    return old == new or SequenceMatcher(None, old, new).ratio() >= CORRECTION_SIMILARITY


def _clean_options(kind: str, options: list[str]) -> list[str]:
    if kind not in QuestionKind.with_options():
        return []
    options = [o.strip() for o in options if o.strip()]
    if len(options) < 2:
        raise ValidationError({"options": _("Give at least two options, one per line.")})
    limit = MAX_RANKING_OPTIONS if kind == QuestionKind.RANKING else MAX_OPTIONS
    if len(options) > limit:
        raise ValidationError({"options": _("At most %(n)s options.") % {"n": limit}})
    too_long = [o for o in options if len(o) > 200]
    if too_long:
        raise ValidationError({"options": _("An option can be at most 200 characters long.")})
    seen = set()
    for option in options:
        if option.casefold() in seen:
            raise ValidationError(
                {"options": _("The option “%(option)s” is given twice.") % {"option": option}}
            )
        seen.add(option.casefold())
    return options


def _check_scale(kind, scale_min, scale_max):
    if kind != QuestionKind.SCALE:
        return None, None
    scale_min = 1 if scale_min is None else scale_min
    scale_max = 5 if scale_max is None else scale_max
    if scale_min not in (0, 1) or not 2 <= scale_max <= 10 or scale_max <= scale_min:
        raise ValidationError(
            {"scale_max": _("A scale goes from 0 or 1 up to at most 10, for example 1–5.")}
        )
    return scale_min, scale_max


def _check_single_kind(survey, kind, question):
    if kind not in (QuestionKind.DISTRICT, QuestionKind.AGE_BAND):
        return
    others = survey.questions.filter(kind=kind)
    if question is not None:
        others = others.exclude(pk=question.pk)
    if others.exists():
        raise ValidationError(
            {"kind": _("The survey already has a question of this kind; one is enough.")}
        )
    if (
        kind == QuestionKind.DISTRICT
        and not District.objects.filter(municipality_id=survey.process.municipality_id).exists()
    ):
        raise ValidationError(
            {"kind": _("The municipality has no districts yet; an administrator adds them.")}
        )


def _refuse_breaking_change(question, *, kind, label, required, scale, options, end_labels):
    """Raise if a change to an answered question would change what its answers mean."""
    errors = {}
    if kind != question.kind:
        errors["kind"] = _(
            "The question has answers, so its kind cannot change. Add a new question instead."
        )
    elif not _similar(question.label, label):
        errors["label"] = _(
            "The question has answers: its wording can be corrected, not replaced. Add a new "
            "question for a new question."
        )
    if required and not question.required:
        errors["required"] = _(
            "The question has answers: it cannot become required, since earlier respondents "
            "may have left it out."
        )
    if kind == question.kind == QuestionKind.SCALE and scale != (
        question.scale_min,
        question.scale_max,
    ):
        errors["scale_max"] = _(
            "The question has answers: its scale cannot change, or the earlier values would "
            "mean something else."
        )
    if kind == question.kind == QuestionKind.SCALE:
        for field, old, new in zip(
            ("scale_min_label", "scale_max_label"),
            (question.scale_min_label, question.scale_max_label),
            end_labels,
            strict=True,
        ):
            if old and not _similar(old, new):
                errors[field] = _("The question has answers: this label can only be corrected.")
    if kind == question.kind and question.has_options:
        existing = list(question.options.all())
        if len(options) < len(existing):
            errors["options"] = _(
                "The question has answers: options cannot be removed. Close the survey and "
                "start a new one if the options must change."
            )
        elif question.kind == QuestionKind.RANKING and len(options) > len(existing):
            errors["options"] = _(
                "The question has answers: a ranking cannot get new options, since earlier "
                "respondents ranked the others without it."
            )
        else:
            for option, new_label in zip(existing, options, strict=False):
                if not _similar(option.label, new_label):
                    errors["options"] = _(
                        "The question has answers: the option “%(old)s” can be corrected but "
                        "not replaced by “%(new)s”, and options cannot change places. New "
                        "options go last."
                    ) % {"old": option.label, "new": new_label}
                    break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_save(
    *,
    survey: Survey,
    question: SurveyQuestion | None = None,
    kind: str,
    label: str,
    help_text: str = "",
    required: bool = False,
    page: int = 1,
    order: int | None = None,
    options: list[str] | None = None,
    scale_min: int | None = None,
    scale_max: int | None = None,
    scale_min_label: str = "",
    scale_max_label: str = "",
) -> SurveyQuestion:
    """Add a question to ``survey`` or change ``question``, within what its answers allow."""
    # Lock the survey, so that the first answer cannot slip in between the check and the write.
    survey = Survey.objects.select_for_update().select_related("process").get(pk=survey.pk)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Write the question.")})
    options = _clean_options(kind, options or [])
    scale_min, scale_max = _check_scale(kind, scale_min, scale_max)
    if kind != QuestionKind.SCALE:
        scale_min_label = scale_max_label = ""
    _check_single_kind(survey, kind, question)
    answered = submitted_count(survey)
    if question is None:
        if survey.questions.count() >= MAX_QUESTIONS:
            raise ValidationError(_("A survey can have at most %(n)s questions.") % {"n": 100})
        if answered and required:
            raise ValidationError(
                {
                    "required": _(
                        "People have already answered: a new question can only be optional, "
                        "since they never saw it."
                    )
                }
            )
        last = survey.questions.filter(page=page).aggregate(m=Max("order"))["m"]
        question = SurveyQuestion(
            survey=survey,
            answers_before=answered,
            order=order if order is not None else (last + 1 if last is not None else 0),
        )
    else:
        if question.survey_id != survey.pk:
            raise ValidationError(_("The question belongs to another survey."))
        if answered and question.answers.exists():
            _refuse_breaking_change(
                question,
                kind=kind,
                label=label,
                required=required,
                scale=(scale_min, scale_max),
                options=options,
                end_labels=(scale_min_label.strip(), scale_max_label.strip()),
            )
        elif answered and required and not question.required:
            # Answered survey, question nobody has answered yet (added later, optional).
            raise ValidationError(
                {
                    "required": _(
                        "People have already answered: the question must stay optional, "
                        "since earlier respondents never saw it."
                    )
                }
            )
        if order is not None:
            question.order = order
    question.kind, question.label, question.help_text = kind, label, help_text.strip()
    question.required, question.page = required, page
    question.scale_min, question.scale_max = scale_min, scale_max
    question.scale_min_label = scale_min_label.strip()
    question.scale_max_label = scale_max_label.strip()
    question.full_clean()
    question.save()
    _save_options(question, options, answered)
    return question


def _save_options(question: SurveyQuestion, labels: list[str], answered: int) -> None:
    existing = list(question.options.all())
    for index, label in enumerate(labels):
        if index < len(existing):
            option = existing[index]
            if option.label != label or option.order != index:
                option.label, option.order = label, index
                option.save(update_fields=["label", "order"])
        else:
            SurveyOption.objects.create(
                question=question, label=label, order=index, answers_before=answered
            )
    # Only reached without answers to these options (checked above): remove the rest.
    extra = [o.pk for o in existing[len(labels) :]]
    if extra:
        SurveyOption.objects.filter(pk__in=extra).delete()


@transaction.atomic
def question_delete(*, question: SurveyQuestion) -> None:
    Survey.objects.select_for_update().filter(pk=question.survey_id).first()
    if question.answers.exists():
        raise ValidationError(
            _(
                "The question has answers and cannot be removed. Make it optional, or close "
                "the survey, instead."
            )
        )
    question.delete()


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
    return True


# --- Running counts ----------------------------------------------------------------------------


def tally_key(answer: SurveyAnswer) -> str | None:
    if answer.option_id is not None:
        return f"o:{answer.option_id}"
    if answer.number is not None:
        return f"n:{answer.number}"
    if answer.district_id is not None:
        return f"d:{answer.district_id}"
    if answer.age_band:
        return f"a:{answer.age_band}"
    return None  # a free text: only "answered" counts


def _tally_add(survey: Survey, answers: list[SurveyAnswer]) -> None:
    """Add one response's answers to the running counts, in the caller's transaction. One
    statement; rows in a fixed order, so that simultaneous answers never deadlock."""
    increments: dict[tuple[int, str], list[int]] = {}
    answered = set()
    for answer in answers:
        answered.add(answer.question_id)
        key = tally_key(answer)
        if key is None:
            continue
        row = increments.setdefault((answer.question_id, key), [0, 0, 0])
        row[0] += 1
        row[1] += answer.rank or 0
        row[2] += 1 if answer.rank == 1 else 0
    for question_id in answered:
        increments[(question_id, "answered")] = [1, 0, 0]
    if not increments:
        return
    quote = connection.ops.quote_name
    table = quote(SurveyTally._meta.db_table)
    columns = ("survey_id", "question_id", "key", "count", "rank_sum", "first_places")
    values, params = [], []
    for (question_id, key), (count, rank_sum, first) in sorted(increments.items()):
        values.append("(%s, %s, %s, %s, %s, %s)")
        params += [survey.pk, question_id, key, count, rank_sum, first]
    added = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in columns[3:])
    # Only quoted names of our own table and columns go into the text; values are parameters.
    names = ", ".join(quote(c) for c in columns)
    conflict = f"{quote('question_id')}, {quote('key')}"
    sql = f"INSERT INTO {table} ({names}) VALUES {', '.join(values)} "  # noqa: S608
    sql += f"ON CONFLICT ({conflict}) DO UPDATE SET {added}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def tally_rebuild(*, survey: Survey) -> int:
    """Count a survey's running counts afresh from its answers (GROUP BY in the database).
    For repairs and bulk-loaded data; answering keeps them right by itself."""
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    SurveyTally.objects.filter(survey=survey).delete()
    answers = SurveyAnswer.objects.filter(survey=survey).order_by()
    rows = []
    for question_id, option_id, number, district_id, band, count, rank_sum, first in (
        answers.values_list("question_id", "option_id", "number", "district_id", "age_band")
        .annotate(n=Count("*"), ranks=Sum("rank"), first=Count("rank", filter=Q(rank=1)))
        .values_list(
            "question_id", "option_id", "number", "district_id", "age_band", "n", "ranks", "first"
        )
    ):
        key = tally_key(
            SurveyAnswer(option_id=option_id, number=number, district_id=district_id, age_band=band)
        )
        if key is not None:
            rows.append(
                SurveyTally(
                    survey=survey,
                    question_id=question_id,
                    key=key,
                    count=count,
                    rank_sum=rank_sum or 0,
                    first_places=first,
                )
            )
    for question_id, count in answers.values_list("question_id").annotate(
        n=Count("response_id", distinct=True)
    ):
        rows.append(
            SurveyTally(survey=survey, question_id=question_id, key="answered", count=count)
        )
    SurveyTally.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
