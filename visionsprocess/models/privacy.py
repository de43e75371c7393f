"""Personal data: the municipality's privacy notice, its retention rules and the gallring reports.

* ``PrivacyNotice``: what GDPR Art. 13 requires to be told to everyone whose personal data a form
  collects (the controller, the purpose, the legal basis, how long it is kept, the rights, whom
  to contact); one per municipality, edited by an administrator, shown at ``/integritet/`` and,
  with a process's own purpose and retention, at ``/process/<slug>/integritet/``.
* ``RetentionRule``: one line of the municipality's records-management plan
  (informationshanteringsplan) saying how long after a process is closed its personal data is
  kept, and whether the public record of what was said stays.
* ``RetentionReport``: what one gallring of a process removed, as counts per kind; never the
  data itself.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Municipality, TimeStampedModel, VisionProcess

DEFAULT_LEGAL_BASIS = _(
    "The processing is necessary to perform a task in the public interest and to exercise "
    "official authority (GDPR Article 6.1 e): the municipality's citizen dialogue under the "
    "Local Government Act (kommunallagen 8 kap. 2 §)."
)
DEFAULT_RIGHTS = _(
    "You have the right to know what personal data we hold about you and to get a copy of it, "
    "to have wrong data corrected, to object to the processing, and in some cases to have the "
    "data erased or its processing restricted. What you send in is a public record (allmän "
    "handling) and may be disclosed under the principle of public access to official records "
    "(offentlighetsprincipen); it is erased only as the records-management plan allows."
)


class PrivacyNotice(TimeStampedModel):
    """The municipality's privacy notice (GDPR Art. 13), linked from every form that collects
    personal data."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="privacy_notice",
    )
    controller = models.CharField(
        _("controller"),
        max_length=200,
        help_text=_('Who is responsible for the personal data, e.g. "Kommunstyrelsen".'),
    )
    controller_contact = models.CharField(
        _("how to contact the controller"),
        max_length=250,
        help_text=_("A functional address or number of the municipality, never a personal one."),
    )
    dpo_contact = models.CharField(
        _("data protection officer"),
        max_length=250,
        help_text=_("How to reach the data protection officer (dataskyddsombud)."),
    )
    purpose = models.TextField(
        _("purpose"),
        max_length=4000,
        help_text=_("Why personal data is collected in the citizen dialogue."),
    )
    legal_basis = models.TextField(_("legal basis"), max_length=2000, default=DEFAULT_LEGAL_BASIS)
    recipients = models.TextField(
        _("recipients"),
        max_length=2000,
        blank=True,
        help_text=_("Who else handles the data, e.g. the supplier running the service."),
    )
    rights = models.TextField(_("your rights"), max_length=4000, default=DEFAULT_RIGHTS)
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self):
        return str(_("Privacy notice of %(name)s") % {"name": self.municipality.name})


class RetentionRule(TimeStampedModel):
    """A line of the records-management plan: how long a closed process's personal data is kept."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_('For example "Medborgardialog, synpunkter".')
    )
    plan_reference = models.CharField(
        _("reference in the records-management plan"),
        max_length=100,
        help_text=_('Where the rule stands, e.g. "Informationshanteringsplan KS 2.3".'),
    )
    months_after_close = models.PositiveSmallIntegerField(
        _("months after the process is closed"),
        validators=[MaxValueValidator(1200)],
        help_text=_("Personal data is removed this many months after the process is closed."),
    )
    keep_public_text = models.BooleanField(
        _("keep the public record of what was said"),
        default=True,
        help_text=_(
            "If on, the texts, pictures and films of what was said stay (without names); "
            "if off, they are removed too and only the counts stay."
        ),
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["municipality", "plan_reference", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "plan_reference", "name"], name="retentionrule_unique"
            ),
            models.CheckConstraint(
                condition=Q(months_after_close__lte=1200), name="retentionrule_months_range"
            ),
        ]

    def __str__(self):
        return f"{self.plan_reference}: {self.name}"


class RetentionReport(models.Model):
    """What one gallring of a process removed: counts per kind, never the data."""

    process = models.ForeignKey(
        VisionProcess,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="retention_reports",
    )
    rule_text = models.CharField(_("rule applied"), max_length=300)
    run_at = models.DateTimeField(_("run"), auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    counts = models.JSONField(_("removed, per kind"), default=dict)
    total = models.PositiveIntegerField(_("removed in all"), default=0)

    class Meta:
        verbose_name = _("gallring report")
        verbose_name_plural = _("gallring reports")
        ordering = ["-run_at", "-pk"]

    def __str__(self):
        return f"{self.process} – {self.run_at:%Y-%m-%d}"


__all__ = ["PrivacyNotice", "RetentionRule", "RetentionReport"]
