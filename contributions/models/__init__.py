"""Models of contributions, one module per area; everything is importable from here."""

from .analysis import (  # noqa: F401
    FoundTheme,
    FoundThemeState,
    NearDuplicate,
    NearDuplicateGroup,
    SimilarityIndex,
    SuggestedTheme,
    ThemeDiscovery,
    ThemeMapPublication,
    ThemeModelState,
)
from .citations import ParagraphCitation  # noqa: E402, F401
from .core import (  # noqa: F401
    Channel,
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
from .discussion import (  # noqa: F401
    COMMENT_MAX_LENGTH,
    Comment,
    CommentModeration,
    CommentState,
    DiscussionSettings,
    Participant,
    SpamModel,
    Support,
)
from .eproposals import (  # noqa: E402, F401
    EProposal,
    EProposalRules,
    EProposalState,
    EProposalSupport,
    MunicipalEProposals,
    RefusalRule,
)
from .handling import (  # noqa: F401
    Feedback,
    ModerationAction,
    ModerationEvent,
    PopulationFigure,
    SuggestionDecision,
    ThemeSuggestion,
)
from .submission import (  # noqa: F401
    Attachment,
    ContributionReport,
    MediaKind,
    ReportReason,
)
from .surveys import (  # noqa: F401
    QuestionKind,
    ResponseState,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
    SurveyTally,
)
from .synthesis import (  # noqa: E402, F401
    KeyPoint,
    KeyPointSource,
    Synthesis,
    SynthesisState,
    SynthesisTheme,
    SynthesisVersion,
)
