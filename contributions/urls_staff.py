"""Officials' pages of contributions, under the staff area of a process."""

from django.urls import path

from .views import (
    municipal_eproposals,
    staff_bulk,
    staff_discussion,
    staff_eproposals,
    staff_input,
    staff_similar,
    synthesis,
    theme_map,
)
from .views import staff as views

P = "staff/processer/<slug:slug>/"

urlpatterns = [
    path("staff/e-forslag/", municipal_eproposals.staff_page, name="staff_municipal_eproposals"),
    path(
        "staff/e-forslag/oppna/",
        municipal_eproposals.staff_open,
        name="staff_municipal_eproposals_open",
    ),
    path(P + "e-forslag/", staff_eproposals.page, name="staff_eproposals"),
    path(P + "e-forslag/regler/", staff_eproposals.rules, name="staff_eproposal_rules"),
    path(P + "e-forslag/<int:pk>/granska/", staff_eproposals.review, name="staff_eproposal_review"),
    path(P + "e-forslag/<int:pk>/svar/", staff_eproposals.answer, name="staff_eproposal_answer"),
    path(P + "bidrag/", views.inbox, name="staff_inbox"),
    path(P + "moderering/", staff_discussion.queue, name="staff_moderation"),
    path(P + "bidrag/tagga/", staff_bulk.bulk_action, name="staff_bulk_tag"),
    path(P + "bidrag/massatgard/", staff_bulk.bulk_action, name="staff_bulk"),
    path(P + "bidrag/registrera/", staff_input.record, name="staff_record"),
    path(P + "bidrag/importera/", staff_input.import_batch, name="staff_import"),
    path(P + "bidrag/forslag/", views.suggestions_page, name="staff_suggestions"),
    path(P + "bidrag/liknande/", staff_similar.near_duplicates_page, name="staff_near_duplicates"),
    path(P + "teman/hittade/", staff_similar.found_themes_page, name="staff_found_themes"),
    path(P + "teman/karta/", theme_map.staff_map, name="staff_theme_map"),
    path(P + "teman/karta/publicera/", theme_map.staff_map_publish, name="staff_theme_map_publish"),
    path(P + "teman/sammanstallning/", synthesis.staff_page, name="staff_synthesis"),
    path(P + "teman/sammanstallning/utkast/", synthesis.staff_draft, name="staff_synthesis_draft"),
    path(
        P + "teman/sammanstallning/nytt-utkast/",
        synthesis.staff_new_draft,
        name="staff_synthesis_new_draft",
    ),
    path(
        P + "teman/sammanstallning/publicera/",
        synthesis.staff_publish,
        name="staff_synthesis_publish",
    ),
    path(
        P + "teman/sammanstallning/punkt/<int:pk>/",
        synthesis.staff_point,
        name="staff_synthesis_point",
    ),
    path(
        P + "teman/sammanstallning/tema/<int:section>/inledning/",
        synthesis.staff_introduction,
        name="staff_synthesis_introduction",
    ),
    path(
        P + "teman/sammanstallning/tema/<int:section>/lagg-till/",
        synthesis.staff_add,
        name="staff_synthesis_add",
    ),
    path(
        P + "teman/hittade/sok/",
        staff_similar.found_themes_search,
        name="staff_found_themes_search",
    ),
    path(
        P + "teman/hittade/<int:group>/",
        staff_similar.found_theme_decide,
        name="staff_found_theme_decide",
    ),
    path(P + "bidrag/liknande/sok/", staff_similar.similarity_build, name="staff_similarity_build"),
    path(
        P + "bidrag/liknande/<int:group>/tema/",
        staff_similar.near_duplicate_group_tag,
        name="staff_near_duplicate_group_tag",
    ),
    path(
        P + "bidrag/<int:pk>/liknande/samma/",
        staff_similar.near_duplicate_join,
        name="staff_near_duplicate_join",
    ),
    path(
        P + "bidrag/<int:pk>/liknande/ur-gruppen/",
        staff_similar.near_duplicate_leave,
        name="staff_near_duplicate_leave",
    ),
    path(
        P + "bidrag/<int:pk>/liknande/visa-for-gruppen/",
        staff_similar.near_duplicate_representative,
        name="staff_near_duplicate_representative",
    ),
    path(
        P + "bidrag/<int:pk>/forslag/<int:theme_id>/",
        views.suggestion_decide,
        name="staff_suggestion_decide",
    ),
    path(P + "bidrag/export.csv", views.export_csv, name="staff_export_csv"),
    path(P + "bidrag/export.xlsx", views.export_xlsx, name="staff_export_xlsx"),
    path(P + "bidrag/<int:pk>/", views.contribution_detail, name="staff_contribution"),
    path(
        P + "bidrag/<int:pk>/moderera/",
        views.contribution_moderate,
        name="staff_contribution_moderate",
    ),
    path(
        P + "bidrag/<int:pk>/teman/",
        staff_bulk.contribution_themes,
        name="staff_contribution_themes",
    ),
    path(
        P + "bidrag/<int:pk>/filer/<int:attachment_id>/barn/",
        staff_bulk.attachment_children,
        name="staff_attachment_children",
    ),
    path(
        P + "bidrag/<int:pk>/aterkoppling/",
        views.contribution_feedback,
        name="staff_contribution_feedback",
    ),
    path(P + "teman/", views.themes, name="staff_themes"),
    path(P + "teman/<int:pk>/", views.theme_edit, name="staff_theme_edit"),
    path(P + "teman/<int:pk>/ta-bort/", views.theme_delete, name="staff_theme_delete"),
    path(P + "teman/<int:pk>/aterkoppling/", views.theme_feedback, name="staff_theme_feedback"),
    path(P + "bidrag/oversikt/", views.overview, name="staff_overview"),
    path(P + "befolkning/", views.population, name="staff_population"),
    path(
        P + "moten/<int:meeting_id>/uttalanden/",
        views.meeting_statements,
        name="staff_meeting_statements",
    ),
]
