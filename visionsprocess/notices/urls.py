"""Following and notices (Swedish, readable paths; links in e-mails carry only a token)."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("folj/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("folj/<slug:kind>/<str:reference>/", views.follow, name="follow"),
    path("utskick/<str:token>/", views.manage, name="manage"),
    path("utskick/<str:token>/avsluta/", views.unsubscribe, name="unsubscribe"),
    path("utskick/<str:token>/starta/", views.restart, name="restart"),
    path("utskick/<str:token>/folj/<int:pk>/avsluta/", views.follow_end, name="follow_end"),
]
