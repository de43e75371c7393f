"""Sign-in through OpenID Connect, configured per municipality.

A municipality connects its citizens' e-ID broker (BankID, Freja through an OpenID Connect
broker) and its own identity provider for staff (Microsoft Entra ID or another OpenID Connect
provider). allauth reads these rows through ``visionsprocess.adapters.SocialAccountAdapter``
(its public ``list_apps``), so each municipality's login page shows its own providers.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Municipality, Role, TimeStampedModel, VisionProcess


class IdentityProviderKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizens' e-ID (e.g. BankID, Freja through a broker)")
    STAFF = "staff", _("The municipality's own accounts, for staff (e.g. Entra ID)")


class TokenAuthMethod(models.TextChoices):
    BASIC = "client_secret_basic", "client_secret_basic"
    POST = "client_secret_post", "client_secret_post"


class IdentityProvider(TimeStampedModel):
    """One OpenID Connect provider a municipality signs people in with."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="identity_providers",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IdentityProviderKind.choices)
    provider_id = models.CharField(
        _("identifier"),
        max_length=30,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("Use small letters a–z, digits and hyphens."))
        ],
        help_text=_(
            "Part of the address registered with the provider: "
            "https://<host>/konto/oidc/<identifier>/login/callback/"
        ),
    )
    name = models.CharField(
        _("button text"), max_length=100, help_text=_("For example “E-legitimation”.")
    )
    server_url = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_("Its /.well-known/openid-configuration is read from here."),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = models.CharField(_("client secret"), max_length=500)
    token_auth_method = models.CharField(
        _("client authentication"),
        max_length=20,
        choices=TokenAuthMethod.choices,
        default=TokenAuthMethod.BASIC,
    )
    trusts_email = models.BooleanField(
        _("the provider verifies e-mail addresses"),
        default=False,
        help_text=_(
            "Treat the e-mail address it releases as verified even without an email_verified "
            "claim (e.g. the municipality's own directory). Only then can a sign-in reach an "
            "existing account with the same verified address."
        ),
    )
    group_claim = models.CharField(
        _("group claim"),
        max_length=100,
        blank=True,
        default="groups",
        help_text=_("The claim listing a staff member's groups (staff providers only)."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["municipality", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "provider_id"], name="identityprovider_unique_id"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IdentityProviderKind.values), name="identityprovider_kind"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.municipality})"

    @property
    def is_staff_provider(self) -> bool:
        return self.kind == IdentityProviderKind.STAFF

    def clean(self):
        """An identifier another municipality uses must name the same issuer: allauth keys the
        accounts it links by identifier and the provider's subject (``sub``), and a subject is
        unique only within its issuer. Two issuers under one identifier would let a person of
        one municipality's provider reach the account of a person of the other's whose
        subject is the same (numeric subjects collide easily)."""
        if not self.provider_id or not self.server_url:
            return
        issuer = self.server_url.rstrip("/")
        others = IdentityProvider.objects.filter(provider_id=self.provider_id).exclude(
            municipality_id=self.municipality_id
        )
        if any(other.server_url.rstrip("/") != issuer for other in others):
            raise ValidationError(
                {
                    "provider_id": _(
                        "Another municipality uses this identifier with another issuer. Choose "
                        "an identifier of your own (for example with the municipality's name)."
                    )
                }
            )


class IdentityProviderGroupRole(models.Model):
    """A group in a staff provider's group claim that gives a role: in one process, or in every
    process of the municipality."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identity provider"),
        on_delete=models.CASCADE,
        related_name="group_roles",
    )
    group = models.CharField(
        _("group"), max_length=200, help_text=_("As it appears in the group claim.")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every process of the municipality."),
    )

    class Meta:
        verbose_name = _("group role")
        verbose_name_plural = _("group roles")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "group", "role", "process"],
                name="idp_grouprole_unique",
            ),
            models.UniqueConstraint(
                fields=["provider", "group", "role"],
                condition=Q(process__isnull=True),
                name="idp_grouprole_unique_all",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="idp_grouprole_role"),
        ]

    def __str__(self):
        return f"{self.group} → {self.get_role_display()}"

    def clean(self):
        provider = getattr(self, "provider", None)
        if provider is None:
            return
        if not provider.is_staff_provider:
            raise ValidationError(_("A citizens' e-ID never gives a role: only staff providers."))
        if self.process_id and self.process.municipality_id != provider.municipality_id:
            raise ValidationError({"process": _("The process belongs to another municipality.")})


__all__ = [
    "IdentityProviderKind",
    "TokenAuthMethod",
    "IdentityProvider",
    "IdentityProviderGroupRole",
]
