"""Reads of web surveys for the screens: the questions, and the results counted by the database.

The results of a survey are read in a fixed number of queries, whatever the number of answers:
the running counts (``SurveyTally``, kept by the database in the transaction that stores each
answer, and recounted with a GROUP BY by ``services.surveys.tally_rebuild``), one aggregate of
the responses, and the latest free texts; Python only arranges a few dozen rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from visionsprocess.disclosure import HIDDEN, protect_counts
from visionsprocess.models import AgeBand, District

from ..models import (
    QuestionKind,
    ResponseState,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveyTally,
)


def survey_list(*, process):
    return (
        Survey.objects.for_process(process)
        .annotate(
            answers=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)),
            question_count=Count("questions", distinct=True),
        )
        .order_by("-created", "-pk")
    )


def survey_questions(*, survey) -> list[SurveyQuestion]:
    return list(
        survey.questions.order_by("page", "order", "pk").prefetch_related(
            Prefetch("options", queryset=SurveyOption.objects.order_by("order", "pk"))
        )
    )


def districts_for(*, survey, questions) -> list[District]:
    """The municipality's districts, if the survey asks for one (else no query)."""
    if not any(q.kind == QuestionKind.DISTRICT for q in questions):
        return []
    return list(District.objects.filter(municipality_id=survey.process.municipality_id))


def public_surveys(*, process) -> list[Survey]:
    """Open surveys and surveys with published results, for the process page."""
    return list(
        Survey.objects.for_process(process)
        .visible()
        .order_by("-created", "-pk")
        .filter(Q(state="published") | Q(results_public=True))
    )


def response_answers(*, response) -> list[tuple[SurveyQuestion, str]]:
    """A sent-in response's answers as text, question by question (for the receipt)."""
    questions = survey_questions(survey=response.survey)
    options = {o.pk: o.label for q in questions for o in q.options.all()}
    districts = dict(
        District.objects.filter(
            municipality_id=response.survey.process.municipality_id
        ).values_list("pk", "name")
    )
    bands = dict(AgeBand.choices)
    by_question: dict[int, list[SurveyAnswer]] = {}
    for answer in response.answers.order_by("rank", "pk"):
        by_question.setdefault(answer.question_id, []).append(answer)
    result = []
    for question in questions:
        answers = by_question.get(question.pk, [])
        result.append((question, _answer_text(question, answers, options, districts, bands)))
    return result


def _answer_text(question, answers, options, districts, bands) -> str:
    if not answers:
        return ""
    kind = question.kind
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        return "; ".join(options.get(a.option_id, "") for a in answers)
    if kind == QuestionKind.RANKING:
        return "; ".join(f"{a.rank}. {options.get(a.option_id, '')}" for a in answers)
    if kind == QuestionKind.SCALE:
        return str(answers[0].number)
    if kind == QuestionKind.DISTRICT:
        return districts.get(answers[0].district_id, "")
    if kind == QuestionKind.AGE_BAND:
        return str(bands.get(answers[0].age_band, ""))
    return answers[0].text


# --- Results ------------------------------------------------------------------------------------


@dataclass
class ResultRow:
    label: str
    count: int
    percent: float = 0.0
    shown: str = ""  # the count as shown when hidden (public results: "hidden")
    note: str = ""


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    rows: list[ResultRow] = field(default_factory=list)
    mean: float | None = None
    texts: list = field(default_factory=list)
    suppressed: bool = False  # some counts hidden (public results)
    shares_hidden: bool = False  # the number who answered, and so every share, hidden

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    drafts: int
    first: object
    last: object
    questions: list[QuestionResult]
    public: bool


def _protect(result: QuestionResult) -> None:
    """The one small-count rule (``visionsprocess.disclosure``) for a question's public results.
    The answers to a single-choice, scale, district or age-band question add up to the number
    who answered it, which the percentages give away; a multiple-choice question's counts are
    independent, so only its small counts are hidden. A hidden count's share is hidden, and the
    average too (with it, two hidden counts could be solved for)."""
    counts = [r.count for r in result.rows]
    additive = result.kind != QuestionKind.MULTIPLE_CHOICE
    rest = result.answered - sum(counts)
    if additive and rest >= 0:
        # ``rest``: answers to options since removed; part of the sum, never shown.
        hidden, total_hidden = protect_counts(
            [*counts, rest], total=result.answered, unshown=[len(counts)]
        )
    else:
        hidden, total_hidden = protect_counts(counts)
    for row, is_hidden in zip(result.rows, hidden, strict=False):
        if is_hidden:
            row.shown, row.percent = str(HIDDEN), 0.0
            result.suppressed = True
    if total_hidden:
        result.shares_hidden = True
        for row in result.rows:
            row.percent = 0.0
    if result.suppressed or result.shares_hidden:
        result.mean = None


def _percent(part, whole) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def survey_results(*, survey: Survey, public: bool = False, texts: int = 0) -> SurveyResults:
    """The counts of every question of ``survey``. ``public`` hides small counts;
    ``texts`` is how many of the latest free-text answers to include per question."""
    questions = survey_questions(survey=survey)
    totals = SurveyResponse.objects.filter(survey=survey).aggregate(
        respondents=Count("pk", filter=Q(state=ResponseState.SUBMITTED)),
        drafts=Count("pk", filter=Q(state=ResponseState.DRAFT)),
        first=Min("submitted_at"),
        last=Max("submitted_at"),
    )
    # The running counts kept with every answer: a few dozen rows, however many answers.
    counted: dict[int, dict[str, tuple[int, int, int]]] = {}
    for question_id, key, count, rank_sum, first in SurveyTally.objects.filter(
        survey=survey
    ).values_list("question_id", "key", "count", "rank_sum", "first_places"):
        counted.setdefault(question_id, {})[key] = (count, rank_sum, first)
    districts = (
        list(District.objects.filter(municipality_id=survey.process.municipality_id))
        if any(q.kind == QuestionKind.DISTRICT for q in questions)
        else []
    )
    latest: dict[int, list] = {}
    text_questions = [q.pk for q in questions if q.kind == QuestionKind.FREE_TEXT]
    if texts and text_questions:
        for answer in (
            SurveyAnswer.objects.filter(survey=survey, question_id__in=text_questions)
            .select_related("contribution")
            .only("question_id", "text", "contribution__id", "contribution__moderation_state")
            .order_by("-pk")[: texts * len(text_questions)]
        ):
            bucket = latest.setdefault(answer.question_id, [])
            if len(bucket) < texts:
                bucket.append(answer)
    results = []
    for question in questions:
        results.append(
            _question_result(
                question,
                counted.get(question.pk, {}),
                districts,
                latest.get(question.pk, []),
                public,
            )
        )
    return SurveyResults(
        survey=survey,
        respondents=totals["respondents"],
        drafts=totals["drafts"],
        first=totals["first"],
        last=totals["last"],
        questions=results,
        public=public,
    )


def _question_result(question, counts, districts, texts, public) -> QuestionResult:
    """``counts`` maps a tally key (``answered``, ``o:<option>``, ...) to (count, rank sum,
    first places)."""
    result = QuestionResult(question=question, texts=texts)
    result.answered = counts.get("answered", (0, 0, 0))[0]
    kind = question.kind

    def count(key) -> int:
        return counts.get(key, (0, 0, 0))[0]

    if kind in QuestionKind.with_options():
        size = len(question.options.all())
        for option in question.options.all():
            ranked, rank_sum, first = counts.get(f"o:{option.pk}", (0, 0, 0))
            if kind == QuestionKind.RANKING:
                # Points: an option ranked first of k gets k points, last gets 1 (a Borda count).
                row = ResultRow(label=option.label, count=ranked * (size + 1) - rank_sum)
                row.note = (
                    _("average place %(place)s") % {"place": number_format(rank_sum / ranked, 1)}
                    if ranked
                    else ""
                )
                row.percent = _percent(first, result.answered)
            else:
                row = ResultRow(option.label, ranked, _percent(ranked, result.answered))
            if option.answers_before:
                added = _("added after %(n)s answers") % {"n": option.answers_before}
                row.note = f"{row.note}; {added}" if row.note else added
            result.rows.append(row)
    elif kind == QuestionKind.SCALE:
        total = 0
        for value in question.scale_values:
            label = str(value)
            if value == question.scale_min and question.scale_min_label:
                label = f"{value} – {question.scale_min_label}"
            elif value == question.scale_max and question.scale_max_label:
                label = f"{value} – {question.scale_max_label}"
            n = count(f"n:{value}")
            total += value * n
            result.rows.append(ResultRow(label, n, _percent(n, result.answered)))
        if result.answered:
            result.mean = round(total / result.answered, 1)
    elif kind == QuestionKind.DISTRICT:
        for district in districts:
            n = count(f"d:{district.pk}")
            result.rows.append(ResultRow(district.name, n, _percent(n, result.answered)))
    elif kind == QuestionKind.AGE_BAND:
        for value, label in AgeBand.choices:
            n = count(f"a:{value}")
            result.rows.append(ResultRow(str(label), n, _percent(n, result.answered)))
    if public and result.rows and kind != QuestionKind.RANKING:
        _protect(result)
    return result


def respondent_comparison(*, survey, results: SurveyResults) -> dict | None:
    """Respondents' districts and age bands beside the population (the representativeness
    figures), from the survey's district and age-band questions."""
    from .staff import population_current

    by_kind = {r.kind: r for r in results.questions}
    if QuestionKind.DISTRICT not in by_kind and QuestionKind.AGE_BAND not in by_kind:
        return None
    year, pop_age, pop_district = population_current(municipality=survey.process.municipality)
    if not year:
        return {"year": None}
    data = {"year": year}
    if QuestionKind.AGE_BAND in by_kind:
        rows = by_kind[QuestionKind.AGE_BAND].rows
        total = sum(pop_age.get(v, 0) for v in AgeBand.values)
        data["age"] = [
            (row.label, row.percent, _percent(pop_age.get(value, 0), total))
            for row, value in zip(rows, AgeBand.values, strict=True)
        ]
    if QuestionKind.DISTRICT in by_kind:
        question = by_kind[QuestionKind.DISTRICT]
        districts = list(District.objects.filter(municipality_id=survey.process.municipality_id))
        total = sum(pop_district.values())
        data["district"] = [
            (row.label, row.percent, _percent(pop_district.get(d.pk, 0), total))
            for row, d in zip(question.rows, districts, strict=True)
        ]
    return data
