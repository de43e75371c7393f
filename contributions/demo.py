"""Demo data of contributions, loaded by ``manage.py load_demo`` after the core's."""

from . import demo_public


def load(core):
    demo_public.load(core)
