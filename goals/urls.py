from django.urls import path

from . import views
from .focus_areas import views as focus_views

app_name = "goals"

P = "process/<slug:slug>/"
S = "staff/processer/<slug:slug>/mal/"

urlpatterns = [
    # Public
    path(P + "mal/", views.vision, name="vision"),
    path(P + "mal/<int:pk>/", views.council_goal, name="council_goal"),
    path(P + "agenda-2030/", views.agenda2030, name="agenda2030"),
    path(P + "handlingsplan/", views.action_plan, name="action_plan"),
    path(P + "budget/", views.budget_public, name="budget_public"),
    path(P + "handlingsplan/<int:pk>/", views.action_plan_version, name="action_plan_version"),
    path(P + "styrdokument/", views.governing_documents, name="governing_documents"),
    path(
        P + "styrdokument/<int:pk>/fil/",
        views.governing_document_file,
        name="governing_document_file",
    ),
    path(P + "fokusomraden/<int:pk>/", focus_views.focus_area, name="focus_area"),
    # Staff
    path(S, views.staff_overview, name="staff_overview"),
    path(S + "fokusomraden/", focus_views.focus_areas_staff, name="focus_areas_staff"),
    path(S + "fokusomraden/nytt/", focus_views.focus_area_create, name="focus_area_create"),
    path(
        S + "fokusomraden/<int:pk>/redigera/",
        focus_views.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        S + "fokusomraden/<int:pk>/lagesrapport/",
        focus_views.focus_area_update_create,
        name="focus_area_update_create",
    ),
    path(S + "vision/", views.vision_edit, name="vision_edit"),
    path(S + "vision/grund/", views.vision_basis, name="vision_basis"),
    path(S + "nytt/", views.council_goal_create, name="council_goal_create"),
    path(S + "<int:pk>/redigera/", views.council_goal_edit, name="council_goal_edit"),
    path(S + "<int:pk>/flytta/", views.council_goal_move, name="council_goal_move"),
    path(S + "namndmal/nytt/", views.committee_goal_create, name="committee_goal_create"),
    path(S + "namndmal/<int:pk>/redigera/", views.committee_goal_edit, name="committee_goal_edit"),
    path(S + "matris/", views.matrix, name="matrix"),
    path(S + "indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path(S + "indikatorer/<int:pk>/redigera/", views.indicator_edit, name="indicator_edit"),
    path(S + "indikatorer/varden/", views.measurements_bulk, name="measurements_bulk"),
    path(S + "indikatorer/import/", views.measurements_import, name="measurements_import"),
    path(S + "indikatorer/kolada/", views.kolada_import, name="kolada_import"),
    path(S + "budget/", views.budget, name="budget"),
    path(S + "budget/ny/", views.budget_create, name="budget_create"),
    path(S + "budget/<int:pk>/redigera/", views.budget_edit, name="budget_edit"),
    path(S + "styrdokument/ny/", views.document_create, name="document_create"),
    path(S + "styrdokument/<int:pk>/redigera/", views.document_edit, name="document_edit"),
    path(S + "handlingsplan/", views.action_plan_staff, name="action_plan_staff"),
    path(
        S + "handlingsplan/ny-version/",
        views.action_plan_version_create,
        name="action_plan_version_create",
    ),
    path(
        S + "handlingsplan/<int:pk>/publicera/",
        views.action_plan_version_publish,
        name="action_plan_version_publish",
    ),
    path(
        S + "handlingsplan/<int:pk>/atgard/ny/",
        views.action_plan_item_create,
        name="action_plan_item_create",
    ),
    path(
        S + "handlingsplan/atgard/<int:pk>/redigera/",
        views.action_plan_item_edit,
        name="action_plan_item_edit",
    ),
]
