"""The surveys' sections of the public and the staff process page (registered in ``ready()``)."""

from visionsprocess.registry import Section, process_sections, staff_sections


def _public_context(request, process):
    from .selectors import surveys as selectors
    from .survey_charts import result_charts

    surveys = selectors.public_surveys(process=process)
    if not surveys:
        return None
    can_answer = request.user.has_perm("contributions.answer_survey", process)
    open_now, published = [], []
    for survey in surveys:
        if survey.results_public:
            results = selectors.survey_results(survey=survey, public=True)
            charts = result_charts(results)
            published.append({"survey": survey, "results": results, "charts": charts})
        elif survey.is_open() or survey.is_scheduled():
            open_now.append(survey)
    if not open_now and not published:
        return None
    from visionsprocess.disclosure import HIDDEN_NOTE

    return {
        "open_surveys": open_now,
        "published": published,
        "can_answer": can_answer,
        "hidden_note": HIDDEN_NOTE,
    }


def _public_expires(context):
    """The section changes when a survey listed opens or closes."""
    from django.utils import timezone

    now = timezone.now()
    surveys = context["open_surveys"] + [entry["survey"] for entry in context["published"]]
    moments = [
        moment
        for survey in surveys
        for moment in (survey.opens_at, survey.closes_at)
        if moment is not None and moment > now
    ]
    return min(moments, default=None)


def _staff_context(request, process):
    if not request.user.has_perm("contributions.view_surveys", process):
        return None
    from .selectors import surveys as selectors

    return {
        "surveys": list(selectors.survey_list(process=process)[:5]),
        "can_change": request.user.has_perm("contributions.change_survey", process),
    }


def register():
    process_sections.register(
        Section(
            key="contributions.surveys",
            template="contributions/public/includes/survey_section.html",
            order=35,
            get_context=_public_context,
            public_cache=True,
            expires=_public_expires,
        )
    )
    staff_sections.register(
        Section(
            key="contributions.surveys",
            template="contributions/staff/includes/survey_section.html",
            order=35,
            get_context=_staff_context,
        )
    )
