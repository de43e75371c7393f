"""The municipality and its people: the timestamp base, users, municipalities, host names, districts."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import (
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=False)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """An account. Citizens need none; officials, politicians and clerks sign in."""

    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("The name shown to others, for example on comments."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def public_name(self) -> str:
        """A name that never exposes the e-mail address."""
        return self.display_name or self.get_full_name() or _("Member")


class DocumentTypeface(models.TextChoices):
    """The typefaces a municipality's PDFs can be set in: each one embedded in the PDF."""

    SOURCE_SANS = "source-sans-3", "Source Sans 3"
    DEJAVU_SANS = "dejavu-sans", "DejaVu Sans"
    DEJAVU_SERIF = "dejavu-serif", "DejaVu Serif"
    LIBERATION_SERIF = "liberation-serif", "Liberation Serif"


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class Municipality(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("The municipality code is four digits."))],
        help_text=_("The four-digit code from Statistics Sweden, e.g. 0192 for Nynäshamn."),
    )
    logo = models.ImageField(_("logo"), upload_to="municipality/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#00558c", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b37d00",
        validators=[hex_colour],
        help_text=_("Lines and marks on white, in the pages and the PDFs (contrast at least 3:1)."),
    )
    website = models.URLField(_("website"), blank=True)
    # The PDFs' look (``visionsprocess/document_style.py``): the colours above, and these.
    document_typeface = models.CharField(
        _("typeface of the documents"),
        max_length=20,
        choices=DocumentTypeface.choices,
        default=DocumentTypeface.SOURCE_SANS,
    )
    document_footer = models.CharField(
        _("footer of the documents"),
        max_length=150,
        blank=True,
        help_text=_("Printed at the foot of every page of the PDFs, e.g. the address."),
    )
    sender_email = models.CharField(
        _("sender address"),
        max_length=200,
        blank=True,
        help_text=_(
            'The sender of e-mails from this municipality, e.g. "Vaggeryds kommun '
            "<dialog@vaggeryd.se>\". Empty: the installation's sender."
        ),
    )
    rate_limits = models.JSONField(
        _("rate limits"),
        default=dict,
        blank=True,
        help_text=_(
            'The municipality\'s own rates, e.g. {"dialog.register": "20/h"}; a group not named '
            "here has the installation's rate."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^\d{4}$"), name="municipality_code_four_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def _clean_rate_limits(self):
        rates = self.rate_limits or {}
        if not isinstance(rates, dict):
            raise ValidationError({"rate_limits": _('Give the rates as {"group": "20/h"}.')})
        unknown = sorted(set(rates) - set(settings.RATE_LIMITS))
        bad = sorted(
            str(group)
            for group, rate in rates.items()
            if not (isinstance(rate, str) and re.fullmatch(r"\d+/\d*[smhd]", rate))
        )
        if unknown or bad:
            raise ValidationError(
                {
                    "rate_limits": _(
                        "Unknown groups or rates that are not of the form 20/h: %(names)s."
                    )
                    % {"names": ", ".join(unknown + bad)}
                }
            )

    def clean(self):
        self._clean_rate_limits()
        # Readable with white text, visible on white (WCAG AA, ``visionsprocess/colours.py``).
        from ...colours import colour_errors

        errors = colour_errors(primary=self.primary_colour, accent=self.accent_colour)
        if errors:
            raise ValidationError(errors)


class HostName(models.Model):
    """A host name the municipality is reached at (``dialog.vaggeryd.se``): the tenancy maps
    every request's host to its municipality (``visionsprocess/tenancy.py``)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="host_names",
    )
    host = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
                _("Enter a host name in lower case without port, e.g. dialog.vaggeryd.se."),
            )
        ],
        help_text=_("Without scheme and port, e.g. dialog.vaggeryd.se."),
    )
    is_primary = models.BooleanField(
        _("primary"),
        default=False,
        help_text=_("Links in e-mails and documents use the primary host name."),
    )

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["-is_primary", "host"]
        constraints = [
            models.CheckConstraint(condition=Q(host=Lower("host")), name="hostname_lower_case"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_primary=True),
                name="hostname_one_primary",
            ),
        ]

    def __str__(self):
        return self.host

    def clean(self):
        self.host = (self.host or "").strip().lower()


def personal_address(channel: str, name: str) -> bool:
    """Whether ``channel`` is an e-mail address made of ``name`` (anna.svensson@…): a personal
    address, which public pages must not show."""
    local = (channel or "").strip().lower().partition("@")
    if not local[1]:
        return False
    parts = [part for part in (name or "").lower().replace("-", " ").split() if len(part) >= 3]
    return any(part in local[0] for part in parts)


class District(models.Model):
    """A part of the municipality (kommundel), used for contributions, associations and statistics."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="districts",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name"),
        ]

    def __str__(self):
        return self.name
