"""The kinds of contribution a stage can receive (registered with the core's stage openings)."""

from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import ACTIVITY, INPUT, StageOpening, stage_openings

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
    # A survey has its own opening and closing time; the stage says when surveys belong to the
    # process map (an activity, not a gate on answers).
    stage_openings.register(
        StageOpening(
            key="surveys",
            label=_("Surveys"),
            group=ACTIVITY,
            order=25,
            help_text=_("A web survey is open; its own dates say when answers are received."),
            public_label=_("Answer a survey"),
        )
    )
