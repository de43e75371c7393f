from django.urls import path

from . import views

app_name = "drafting"

STAFF = "staff/processer/<slug:slug>/utkast/"

urlpatterns = [
    path(STAFF, views.rounds, name="rounds"),
    path(f"{STAFF}omgang/ny/", views.round_create, name="round_create"),
    path(f"{STAFF}version/<int:number>/", views.version_detail, name="version"),
    path(f"{STAFF}version/<int:number>/ny-version/", views.version_new, name="version_new"),
    path(f"{STAFF}version/<int:number>/andringsnotering/", views.version_note, name="version_note"),
    path(f"{STAFF}version/<int:number>/nytt-stycke/", views.paragraph_add, name="paragraph_add"),
    path(
        f"{STAFF}version/<int:number>/remiss/",
        views.consultation_create,
        name="consultation_create",
    ),
    path(f"{STAFF}stycke/<int:pk>/redigera/", views.paragraph_edit, name="paragraph_edit"),
    path(f"{STAFF}stycke/<int:pk>/dela/", views.paragraph_split, name="paragraph_split"),
    path(f"{STAFF}stycke/<int:pk>/flytta/", views.paragraph_move, name="paragraph_move"),
    path(f"{STAFF}stycke/<int:pk>/ta-bort/", views.paragraph_delete, name="paragraph_delete"),
    path(f"{STAFF}stycke/<int:pk>/kommentera/", views.comment_add, name="comment_add"),
    path(f"{STAFF}kommentar/<int:pk>/los/", views.comment_resolve, name="comment_resolve"),
    path(f"{STAFF}jamfor/", views.compare, name="compare"),
    path(f"{STAFF}remiss/<int:pk>/svar/", views.consultation_answers, name="consultation_answers"),
    path(f"{STAFF}remissvar/<int:pk>/markera/", views.answer_mark, name="answer_mark"),
    path(f"{STAFF}remissvar/<int:pk>/bilaga/", views.answer_attachment, name="answer_attachment"),
    path(
        f"{STAFF}beslut/<int:pk>/protokollsutdrag/", views.decision_minutes, name="decision_minutes"
    ),
    path(f"{STAFF}beslut/", views.adoption, name="adoption"),
    path(f"{STAFF}beslut/beslutsgang/", views.adoption_path, name="adoption_path"),
    path(f"{STAFF}beslut/nytt/", views.decision_record, name="decision_record"),
    path(f"{STAFF}logg/", views.audit_log, name="audit_log"),
    path("process/<slug:slug>/remiss/<int:pk>/", views.consultation_public, name="consultation"),
    path(f"{STAFF}remiss/<int:pk>/sammanstallning/", views.summary_edit, name="summary_edit"),
    path(
        f"{STAFF}remiss/<int:pk>/sammanstallning/publicera/",
        views.summary_publish,
        name="summary_publish",
    ),
    path("remissvar/<str:token>/", views.answer_track, name="answer_track"),
    path("remissvar/bekrafta/<str:value>/", views.answer_confirm, name="answer_confirm"),
]
