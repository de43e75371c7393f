"""Roles in a process and in a municipality, and the bodies that decide."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .municipality import Municipality, TimeStampedModel
from .process import VisionProcess


class Role(models.TextChoices):
    ADMIN = "admin", _("Process administrator")
    OFFICIAL = "official", _("Official")
    POLITICIAN = "politician", _("Politician")
    CLERK = "clerk", _("Clerk")


class ProcessRole(TimeStampedModel):
    """A person's role in one process. Citizens have none."""

    process = models.ForeignKey(
        VisionProcess, verbose_name=_("process"), on_delete=models.CASCADE, related_name="roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="process_roles",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("process role")
        verbose_name_plural = _("process roles")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user", "role"], name="processrole_unique_user_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="processrole_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "process"], name="processrole_user_proc_idx")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.process})"


class MunicipalityRoleKind(models.TextChoices):
    ADMIN = "admin", _("Municipality administrator")


class MunicipalityRole(TimeStampedModel):
    """A person's role in a whole municipality: its administrator administers every process of
    that municipality and creates new ones there. A person may hold roles in several
    municipalities; a superuser is the platform's operator."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="municipality_roles",
    )
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=MunicipalityRoleKind.choices,
        default=MunicipalityRoleKind.ADMIN,
    )

    class Meta:
        verbose_name = _("municipality role")
        verbose_name_plural = _("municipality roles")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "role"], name="municipalityrole_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=MunicipalityRoleKind.values),
                name="municipalityrole_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"


class BodyKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    COMPANY = "company", _("Municipal company")
    KSAU = "ksau", _("Executive committee's working committee (KSAU)")
    KS = "ks", _("Municipal executive board (KS)")
    KF = "kf", _("Municipal council (KF)")


class Body(TimeStampedModel):
    """A deciding or contributing body of the municipality: a committee, a company, KSAU, KS, KF."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=BodyKind.choices)
    short_name = models.CharField(_("short name"), max_length=20, help_text=_('For example "KS".'))
    name = models.CharField(_("full name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "short_name"], name="body_unique_short_name"
            ),
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="body_kind_valid"),
        ]

    def __str__(self):
        return self.name
