"""Models of contributions, one module per area; everything is importable from here."""

from .citations import ParagraphCitation  # noqa: E402, F401
from .core import (  # noqa: F401
    Contribution,
    ContributionKind,
    ContributionQuerySet,
    ContributionTheme,
    FeedbackState,
    GroupKind,
    ModerationState,
    Theme,
    new_tracking_token,
)
