"""Running counts of a survey's answers (the tally), kept as responses are submitted."""

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from visionsprocess import changes

from ...models import (
    Survey,
    SurveyAnswer,
    SurveyTally,
)

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
    changes.record(process=survey.process_id)
    return len(rows)
