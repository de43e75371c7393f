"""allauth adapters: e-mail through the outbox, our client address, throttling that locks no one
out, and after login people land where they can be; each municipality's OpenID Connect providers
(e-ID for citizens, its own accounts for staff)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from . import identity
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
        the staff area, everyone else to "Mina sidor" – never to a page they may not open. A
        role counts only in the request's municipality: an official of Vaggeryd signing in at
        Vansbro's host lands on "Mina sidor", not in an empty staff area."""
        user = request.user
        if user.has_perm(
            "visionsprocess.view_staff_area", getattr(request, "municipality", None)
        ) and identity.has_role_here(request, user):
            return reverse("staff:home")
        return reverse("my_pages")

    def post_login(self, request, user, **kwargs):
        """After a sign-in through a staff identity provider its group claim sets the roles,
        before the answer says where to go (``get_login_redirect_url``)."""
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is not None:
            identity.after_social_login(user=user, sociallogin=sociallogin)
            identity.tell_when_no_role(request, user=user, sociallogin=sociallogin)
        return super().post_login(request, user, **kwargs)

    def get_signup_redirect_url(self, request):
        """A first sign-in through the staff identity provider creates the account with its
        roles: it lands where a login would (a new password account has none: "Mina sidor")."""
        return self.get_login_redirect_url(request)

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect providers per municipality (``visionsprocess.identity``).

    Linking: a sign-in through a provider reaches an existing account with the same e-mail
    address only when the address is verified on both sides (the provider says so, or is
    trusted to, and the account confirmed it); otherwise allauth asks the person to sign in to
    that account first. A citizens' e-ID never reaches an account with a role in the
    municipality's work, and never gives a role; a staff provider's group claim does.
    """

    def list_apps(self, request, provider=None, client_id=None):
        own = [
            app
            for app in identity.municipality_apps(request)
            if (provider is None or provider in (app.provider, app.provider_id))
            and (client_id is None or app.client_id == client_id)
        ]
        own_ids = {app.provider_id for app in own}
        others = [
            app
            for app in super().list_apps(request, provider=provider, client_id=client_id)
            if app.provider_id not in own_ids or app.provider != identity.OPENID_CONNECT
        ]
        return own + others

    def authenticate_by_email(self, sociallogin):
        found = super().authenticate_by_email(sociallogin)
        if found is None:
            return None
        user, email = found
        if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
            return None
        return found

    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        app = sociallogin.provider.app if sociallogin.provider else None
        if identity.app_kind(app) == identity.IdentityProviderKind.CITIZEN and (
            identity.has_staff_standing(sociallogin.user)
        ):
            raise ImmediateHttpResponse(
                identity.failure_response(
                    request, identity.STAFF_ACCOUNT, sociallogin.provider.name
                )
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
        if error == AuthError.CANCELLED:
            return
        raise ImmediateHttpResponse(
            identity.failure_response(
                request, identity.failure_of(exception, extra_context), provider.name
            )
        )
