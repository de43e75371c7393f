"""Sections of drafting on the public process page and the staff process page."""

from ..decisions.selectors import decisions_of_process
from ..models import Comment, Position, VersionState
from ..registry import Section, my_pages_sections, process_sections, staff_sections
from . import selectors
from .answers import my_answers_context
from .summary import latest_published


def _public_context(request, process):
    state = selectors.public_state(process=process)
    if state is None:
        return None
    return {"state": state, "paragraphs": state["paragraphs"]}


def _staff_context(request, process):
    if not request.user.has_perm("visionsprocess.view_drafts", process):
        return None
    latest = selectors.latest_version(process)
    open_threads = 0
    if latest is not None:
        open_threads = Comment.objects.filter(
            paragraph__version=latest, parent__isnull=True, resolved_at__isnull=True
        ).count()
    return {
        "latest": latest,
        "open_threads": open_threads,
        "decision_count": decisions_of_process(process=process, drafting_only=True).count(),
        "is_adopted": latest is not None and latest.state == VersionState.ADOPTED,
    }


process_sections.register(
    Section(
        key="drafting.text",
        template="visionsprocess/drafting/includes/public_section.html",
        # First whenever there is a public text: a draft out on consultation (a call to answer)
        # or the adopted vision matters more than the meetings listed after it.
        order=15,
        get_context=_public_context,
        public_cache=True,
    )
)
staff_sections.register(
    Section(
        key="drafting.rounds",
        template="visionsprocess/drafting/includes/staff_section.html",
        order=40,
        get_context=_staff_context,
    )
)


def _summary_context(request, process):
    summary = latest_published(process)
    if summary is None:
        return None
    items = list(summary.items.all())
    return {
        "summary": summary,
        "consultation": summary.consultation,
        "counts": {
            position: sum(1 for item in items if item.position == position)
            for position in Position.values
        },
        "positions": Position.choices,
        "answer_count": summary.consultation.answers.count(),
    }


def _my_answers_context(request, user):
    return my_answers_context(request, user)


process_sections.register(
    Section(
        key="drafting.consultation_summary",
        template="visionsprocess/drafting/includes/summary_section.html",
        order=16,
        get_context=_summary_context,
        public_cache=True,
    )
)
my_pages_sections.register(
    Section(
        key="drafting.consultation_answers",
        template="visionsprocess/drafting/includes/my_answers.html",
        order=40,
        get_context=_my_answers_context,
    )
)
