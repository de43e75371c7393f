"""Models of contributions, one module per area; everything is importable from here."""

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
from .submission import (  # noqa: F401, E402
    Attachment,
    ContributionReport,
    MediaKind,
)
