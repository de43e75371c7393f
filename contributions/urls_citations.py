from django.urls import path

from .views import citations as views

urlpatterns = [
    path(
        "staff/processer/<slug:slug>/utkast/stycke/<int:pk>/kallor/",
        views.paragraph_citations,
        name="paragraph_citations",
    ),
    path(
        "staff/processer/<slug:slug>/utkast/kalla/<int:pk>/ta-bort/",
        views.citation_remove,
        name="citation_remove",
    ),
    path(
        "process/<slug:slug>/stycke/<int:pk>/bygger-pa/",
        views.paragraph_sources,
        name="paragraph_sources",
    ),
]
