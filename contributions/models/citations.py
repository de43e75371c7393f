"""What a paragraph of a vision text rests on: the themes and contributions it cites.

The citation lives here, downstream, and points at the core's ``Paragraph``. When the core copies
paragraphs into a new version (or splits one), it sends ``paragraphs_copied``; the receiver
below copies the citations along, so a text keeps its sources from version to version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from visionsprocess.drafting.signals import paragraphs_copied
from visionsprocess.models import Paragraph

from .core import Contribution, ModerationState, Theme


class ParagraphCitation(models.Model):
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="citations"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("cited"), auto_now_add=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(theme__isnull=False) & Q(contribution__isnull=True))
                | (Q(theme__isnull=True) & Q(contribution__isnull=False)),
                name="paragraphcitation_theme_xor_contribution",
            ),
            models.UniqueConstraint(
                fields=["paragraph", "theme"],
                condition=Q(theme__isnull=False),
                name="paragraphcitation_unique_theme",
                violation_error_message=_("The paragraph already cites this."),
            ),
            models.UniqueConstraint(
                fields=["paragraph", "contribution"],
                condition=Q(contribution__isnull=False),
                name="paragraphcitation_unique_contribution",
                violation_error_message=_("The paragraph already cites this."),
            ),
        ]

    def __str__(self):
        return str(self.theme or self.contribution)

    @property
    def process(self):
        return self.paragraph.version.round.process

    @property
    def is_public(self) -> bool:
        """Themes are always shown; a contribution only when it is published with consent."""
        if self.theme_id:
            return True
        contribution = self.contribution
        return bool(
            contribution
            and contribution.moderation_state == ModerationState.PUBLISHED
            and contribution.consent_to_publish
        )


@receiver(paragraphs_copied, dispatch_uid="contributions_copy_paragraph_citations")
def copy_citations(sender, mapping, actor=None, **kwargs):
    citations = ParagraphCitation.objects.filter(paragraph_id__in=list(mapping))
    ParagraphCitation.objects.bulk_create(
        [
            ParagraphCitation(
                paragraph=mapping[citation.paragraph_id],
                theme_id=citation.theme_id,
                contribution_id=citation.contribution_id,
                created_by_id=citation.created_by_id,
            )
            for citation in citations
        ],
        ignore_conflicts=True,
    )


__all__ = ["ParagraphCitation"]
