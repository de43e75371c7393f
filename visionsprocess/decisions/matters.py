"""The core's own decision matter: the text of a drafting version."""

from django.utils.translation import gettext_lazy as _

from ..models import MATTER_DRAFT_VERSION
from ..registry import DecisionMatter, decision_matters

decision_matters.register(
    DecisionMatter(
        key=MATTER_DRAFT_VERSION,
        label=_("The text of a drafting version"),
        order=10,
        on_version=True,
        subject=lambda process, key: f"Texten till {process.title} antas",
    )
)
