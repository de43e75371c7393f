"""URLs of web surveys: answering (public) and building and reading the results (staff)."""

from django.urls import path, re_path

from .views import surveys_public as public
from .views import surveys_staff as staff

P = "staff/processer/<slug:slug>/enkater/"
S = P + "<int:pk>/"

urlpatterns = [
    path("process/<slug:slug>/enkat/<int:pk>/", public.survey_start, name="survey_start"),
    path(
        "process/<slug:slug>/enkat/<int:pk>/sida/<int:page>/",
        public.survey_page,
        name="survey_page",
    ),
    path("process/<slug:slug>/enkat/<int:pk>/sparad/", public.survey_saved, name="survey_saved"),
    path("enkat/svar/<str:token>/", public.survey_response, name="survey_response"),
    path(P, staff.survey_list, name="staff_surveys"),
    path(P + "ny/", staff.survey_create, name="staff_survey_create"),
    path(S, staff.survey_detail, name="staff_survey"),
    path(S + "installningar/", staff.survey_edit, name="staff_survey_edit"),
    path(S + "fragor/ny/", staff.question_add, name="staff_survey_question_add"),
    path(S + "fragor/<int:question_id>/", staff.question_edit, name="staff_survey_question_edit"),
    path(
        S + "fragor/<int:question_id>/ta-bort/",
        staff.question_delete,
        name="staff_survey_question_delete",
    ),
    re_path(
        r"^staff/processer/(?P<slug>[-a-zA-Z0-9_]+)/enkater/(?P<pk>[0-9]+)/"
        r"(?P<action>oppna|stang|publicera|ta-bort)/$",
        staff.survey_state,
        name="staff_survey_state",
    ),
    path(S + "forhandsvisning/<int:page>/", staff.survey_preview, name="staff_survey_preview"),
    path(S + "resultat/", staff.survey_results, name="staff_survey_results"),
    path(S + "resultat.csv", staff.survey_export_csv, name="staff_survey_export_csv"),
    path(S + "resultat.xlsx", staff.survey_export_xlsx, name="staff_survey_export_xlsx"),
]
