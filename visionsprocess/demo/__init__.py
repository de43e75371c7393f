"""Demo data of the core, from the seed documents (Vaggeryd, Nynäshamn, Kramfors).

Idempotent: every object is found by its natural key and brought to the same state.
Each feature app may have a ``demo`` module with a ``load(core)`` function; the
``load_demo`` command calls them in the order of INSTALLED_APPS after this one.

A package of modules: basics, extras, loading; everything is importable from here."""

from .basics import (  # noqa: F401
    BODIES,
    DEMO_PASSWORD,
    DEMO_USERS,
    UTMANINGEN,
    VAGGERYD_HOSTS,
    VANSBRO_HOSTS,
    VANSBRO_USERS,
    Core,
    _process,
    _user,
)
from .extras import (  # noqa: F401
    PROMISES,
    _hosts,
    _privacy,
    _promises,
)
from .loading import (  # noqa: F401
    load,
)
