"""Survey results at scale: 20,000 sent-in answers to a seven-question survey on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench python -m bench bench_surveys

Generates (once; re-runs reuse the data) a Kramfors-like service-plan survey with single and
multiple choice, a scale, a ranking, free text, district and age band, and 20,000 responses
(about 200,000 answer rows), then measures the server time of the officials' results page
(p50/p95 over repeated requests through Django's test Client, with its SQL queries), the public
process page with the published results, and the CSV export. The results are counted by the
database (GROUP BY), so the page costs a fixed number of queries whatever the number of answers.
"""

import os
import random
import time

from bench.bench_contributions import _pct, measure, setup_django

N = int(os.environ.get("BENCH_SURVEY_ANSWERS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
SLUG = "bench-survey"
TITLE = "Webbenkät: Plan för framtidens service (benchmark)"
DISTRICTS = ["Kramfors", "Nyland", "Bjärtrå", "Ytterlännäs", "Docksta", "Ullånger", "Frånö"]
TEXTS = [
    "Behåll servicen på landsbygden.",
    "Gott värdskap i receptionen gör skillnad.",
    "Fler digitala tjänster, men låt oss kunna ringa.",
    "Ungdomar behöver mötesplatser.",
    "Information på fler språk för nysvenskar.",
]


def generate():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from contributions.models import (
        Contribution,
        ContributionKind,
        QuestionKind,
        ResponseState,
        Survey,
        SurveyAnswer,
        SurveyResponse,
        SurveyState,
    )
    from contributions.selectors.surveys import survey_questions
    from contributions.services import surveys as services
    from visionsprocess.models import (
        AgeBand,
        District,
        Municipality,
        ProcessRole,
        Role,
        StageKind,
        VisionProcess,
    )

    call_command("migrate", verbosity=0)
    # The municipality of the other benches (the test client's host is served by the first
    # municipality: a process of another one would answer 404).
    municipality, _ = Municipality.objects.get_or_create(
        code="0682", defaults={"name": "Vaggeryds kommun"}
    )
    districts = [
        District.objects.get_or_create(municipality=municipality, name=n, defaults={"order": i})[0]
        for i, n in enumerate(DISTRICTS)
    ]
    process, _ = VisionProcess.objects.get_or_create(
        slug=SLUG,
        defaults={"municipality": municipality, "title": "Framtidsbygget (benchmark)",
                  "horizon_year": 2035},
    )  # fmt: skip
    if not process.stages.exists():
        from visionsprocess.process_templates import TEMPLATES
        from visionsprocess.services import stages_from_template

        stages_from_template(process, TEMPLATES["vision"])
        process.current_stage = process.stage_by_key(StageKind.ENGAGEMENT)
        process.save(update_fields=["current_stage"])
    user, _ = get_user_model().objects.get_or_create(
        username="bench-survey-official", defaults={"email": "bench-survey@example.org"}
    )
    ProcessRole.objects.get_or_create(process=process, user=user, role=Role.OFFICIAL)
    survey = Survey.objects.filter(process=process, title=TITLE).first()
    if survey is None:
        survey = services.survey_create(process=process, title=TITLE)
        add = services.question_save
        add(
            survey=survey,
            kind=QuestionKind.SINGLE_CHOICE,
            label="Hur har du oftast kontakt med kommunen?",
            required=True,
            options=["Telefon", "E-post", "Besök", "Webben"],
        )
        add(
            survey=survey,
            kind=QuestionKind.SCALE,
            label="Hur nöjd är du med servicen?",
            required=True,
            scale_min=1,
            scale_max=5,
        )
        add(
            survey=survey,
            kind=QuestionKind.MULTIPLE_CHOICE,
            page=2,
            label="Vilka tjänster använder du?",
            options=["Bibliotek", "Buss", "Skola", "Äldreomsorg", "Fritid"],
        )
        add(
            survey=survey,
            kind=QuestionKind.RANKING,
            page=2,
            label="Vad är viktigast?",
            options=["Service nära", "Digitala tjänster", "Värdskap", "Snabba svar"],
        )
        add(survey=survey, kind=QuestionKind.FREE_TEXT, page=2, label="Något mer?")
        add(survey=survey, kind=QuestionKind.DISTRICT, page=3, label="Var bor du?")
        add(survey=survey, kind=QuestionKind.AGE_BAND, page=3, label="Hur gammal är du?")
    questions = {q.kind: q for q in survey_questions(survey=survey)}
    have = SurveyResponse.objects.filter(survey=survey, state=ResponseState.SUBMITTED).count()
    if have < N:
        rng = random.Random(2018 + have)  # noqa: S311 - benchmark data
        options = {k: list(q.options.all()) for k, q in questions.items()}
        bands = AgeBand.values
        started = time.perf_counter()
        now = timezone.now()
        for start in range(have, N, 2000):
            with transaction.atomic():
                responses = SurveyResponse.objects.bulk_create(
                    SurveyResponse(
                        survey=survey,
                        state=ResponseState.SUBMITTED,
                        submitted_at=now,
                        respondent_key=f"bench-{i}",
                        district=rng.choice(districts),
                        age_band=rng.choice(bands),
                        consent_to_publish=rng.random() < 0.7,
                    )
                    for i in range(start, min(start + 2000, N))
                )
                rows, texts = [], []
                for r in responses:
                    base = {"survey": survey, "response": r}
                    q = questions
                    rows.append(SurveyAnswer(**base, question=q["single"],
                                             option=rng.choice(options["single"])))  # fmt: skip
                    rows.append(SurveyAnswer(**base, question=q["scale"], number=rng.randint(1, 5)))
                    for o in rng.sample(options["multiple"], rng.randint(0, 3)):
                        rows.append(SurveyAnswer(**base, question=q["multiple"], option=o))
                    ranked = options["ranking"][:]
                    rng.shuffle(ranked)
                    for place, o in enumerate(ranked, start=1):
                        rows.append(SurveyAnswer(**base, question=q["ranking"], option=o,
                                                 rank=place))  # fmt: skip
                    rows.append(SurveyAnswer(**base, question=q["district"], district=r.district))
                    rows.append(SurveyAnswer(**base, question=q["age_band"], age_band=r.age_band))
                    if rng.random() < 0.3:
                        texts.append((r, rng.choice(TEXTS)))
                contributions = Contribution.objects.bulk_create(
                    Contribution(process=process, kind=ContributionKind.SURVEY_ANSWER,
                                 stage=process.current_stage, title=q["text"].label, text=text,
                                 district=r.district, age_band=r.age_band,
                                 consent_to_publish=r.consent_to_publish)
                    for r, text in texts
                )  # fmt: skip
                for (r, text), c in zip(texts, contributions, strict=True):
                    rows.append(SurveyAnswer(survey=survey, response=r, question=q["text"],
                                             text=text, contribution=c))  # fmt: skip
                SurveyAnswer.objects.bulk_create(rows, batch_size=5000)
            print(f"  generated {min(start + 2000, N)} responses", flush=True)
        print(f"  generation took {time.perf_counter() - started:.1f} s", flush=True)
        Survey.objects.filter(pk=survey.pk).update(state=SurveyState.CLOSED, closed_at=now,
                                                   results_public=True)  # fmt: skip
        # Bulk-loaded answers bypass the service, so their running counts are made here.
        started = time.perf_counter()
        services.tally_rebuild(survey=survey)
        print(f"  counts rebuilt in {time.perf_counter() - started:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE contributions_surveyanswer")
            cursor.execute("VACUUM ANALYZE contributions_surveyresponse")
    from contributions.models import SurveyTally

    if not SurveyTally.objects.filter(survey=survey).exists():
        services.tally_rebuild(survey=survey)
    survey.refresh_from_db()
    return process, survey, user


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("  skipped: set DATABASE_URL to a PostgreSQL database of your own (e.g. vp_bench)")
        return
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from contributions.models import SurveyAnswer

    process, survey, user = generate()
    rows = SurveyAnswer.objects.filter(survey=survey).count()
    client = Client()
    client.force_login(user)
    load = os.getloadavg()
    print(f"  {N} responses, {rows} answer rows; {REPEAT} requests each (server time in-process)")
    print(f"  load average before measuring: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"on {os.cpu_count()} CPUs (shared with other work: read the figures with it)")  # fmt: skip
    results = reverse("contributions:staff_survey_results", args=[process.slug, survey.pk])
    cases = [
        ("officials' results page", results),
        ("public process page (published results)", process.get_absolute_url()),
    ]
    for label, url in cases:
        m = measure(client, url, {}, REPEAT)
        print(
            f"  {label:42s} wall p50 {m['p50']:6.1f} ms p95 {m['p95']:6.1f} ms"
            f" | CPU p95 {m['cpu_p95']:5.1f} ms | SQL {m['sql']:5.1f} ms"
            f" | queries {m['queries']:2d}"
        )
    export = reverse("contributions:staff_survey_export_csv", args=[process.slug, survey.pk])
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in client.get(export).streaming_content)
        timings.append(time.perf_counter() - started)
    print(f"  CSV export of {N} responses: {size / 1e6:.1f} MB, best of 3 {min(timings):.2f} s"
          f" (p95 of 3 {_pct(timings, 0.95):.2f} s)")  # fmt: skip
    print(f"  load average after measuring: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
