"""Sign-in through OpenID Connect: each municipality's providers as allauth apps, the roles a
staff provider's group claim gives, and the Swedish answers when a sign-in fails.

allauth asks ``visionsprocess.adapters.SocialAccountAdapter.list_apps`` which OpenID Connect
apps exist; it answers with the enabled ``IdentityProvider`` rows of the request's municipality
(``tenancy.request_municipality``), built as unsaved ``SocialApp`` objects, and falls back to
the ``OIDC_*`` settings (one municipality per installation) for an identifier the municipality
has not configured.
"""

from __future__ import annotations

import logging

import requests
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import changes
from .models import (
    IdentityProvider,
    IdentityProviderGroupRole,
    IdentityProviderKind,
    ProcessRole,
    VisionProcess,
)
from .predicates import forget_roles
from .tenancy import request_municipality

logger = logging.getLogger(__name__)

OPENID_CONNECT = "openid_connect"
#: Keys of a ``SocialApp.settings`` that are ours (allauth ignores them).
KIND = "vp_kind"
IDENTITY_PROVIDER = "vp_identity_provider"
GROUP_CLAIM = "vp_group_claim"

#: ``request`` attribute holding the apps of the request's municipality (read once a request).
_REQUEST_APPS = "vp_identity_apps"


def social_app(provider: IdentityProvider) -> SocialApp:
    """The allauth app of ``provider`` (unsaved: allauth needs no row of its own)."""
    return SocialApp(
        provider=OPENID_CONNECT,
        provider_id=provider.provider_id,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={
            "server_url": provider.server_url,
            "token_auth_method": provider.token_auth_method,
            "oauth_pkce_enabled": True,
            "verified_email": provider.trusts_email,
            KIND: provider.kind,
            IDENTITY_PROVIDER: provider.pk,
            GROUP_CLAIM: provider.group_claim,
        },
    )


def municipality_apps(request) -> list[SocialApp]:
    """The enabled providers of the request's municipality as allauth apps."""
    if request is None:
        return []
    cached = getattr(request, _REQUEST_APPS, None)
    if cached is not None:
        return cached
    try:
        municipality = request_municipality(request)
    except Http404:
        apps = []
    else:
        apps = [
            social_app(provider)
            for provider in IdentityProvider.objects.filter(municipality=municipality, enabled=True)
        ]
    setattr(request, _REQUEST_APPS, apps)
    return apps


def app_kind(app: SocialApp | None) -> str:
    """Citizen e-ID unless the app is a staff provider (the ``OIDC_*`` settings are e-ID)."""
    if app is None:
        return IdentityProviderKind.CITIZEN
    return (app.settings or {}).get(KIND, IdentityProviderKind.CITIZEN)


def has_staff_standing(user) -> bool:
    """Whether ``user`` has any role in the municipality's work (or is an administrator)."""
    if user is None or user.pk is None:
        return False
    return bool(
        user.is_staff or user.is_superuser or ProcessRole.objects.filter(user=user).exists()
    )


def claimed_groups(extra_data: dict, claim: str) -> set[str]:
    """The groups in ``claim`` of the user info (or else the ID token) a provider released."""
    if not claim:
        return set()
    for part in ("userinfo", "id_token"):
        value = (extra_data.get(part) or {}).get(claim)
        if value is not None:
            break
    else:
        value = extra_data.get(claim)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return set()
    return {str(group) for group in value if isinstance(group, str | int)}


@transaction.atomic
def sync_group_roles(*, user, provider_pk: int, groups: set[str]) -> None:
    """Give ``user`` the roles that ``groups`` map to in the staff provider's rules, and take
    away the roles those rules cover that the groups no longer give. Roles no rule covers
    (given by hand) are left alone. A citizens' e-ID provider gives nothing."""
    provider = IdentityProvider.objects.filter(
        pk=provider_pk, kind=IdentityProviderKind.STAFF
    ).first()
    if provider is None:
        return
    processes = list(
        VisionProcess.objects.filter(municipality_id=provider.municipality_id).values_list(
            "pk", flat=True
        )
    )
    covered: set[tuple[int, str]] = set()
    granted: set[tuple[int, str]] = set()
    for rule in IdentityProviderGroupRole.objects.filter(provider=provider):
        targets = [rule.process_id] if rule.process_id else processes
        pairs = {(process_id, rule.role) for process_id in targets if process_id in processes}
        covered |= pairs
        if rule.group in groups:
            granted |= pairs
    held = {
        (process_id, role)
        for process_id, role in ProcessRole.objects.filter(
            user=user, process_id__in=processes
        ).values_list("process_id", "role")
    }
    to_add = granted - held
    to_remove = (covered & held) - granted
    for process_id, role in sorted(to_add):
        ProcessRole.objects.create(user=user, process_id=process_id, role=role)
        changes.record(process=process_id)
    for process_id, role in sorted(to_remove):
        ProcessRole.objects.filter(user=user, process_id=process_id, role=role).delete()
        changes.record(process=process_id)
    if to_add or to_remove:
        forget_roles(user)


# --- Failures --------------------------------------------------------------------------------

UNREACHABLE = "unreachable"
STATE = "state"
CODE = "code"
TOKEN = "token"
REFUSED = "refused"
STAFF_ACCOUNT = "staff_account"

MESSAGES = {
    UNREACHABLE: (
        _("The sign-in service does not answer"),
        _(
            "%(provider)s cannot be reached right now. Try again in a while, or sign in with "
            "your e-mail address and password."
        ),
        503,
    ),
    STATE: (
        _("The sign-in could not be completed"),
        _(
            "The answer from %(provider)s does not belong to a sign-in started here: it may "
            "have expired, been started in another window or already been used. Start again."
        ),
        400,
    ),
    CODE: (
        _("The sign-in could not be completed"),
        _(
            "%(provider)s did not accept the sign-in: its code has already been used or has "
            "expired. Start again."
        ),
        400,
    ),
    TOKEN: (
        _("The sign-in could not be completed"),
        _("The answer from %(provider)s had expired or could not be verified. Start again."),
        400,
    ),
    REFUSED: (
        _("The sign-in could not be completed"),
        _("%(provider)s refused the sign-in. Start again, or sign in with your password."),
        400,
    ),
    STAFF_ACCOUNT: (
        _("Sign in another way"),
        _(
            "This account has a role in the municipality's work, and e-ID for citizens never "
            "gives access to it. Sign in with the municipality's own login or with your "
            "password."
        ),
        403,
    ),
}


def failure_of(exception, extra_context: dict | None) -> str:
    """Which failure an allauth authentication error is."""
    if isinstance(exception, requests.HTTPError):
        return TOKEN if getattr(exception.response, "status_code", 0) == 401 else REFUSED
    if isinstance(exception, requests.RequestException):
        return UNREACHABLE
    if isinstance(exception, OAuth2Error):
        text = str(exception)
        if "invalid_grant" in text:
            return CODE
        if "id_token" in text or "token already used" in text:
            return TOKEN
        return REFUSED
    if exception is None and extra_context is not None and "state" not in extra_context:
        return STATE
    return REFUSED


def failure_response(request, failure: str, provider_name: str) -> HttpResponse:
    """A page saying in plain words why the sign-in failed, with the way back to the password
    login (which never depends on the provider)."""
    title, message, status = MESSAGES[failure]
    logger.info("OpenID Connect sign-in failed: %s", failure)
    return render(
        request,
        "socialaccount/sign_in_failed.html",
        {"title": title, "message": message % {"provider": provider_name}},
        status=status,
    )


def listed_origins(request) -> list[str]:
    """The origins of the providers this request listed (for the CSP's ``form-action``)."""
    from urllib.parse import urlsplit

    origins = []
    for app in getattr(request, _REQUEST_APPS, None) or []:
        parts = urlsplit(app.settings.get("server_url", ""))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


def after_social_login(*, user, sociallogin) -> None:
    """After a sign-in through a staff provider, the roles follow its group claim."""
    if sociallogin.account is None:
        return
    app = sociallogin.provider.app if sociallogin.provider else None
    if app is None or app_kind(app) != IdentityProviderKind.STAFF:
        return
    settings = app.settings or {}
    groups = claimed_groups(sociallogin.account.extra_data or {}, settings.get(GROUP_CLAIM, ""))
    sync_group_roles(user=user, provider_pk=settings.get(IDENTITY_PROVIDER), groups=groups)


def has_role_here(request, user) -> bool:
    """Whether ``user`` has a role in the work of the request's municipality (a process role,
    its administration, or the platform's): where a sign-in should land. A role in another
    municipality does not count (the staff area here would be empty)."""
    from .predicates import administered_municipalities

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    try:
        municipality = request_municipality(request)
    except Http404:
        municipality = None
    processes = VisionProcess.objects.for_member(user)
    if municipality is None:
        return processes.exists()
    return (
        municipality.pk in administered_municipalities(user)
        or processes.filter(municipality=municipality).exists()
    )


def tell_when_no_role(request, *, user, sociallogin) -> None:
    """After a sign-in through a staff provider that gave no role here: say why the person lands
    on "Mina sidor" (their groups map to nothing in this municipality)."""
    from django.contrib import messages

    app = sociallogin.provider.app if sociallogin.provider else None
    if app is None or app_kind(app) != IdentityProviderKind.STAFF:
        return
    if has_role_here(request, user):
        return
    messages.info(
        request,
        _(
            "You are signed in with %(provider)s, but none of your groups there gives a role in "
            "the municipality's work here. If you should have one, ask the municipality's "
            "administrator."
        )
        % {"provider": app.name},
    )
