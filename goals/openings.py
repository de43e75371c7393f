"""Follow-up as an activity that belongs to a stage (the core's stage openings)."""

from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import ACTIVITY, StageOpening, stage_openings

FOLLOW_UP = "follow_up"


def register():
    stage_openings.register(
        StageOpening(
            key=FOLLOW_UP,
            label=_("Follow-up"),
            group=ACTIVITY,
            order=60,
            help_text=_("Goals, indicators, the action plan and focus areas are followed up."),
            public_label=_("Results are followed up"),
        )
    )
