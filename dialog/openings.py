"""Dialogue meetings as an activity that belongs to a stage (the core's stage openings)."""

from django.utils.translation import gettext_lazy as _

from visionsprocess.registry import ACTIVITY, StageOpening, stage_openings

#: The key of the opening: meetings of the stage (new meetings are placed in it by default).
MEETINGS = "meetings"


def register():
    stage_openings.register(
        StageOpening(
            key=MEETINGS,
            label=_("Meetings"),
            group=ACTIVITY,
            order=20,
            help_text=_("Dialogue meetings are held; new meetings are placed in this stage."),
            public_label=_("Dialogue meetings"),
        )
    )
