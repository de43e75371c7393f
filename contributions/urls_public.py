"""Citizens' URLs of contributions (Swedish, readable paths)."""

from django.urls import path

from .views import (
    discussion,
    eproposals,
    municipal_eproposals,
    paragraph_discussion,
    synthesis,
    theme_map,
)
from .views import public as views

PARAGRAPH = "process/<slug:slug>/remiss/<int:consultation_pk>/stycke/<int:pk>/"

urlpatterns = [
    path("process/<slug:slug>/bidrag/", views.wall, name="wall"),
    path("process/<slug:slug>/temakarta/", theme_map.public_map, name="theme_map"),
    path("process/<slug:slug>/sammanstallning/", synthesis.public_page, name="synthesis"),
    path("process/<slug:slug>/bidrag/nytt/", views.submit_start, name="submit_start"),
    path("process/<slug:slug>/bidrag/nytt/<str:kind_slug>/", views.submit, name="submit"),
    path("process/<slug:slug>/bidrag/tack/", views.receipt, name="receipt"),
    path("process/<slug:slug>/bidrag/<int:pk>/anmal/", views.report, name="report"),
    path("process/<slug:slug>/bidrag/<int:pk>/", discussion.detail, name="detail"),
    path("process/<slug:slug>/bidrag/<int:pk>/kommentera/", discussion.comment, name="comment"),
    path("process/<slug:slug>/bidrag/<int:pk>/hall-med/", discussion.support, name="support"),
    path("process/<slug:slug>/bidrag/<int:pk>/delta/", discussion.participant, name="participant"),
    path(
        "process/<slug:slug>/bidrag/<int:pk>/kommentar/<int:comment_pk>/anmal/",
        discussion.comment_report,
        name="comment_report",
    ),
    path(
        "bidrag/delta/bekrafta/<str:token>/",
        discussion.participant_confirm,
        name="participant_confirm",
    ),
    # The discussion of each paragraph of a draft on consultation.
    path(f"{PARAGRAPH}", paragraph_discussion.detail, name="paragraph"),
    path(f"{PARAGRAPH}kommentera/", paragraph_discussion.comment, name="paragraph_comment"),
    path(f"{PARAGRAPH}hall-med/", paragraph_discussion.support, name="paragraph_support"),
    path(f"{PARAGRAPH}delta/", paragraph_discussion.participant, name="paragraph_participant"),
    path(
        f"{PARAGRAPH}kommentar/<int:comment_pk>/anmal/",
        paragraph_discussion.comment_report,
        name="paragraph_comment_report",
    ),
    path("bidrag/folj/<str:token>/", views.track, name="track"),
    path("bidrag/folj/<str:token>/spara/", views.claim, name="claim"),
    path("bidrag/fil/<int:pk>/", views.attachment_file, name="attachment_file"),
    path(
        "bidrag/folj/<str:token>/fil/<int:pk>/",
        views.tracked_attachment_file,
        name="tracked_attachment_file",
    ),
    path("process/<slug:slug>/e-forslag/", eproposals.eproposal_list, name="eproposals"),
    path("process/<slug:slug>/e-forslag/nytt/", eproposals.eproposal_new, name="eproposal_new"),
    path(
        "process/<slug:slug>/e-forslag/nytt/delta/",
        eproposals.eproposal_new_participant,
        name="eproposal_new_participant",
    ),
    path("process/<slug:slug>/e-forslag/<int:pk>/", eproposals.eproposal_detail, name="eproposal"),
    path(
        "process/<slug:slug>/e-forslag/<int:pk>/stod/",
        eproposals.eproposal_support,
        name="eproposal_support",
    ),
    path(
        "process/<slug:slug>/e-forslag/<int:pk>/delta/",
        eproposals.eproposal_participant,
        name="eproposal_participant",
    ),
    path("e-forslag/folj/<str:token>/", eproposals.eproposal_track, name="eproposal_track"),
    # The municipality's own e-förslag (its standing process's pages at short addresses).
    path("e-forslag/", municipal_eproposals.eproposal_list, name="municipal_eproposals"),
    path("e-forslag/nytt/", municipal_eproposals.eproposal_new, name="municipal_eproposal_new"),
    path("e-forslag/<int:pk>/", municipal_eproposals.eproposal_detail, name="municipal_eproposal"),
    path(
        "e-forslag/<int:pk>/stod/",
        municipal_eproposals.eproposal_support,
        name="municipal_eproposal_support",
    ),
]
