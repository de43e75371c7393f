"""Demo data of contributions, loaded by ``manage.py load_demo`` after the core's."""

from . import (
    demo_citations,
    demo_discussion,
    demo_eproposals,
    demo_input,
    demo_municipal_eproposals,
    demo_paragraph_discussion,
    demo_public,
    demo_surveys,
    demo_synthesis,
    demo_themes,
)


def load(core):
    demo_public.load(core)
    demo_discussion.load(core)
    demo_paragraph_discussion.load(core)
    demo_eproposals.load(core)
    demo_municipal_eproposals.load(core)
    demo_citations.load(core)
    demo_input.load(core)
    demo_surveys.load(core)
    demo_themes.load(core)
    demo_synthesis.load(core)
