"""The kinds of contribution a stage can receive (registered with the core's stage openings)."""

from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import INPUT, StageOpening, stage_openings

from .models import ContributionKind


def register():
    for order, kind, public_label, help_text in (
        (
            10,
            ContributionKind.IDEA,
            _("Send in ideas"),
            _("Citizens send in ideas and views, with pictures or films if they like."),
        ),
        (
            11,
            ContributionKind.LETTER,
            _("Write letters from the future"),
            _("Citizens write a letter from the year the vision looks towards."),
        ),
        (
            12,
            ContributionKind.GROUP_REPORT,
            _("Report from a group's own conversation"),
            _("Groups hold their own conversation, often with a conversation kit, and report."),
        ),
    ):
        stage_openings.register(
            StageOpening(
                key=str(kind),
                label=kind.label,
                group=INPUT,
                order=order,
                help_text=help_text,
                public_label=public_label,
            )
        )
