"""Officials build a web survey, preview it, open and close it, read and export its results,
and publish the results on the process page. Thin: permission, form, one service, render."""

import csv
import io
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visionsprocess.forms import add_service_errors
from visionsprocess.permissions import permission_required, process_by_slug

from .. import charts, survey_charts, survey_exports
from ..forms_surveys import QuestionForm, SurveyForm, page_data
from ..models import Survey, SurveyQuestion
from ..selectors import surveys as selectors
from ..services import surveys as services
from .surveys_public import _page_context


def survey_lookup(request, slug, pk, **kwargs):
    return get_object_or_404(
        Survey.objects.select_related("process__municipality"), pk=pk, process__slug=slug
    )


def question_lookup(request, slug, pk, question_id, **kwargs):
    return get_object_or_404(
        SurveyQuestion.objects.select_related("survey__process__municipality"),
        pk=question_id,
        survey_id=pk,
        survey__process__slug=slug,
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@permission_required("contributions.view_surveys", process_by_slug)
def survey_list(request, process, slug):
    context = {
        "process": process,
        "surveys": selectors.survey_list(process=process),
        "can_change": request.user.has_perm("contributions.change_survey", process),
    }
    return render(request, "contributions/staff/survey_list.html", context)


@permission_required("contributions.change_survey", process_by_slug)
def survey_create(request, process, slug):
    form = SurveyForm(request.POST or None, submit_label=_("Create survey"))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                survey = services.survey_create(
                    process=process,
                    title=form.cleaned_data["title"],
                    intro=form.cleaned_data["intro"],
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                    by=request.user,
                )
                messages.success(request, _("The survey was created. Add its questions."))
                return redirect("contributions:staff_survey", slug=slug, pk=survey.pk)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    context = {"process": process, "form": form, "survey": None}
    return render(request, "contributions/staff/survey_form.html", context, status=status)


def _builder_context(request, survey, question_form=None):
    questions = selectors.survey_questions(survey=survey)
    pages = {}
    for question in questions:
        pages.setdefault(question.page, []).append(question)
    answered = services.submitted_count(survey)
    return {
        "process": survey.process,
        "survey": survey,
        "pages": sorted(pages.items()),
        "question_count": len(questions),
        "answered": answered,
        "question_form": question_form
        or QuestionForm(
            initial={"page": max(pages) if pages else 1, "scale_min": 1, "scale_max": 5}
        ),
        "can_change": request.user.has_perm("contributions.change_survey", survey),
        "now": timezone.now(),
    }


@permission_required("contributions.change_survey", survey_lookup)
def survey_detail(request, survey, slug, pk):
    return render(
        request, "contributions/staff/survey_builder.html", _builder_context(request, survey)
    )


@permission_required("contributions.change_survey", survey_lookup)
def survey_edit(request, survey, slug, pk):
    form = SurveyForm(request.POST or None, instance=survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_update(
                    survey=survey,
                    title=form.cleaned_data["title"],
                    intro=form.cleaned_data["intro"],
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                )
                messages.success(request, _("The survey was saved."))
                return redirect("contributions:staff_survey", slug=slug, pk=pk)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    context = {"process": survey.process, "form": form, "survey": survey}
    return render(request, "contributions/staff/survey_form.html", context, status=status)


@permission_required("contributions.change_survey", survey_lookup)
def question_add(request, survey, slug, pk):
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(survey=survey, **form.service_kwargs())
            messages.success(request, _("The question was added."))
            return redirect(reverse("contributions:staff_survey", args=[slug, pk]) + "#questions")
        except ValidationError as error:
            add_service_errors(form, error)
    if request.method != "POST":
        return redirect(reverse("contributions:staff_survey", args=[slug, pk]) + "#add-question")
    context = _builder_context(request, survey, question_form=form)
    return render(request, "contributions/staff/survey_builder.html", context, status=400)


@permission_required("contributions.change_survey", question_lookup)
def question_edit(request, question, slug, pk, question_id):
    survey = question.survey
    form = QuestionForm(request.POST or None, question=question)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.question_save(survey=survey, question=question, **form.service_kwargs())
                messages.success(request, _("The question was saved."))
                return redirect(
                    reverse("contributions:staff_survey", args=[slug, pk]) + f"#q-{question.pk}"
                )
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    context = {
        "process": survey.process,
        "survey": survey,
        "question": question,
        "form": form,
        "has_answers": question.answers.exists(),
    }
    return render(request, "contributions/staff/question_form.html", context, status=status)


@require_POST
@permission_required("contributions.change_survey", question_lookup)
def question_delete(request, question, slug, pk, question_id):
    try:
        services.question_delete(question=question)
        messages.success(request, _("The question was removed."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(reverse("contributions:staff_survey", args=[slug, pk]) + "#questions")


#: The Swedish path of each state change.
STATE_ACTIONS = {"oppna": "open", "stang": "close", "publicera": "publish", "ta-bort": "delete"}


@require_POST
@permission_required("contributions.change_survey", survey_lookup)
def survey_state(request, survey, slug, pk, action):
    action = STATE_ACTIONS[action]
    try:
        if action == "open":
            survey = services.survey_open(survey=survey, at_once=request.POST.get("now") == "1")
            if survey.is_open():
                messages.success(request, _("The survey is open for answers."))
            else:
                messages.success(
                    request,
                    _("The survey is published and opens %(when)s.")
                    % {"when": timezone.localtime(survey.opens_at).strftime("%Y-%m-%d %H:%M")},
                )
        elif action == "close":
            services.survey_close(survey=survey)
            messages.success(request, _("The survey is closed. No more answers are taken."))
        elif action == "publish":
            public = request.POST.get("public") == "1"
            services.survey_results_publish(survey=survey, public=public)
            messages.success(
                request,
                _("The results are shown on the process page.")
                if public
                else _("The results are no longer shown on the process page."),
            )
        elif action == "delete":
            services.survey_delete(survey=survey)
            messages.success(request, _("The survey was deleted."))
            return redirect("contributions:staff_surveys", slug=slug)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("contributions:staff_survey", slug=slug, pk=pk)


@permission_required("contributions.view_surveys", survey_lookup)
def survey_preview(request, survey, slug, pk, page):
    """The survey as a respondent sees it; answers are checked but never stored."""
    questions = selectors.survey_questions(survey=survey)
    pages = services.page_numbers(questions)
    if page not in pages:
        if not pages and page == 1:
            messages.info(request, _("Add a question to preview the survey."))
            return redirect("contributions:staff_survey", slug=slug, pk=pk)
        raise Http404
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values = page_data(questions, page, request.POST)
        try:
            services.answers_clean(survey=survey, questions=questions, data=values, pages={page})
        except ValidationError as error:
            errors, status = error.message_dict, 400
        else:
            index = pages.index(page)
            if index + 1 < len(pages):
                return redirect("contributions:staff_survey_preview", slug, pk, pages[index + 1])
            messages.success(
                request,
                _("Preview: the answers were right. In the real survey they are sent in now."),
            )
            return redirect("contributions:staff_survey_preview", slug, pk, pages[0])
    context = _page_context(survey, questions, page, values, errors, preview=True)
    return render(request, "contributions/public/survey_page.html", context, status=status)


@permission_required("contributions.view_surveys", survey_lookup)
def survey_results(request, survey, slug, pk):
    results = selectors.survey_results(survey=survey, texts=5)
    comparison = selectors.respondent_comparison(survey=survey, results=results)
    comparison_charts = []
    if comparison and comparison.get("year"):
        series = (_("Respondents"), _("Population"))
        for key, title in (
            ("age", _("Age bands: respondents compared with the population")),
            ("district", _("Districts: respondents compared with the population")),
        ):
            if key in comparison:
                comparison_charts.append(
                    charts.render_chart(
                        charts.bar_chart(
                            title,
                            _(
                                "Share in per cent of respondents who answered, and of the population."
                            ),
                            comparison[key],
                            unit=" %",
                            series=series,
                        )
                    )
                )
    context = {
        "process": survey.process,
        "survey": survey,
        "results": results,
        "charts": survey_charts.result_charts(results),
        "comparison": comparison,
        "comparison_charts": comparison_charts,
        "can_change": request.user.has_perm("contributions.change_survey", survey),
        "inbox_url": reverse("contributions:staff_inbox", args=[slug]) + "?kind=survey_answer",
    }
    return render(request, "contributions/staff/survey_results.html", context)


def _export_name(survey, ext):
    return f"enkat-{survey.pk}-{timezone.localdate():%Y%m%d}.{ext}"


@permission_required("contributions.view_surveys", survey_lookup)
def survey_export_csv(request, survey, slug, pk):
    questions = selectors.survey_questions(survey=survey)

    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")
        writer.writerow(survey_exports.header(survey, questions))
        for rows in survey_exports.row_chunks(survey, questions):
            writer.writerows(rows)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(survey, "csv")}"'
    return response


@permission_required("contributions.view_surveys", survey_lookup)
def survey_export_xlsx(request, survey, slug, pk):
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    survey_exports.write_xlsx(survey, handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_export_name(survey, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
