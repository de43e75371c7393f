"""Models of the process core, one module per area; everything is importable from here."""

from .core import *  # noqa: F403
from .core import __all__ as _core_all

__all__ = list(_core_all)
from .drafting import *  # noqa: E402, F403
from .drafting import __all__ as _drafting_all  # noqa: E402

__all__ += list(_drafting_all)
