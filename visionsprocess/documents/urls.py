from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "staff/processer/<slug:slug>/dokument/<slug:kind>/skapa/",
        views.document_request,
        name="request",
    ),
    path("dokument/<uuid:token>/", views.document_detail, name="detail"),
    path("dokument/<uuid:token>/status/", views.document_status, name="status"),
    path("dokument/<uuid:token>/ladda-ner/", views.document_download, name="download"),
    path("dokument/<uuid:token>/publicera/", views.document_publish, name="publish"),
    path("process/<slug:slug>/dokument/", views.library, name="library"),
    path("dokument/<uuid:token>/hamta/", views.public_download, name="public_download"),
    path("staff/processer/<slug:slug>/arkiv/", views.archive, name="archive"),
    path("staff/processer/<slug:slug>/arkiv/paket/", views.archive_request, name="archive_request"),
    path("arkiv/<uuid:token>/status/", views.archive_status, name="archive_status"),
    path("arkiv/<uuid:token>/ladda-ner/", views.archive_download, name="archive_download"),
]
