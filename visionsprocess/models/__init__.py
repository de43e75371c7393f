"""Models of the process core, one module per area; everything is importable from here."""

from .clerk import *  # noqa: F403
from .clerk import __all__ as _clerk_all
from .core import *  # noqa: F403
from .core import __all__ as _core_all
from .decisions import *  # noqa: F403
from .decisions import __all__ as _decisions_all
from .documents import *  # noqa: F403
from .documents import __all__ as _documents_all
from .drafting import *  # noqa: F403
from .drafting import __all__ as _drafting_all
from .identity import *  # noqa: F403
from .identity import __all__ as _identity_all
from .notices import *  # noqa: F403
from .notices import __all__ as _notices_all
from .outbox import *  # noqa: F403
from .outbox import __all__ as _outbox_all
from .privacy import *  # noqa: F403
from .privacy import __all__ as _privacy_all

__all__ = (
    list(_core_all)
    + list(_documents_all)
    + list(_drafting_all)
    + list(_decisions_all)
    + list(_outbox_all)
    + list(_notices_all)
    + list(_clerk_all)
    + list(_identity_all)
    + list(_privacy_all)
)
