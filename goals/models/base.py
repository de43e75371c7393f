"""Validators and choices the goals models share."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from visionsprocess.models import BodyKind

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2200)]

kolada_kpi_validator = RegexValidator(
    r"^[NU]\d{5}$", _('Enter a Kolada key figure id like "N00945": N or U followed by five digits.')
)

CONTRIBUTING_BODY_KINDS = (BodyKind.COMMITTEE, BodyKind.COMPANY)
