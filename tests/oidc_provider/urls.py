from urllib.parse import parse_qs, urlencode, urlsplit

from django.contrib.auth import views as auth_views
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import include, path
from oauth2_provider.models import Application


def cancel(request):
    """The login page's "Avbryt": back to the client with ``error=access_denied`` and its state,
    as a real provider answers a person who cancels (only to a registered redirect URI)."""
    query = parse_qs(urlsplit(request.GET.get("next", "")).query)
    client_id = query.get("client_id", [""])[0]
    redirect_uri = query.get("redirect_uri", [""])[0]
    application = Application.objects.filter(client_id=client_id).first()
    if application is None or not application.redirect_uri_allowed(redirect_uri):
        return HttpResponseBadRequest("unknown client or redirect URI")
    answer = {"error": "access_denied", "error_description": "The user cancelled."}
    if "state" in query:
        answer["state"] = query["state"][0]
    return HttpResponseRedirect(f"{redirect_uri}?{urlencode(answer)}")


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("cancel/", cancel, name="cancel"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
