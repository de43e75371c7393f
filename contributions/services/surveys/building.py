"""Building a survey: create, update, open, close, publish results; questions and options."""

from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.models import District, VisionProcess

from ...models import (
    QuestionKind,
    ResponseState,
    Survey,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
)
from .limits import (
    CORRECTION_SIMILARITY,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_RANKING_OPTIONS,
    SMALL_COUNT,
)

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
    changes.record(process=process)
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, title: str, intro: str, opens_at, closes_at) -> Survey:
    """Title, introduction and dates; none of them changes what the answers mean."""
    _check_dates(opens_at, closes_at)
    survey.title, survey.intro = title.strip(), intro.strip()
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.full_clean()
    survey.save()
    changes.record(process=survey.process_id)
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
    changes.record(process=survey.process_id)


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
    changes.record(process=survey.process_id)
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
    changes.record(process=survey.process_id)
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
    changes.record(process=survey.process_id)
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
    changes.record(process=survey.process_id)
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
    changes.record(process=question.survey.process_id)
