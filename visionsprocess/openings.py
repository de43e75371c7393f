"""What a stage can open that the core owns: drafting, consultation and adoption."""

from django.utils.translation import gettext_lazy as _

from .registry import ACTIVITY, StageOpening, stage_openings

stage_openings.register(
    StageOpening(
        key="drafting",
        label=_("Drafting"),
        group=ACTIVITY,
        order=30,
        help_text=_("Politicians and officials write the text in drafting rounds."),
        public_label=_("The text is written"),
    )
)
stage_openings.register(
    StageOpening(
        key="consultation",
        label=_("Consultation"),
        group=ACTIVITY,
        order=40,
        help_text=_("A draft goes out on consultation and bodies and citizens answer."),
        public_label=_("A draft is sent out on consultation"),
    )
)
stage_openings.register(
    StageOpening(
        key="adoption",
        label=_("Adoption"),
        group=ACTIVITY,
        order=50,
        help_text=_("Committees, the executive board and the council decide."),
        public_label=_("Decisions by committees and the council"),
    )
)
