from django.urls import path

from . import municipality_style, retention_views, views
from .decisions import views as decision_views

app_name = "staff"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("processer/ny/", views.staff_process_create, name="process_create"),
    path(
        "kommun/utseende/",
        municipality_style.municipality_style,
        name="municipality_style",
    ),
    path("processer/<slug:slug>/", views.staff_process, name="process"),
    path("processer/<slug:slug>/redigera/", views.staff_process_edit, name="process_edit"),
    path("processer/<slug:slug>/steg/", views.staff_process_stages, name="process_stages"),
    path("processer/<slug:slug>/steg/nytt/", views.staff_stage_create, name="stage_create"),
    path("processer/<slug:slug>/steg/<int:pk>/", views.staff_stage_edit, name="stage_edit"),
    path("processer/<slug:slug>/steg/<int:pk>/flytta/", views.staff_stage_move, name="stage_move"),
    path(
        "processer/<slug:slug>/steg/<int:pk>/ta-bort/",
        views.staff_stage_delete,
        name="stage_delete",
    ),
    path("processer/<slug:slug>/publicera/", views.staff_process_publish, name="process_publish"),
    path("processer/<slug:slug>/roller/", views.staff_process_members, name="process_members"),
    path("processer/<slug:slug>/beslut/", decision_views.decisions, name="decisions"),
    path(
        "processer/<slug:slug>/beslut/beslutsgang/",
        decision_views.plan_add,
        name="decision_plan_add",
    ),
    path(
        "processer/<slug:slug>/beslut/beslutsgang/<int:pk>/ta-bort/",
        decision_views.plan_remove,
        name="decision_plan_remove",
    ),
    path(
        "processer/<slug:slug>/beslut/sandlista/",
        decision_views.distribution_add,
        name="decision_distribution_add",
    ),
    path(
        "processer/<slug:slug>/beslut/sandlista/<int:pk>/ta-bort/",
        decision_views.distribution_remove,
        name="decision_distribution_remove",
    ),
    path(
        "processer/<slug:slug>/beslut/<int:pk>/expediera/",
        decision_views.dispatch,
        name="decision_dispatch",
    ),
    path(
        "processer/<slug:slug>/beslut/tjansteskrivelse/<slug:matter>/",
        decision_views.proposal,
        name="decision_proposal",
    ),
    path(
        "processer/<slug:slug>/roller/<int:pk>/ta-bort/",
        views.staff_process_member_remove,
        name="process_member_remove",
    ),
    path(
        "processer/<slug:slug>/gallring/",
        retention_views.staff_gallring,
        name="gallring",
    ),
]
