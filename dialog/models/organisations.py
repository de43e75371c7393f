"""The association register: organisations and how they may be contacted."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import (
    District,
    Municipality,
    TimeStampedModel,
)
from visionsprocess.models.core import personal_address

from .base import normalise_name
from .meetings import TargetGroup

_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


def public_contact_problem(channel: str, contact_person: str = ""):
    """Why ``channel`` cannot be an association's public contact, or ``None``: it must be a
    website, an e-mail address that is not a person's own (anna.svensson@…) or a phone number."""
    if channel.startswith(("http://", "https://")):
        try:
            URLValidator(schemes=["http", "https"])(channel)
        except ValidationError:
            return _("Enter a website address like https://www.example.se.")
        return None
    if "@" in channel:
        try:
            validate_email(channel)
        except ValidationError:
            return _("Enter a valid e-mail address.")
        if personal_address(channel, contact_person):
            return _(
                "This looks like the contact person's own address. Publish the association's "
                "functional address (info@…) or its website instead."
            )
        return None
    if _PHONE.match(channel):
        return None
    return _("Enter a website (https://…), an e-mail address or a phone number.")


class OrganisationCategory(models.TextChoices):
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture")
    SOCIAL = "social", _("Social")
    SCHOOL = "school", _("School")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def inviteable(self):
        return self.filter(wants_invitations=True).exclude(email="")


class Organisation(TimeStampedModel):
    """An entry of the association register (föreningsregister). Contact details are personal data."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(
        _("normalised name"), max_length=200, editable=False, db_index=False
    )
    category = models.CharField(
        _("category"),
        max_length=10,
        choices=OrganisationCategory.choices,
        default=OrganisationCategory.OTHER,
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="organisations"
    )
    wants_invitations = models.BooleanField(_("wants invitations"), default=True)
    # The public association register: an association is listed only when it has said so
    # (opt-in), with the channel it chose to publish; staff record its consent and the date.
    is_listed_publicly = models.BooleanField(
        _("listed in the public association register"),
        default=False,
        help_text=_("Only when the association has agreed to be listed publicly."),
    )
    public_contact = models.CharField(
        _("public contact channel"),
        max_length=200,
        blank=True,
        help_text=_(
            "The channel the association publishes itself: its website, a functional e-mail "
            "address (info@…) or a phone number. Never a person's private address."
        ),
    )
    listing_consent_on = models.DateField(
        _("date the association agreed to be listed"), null=True, blank=True
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "normalised_name"], name="organisation_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(category__in=OrganisationCategory.values),
                name="organisation_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(is_listed_publicly=False)
                | (Q(listing_consent_on__isnull=False) & ~Q(public_contact="")),
                name="organisation_listed_with_consent",
                violation_error_message=_(
                    "An association is listed publicly only with the date it agreed and the "
                    "contact channel it chose to publish."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "category"], name="organisation_mun_cat_idx"),
            models.Index(
                fields=["municipality", "name"],
                condition=Q(is_listed_publicly=True),
                name="organisation_listed_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = " ".join((self.name or "").split())
        self.normalised_name = normalise_name(self.name)
        self.public_contact = (self.public_contact or "").strip()
        errors = {}
        if self.public_contact:
            problem = public_contact_problem(self.public_contact, self.contact_person)
            if problem:
                errors["public_contact"] = problem
        if self.is_listed_publicly:
            if not self.public_contact:
                errors.setdefault(
                    "public_contact",
                    _("Give the contact channel the association chose to publish."),
                )
            if self.listing_consent_on is None:
                errors["listing_consent_on"] = _(
                    "Give the date the association agreed to be listed publicly."
                )
        if self.listing_consent_on and self.listing_consent_on > timezone.localdate():
            errors["listing_consent_on"] = _("The date of the consent cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def public_contact_kind(self) -> str:
        """ "url", "email" or "phone": how the public register links the channel."""
        if self.public_contact.startswith(("http://", "https://")):
            return "url"
        return "email" if "@" in self.public_contact else "phone"

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if "__all__" in getattr(error, "error_dict", {}):
                raise ValidationError(
                    {"name": _("There is already an organisation with this name.")}
                ) from None
            raise
