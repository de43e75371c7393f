"""Middleware of the project."""

import logging

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    for key, values in query_dict.lists():
        if NUL in key or any(isinstance(value, str) and NUL in value for value in values):
            return True
    return False


class RejectNulMiddleware:
    """Answer 400 to any request with a NUL character in its path, query or form values.

    No text we keep or look up may contain NUL: PostgreSQL refuses it (``psycopg.DataError``),
    so a ``%00`` in a token, a slug or a query parameter turned into a 500 wherever the value
    reached a query. Rejecting it here, once, covers every URL and every form, including those
    written later. A cookie with a NUL (a forged session or CSRF cookie) is dropped rather than
    refused, so the visitor gets a fresh one instead of an error page they cannot get out of.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
            del request.COOKIES[name]
        if (
            NUL in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            logger.info("Refused a request with a NUL character (400): %s", request.method)
            return HttpResponseBadRequest(
                _("The address or the form contained a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


#: Seconds a client is asked to wait when the 429 itself does not say (allauth's own limits).
DEFAULT_RETRY_AFTER = 60


class RetryAfterMiddleware:
    """Every 429 says when to try again.

    Our own rate limits set ``Retry-After`` to their period (``ratelimits.too_many_requests``);
    a 429 from elsewhere (allauth's login and sign-up limits, a view written later) gets
    ``DEFAULT_RETRY_AFTER`` seconds, so no client is left to guess or hammer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER)
        return response


class IdentityProviderFormActionMiddleware:
    """A page that lists the municipality's OpenID Connect providers (the login page) may send
    its form on to them: their origins join the Content-Security-Policy's ``form-action`` for
    that answer only (``visionsprocess.identity``). Placed after ``CSPMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        from .identity import listed_origins

        origins = listed_origins(request)
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = list(update.get("form-action", [])) + origins
            response._csp_update = update
        return response
