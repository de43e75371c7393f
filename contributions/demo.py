"""Demo data of contributions, loaded by ``manage.py load_demo`` after the core's."""

from . import demo_citations, demo_input, demo_public


def load(core):
    demo_public.load(core)
    demo_citations.load(core)
    demo_input.load(core)
