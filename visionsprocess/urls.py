"""Root URLs. Each feature app has its own urls module, included here once."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import retention_views, search_views, views
from .notices import views as notice_views

urlpatterns = [
    path("", views.home, name="home"),
    path("process/<slug:slug>/", views.process_detail, name="process_detail"),
    path("process/<slug:slug>/ni-sa-vi-gjorde/", views.process_outcome, name="process_outcome"),
    path("mina-sidor/", notice_views.my_pages, name="my_pages"),
    path("", include("visionsprocess.notices.urls")),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("sok/", search_views.search, name="search"),
    path("integritet/", retention_views.privacy_notice, name="privacy"),
    path(
        "process/<slug:slug>/integritet/", retention_views.process_privacy, name="process_privacy"
    ),
    path("theme.css", views.theme_css, name="theme_css"),
    path("logotyp/", views.municipality_logo, name="municipality_logo"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # allauth's OpenID Connect login, answering clearly when the provider is down.
    path("konto/oidc/<str:provider_id>/login/", views.oidc_login, name="oidc_login"),
    path(
        "konto/oidc/<str:provider_id>/login/callback/",
        views.oidc_callback,
        name="oidc_callback",
    ),
    path("konto/", include("allauth.urls")),
    path("staff/", include("visionsprocess.staff_urls")),
    path("", include("dialog.urls")),
    path("", include("contributions.urls")),
    path("", include("goals.urls")),
    path("", include("visionsprocess.documents.urls")),
    path("", include("visionsprocess.drafting.urls")),
    path("admin/", admin.site.urls),
]

# /media/ is never served, not even with DEBUG: uploads go through permission-checked views
# (visionsprocess/files.py).

handler403 = "visionsprocess.errors.permission_denied"
handler404 = "visionsprocess.errors.page_not_found"
handler500 = "visionsprocess.errors.server_error"
