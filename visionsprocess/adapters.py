"""allauth adapter: e-mail through the outbox, our client address, throttling that locks no one
out, and after login people land where they can be."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from .clients import client_ip
from .services import email_send

#: allauth rate-limit action of failed logins per account and client address (see
#: ``AccountAdapter.pre_authenticate``; its rate is in ``ACCOUNT_RATE_LIMITS``).
LOGIN_FAILED_ACCOUNT = "login_failed_account"


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates call ``current_site``: the municipality's name and the
    site's host (there is no ``django.contrib.sites``)."""

    name: str
    domain: str


def mail_site(request=None) -> MailSite:
    """The sender of account mail: the municipality of the request (else of the installation),
    so the sign-up mail says "Hej från Vaggeryds kommun!" and never "Hej från !"."""
    from . import page_cache
    from .tenancy import request_municipality

    municipality = None
    if request is not None:
        try:
            municipality = request_municipality(request)
        except Http404:
            municipality = None
    if municipality is None:
        municipality = page_cache.municipality_current()
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    return MailSite(name=municipality.name if municipality else domain, domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = getattr(allauth_context, "request", None)
        context = {"email": email, "current_site": mail_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        html_body = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        email_send(
            to=list(message.to), subject=message.subject, body=message.body, html_body=html_body
        )

    def format_email_subject(self, subject: str) -> str:
        """Subjects start with the municipality's name: "[Vaggeryds kommun] …"."""
        return f"[{mail_site(getattr(allauth_context, 'request', None)).name}] {subject}"

    def get_login_redirect_url(self, request):
        """Without a ``next`` (allauth follows that first): people with a role in a process to
        the staff area, everyone else to "Mina sidor" – never to a page they may not open."""
        user = request.user
        if user.is_authenticated and user.has_perm("visionsprocess.view_staff_area"):
            return reverse("staff:home")
        return reverse("my_pages")

    def get_client_ip(self, request) -> str:
        """The address every rate limit uses (``TRUSTED_PROXY_COUNT`` proxies, nothing else)."""
        return client_ip(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """Failed logins are counted per account *and* client address.

        allauth's own "login_failed" limit counts them per account alone, so five wrong
        passwords from anywhere would lock the account for everyone for five minutes: a tool to
        lock an official out. So that limit keeps only its per-address part (settings:
        ``ACCOUNT_RATE_LIMITS["login_failed"]``, ten failed logins a minute from one address
        across accounts) and this one, ``login_failed_account``, counts per account and
        address: a guesser is throttled (five tries per five minutes per account from one
        address) while the official, from their own address, can still log in. Both are
        consumed through allauth's public rate-limit API; a successful login gives its try back
        (``authenticate``).
        """
        super().pre_authenticate(request, **credentials)
        login = str(credentials.get("email", credentials.get("username", ""))).lower()
        key = f"{login}@{client_ip(request)}"
        if not ratelimit.consume(request, action=LOGIN_FAILED_ACCOUNT, key=key):
            raise self.validation_error("too_many_login_attempts")
        request._vp_login_attempt_key = key

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        key = getattr(request, "_vp_login_attempt_key", None)
        if user is not None and key:
            # The password of this account was given from this address: its failed tries from
            # here are forgiven. (The per-address limit across accounts is allauth's, which
            # gives back only the successful try, so logging in to one's own account now and
            # then does not let a guesser go on with others.)
            ratelimit.clear(request, action=LOGIN_FAILED_ACCOUNT, key=key)
        return user
