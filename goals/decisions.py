"""The goals app's decision matters and how a recorded decision links to what it decided on.

* ``vision``: the vision's adoption or extended validity → ``Vision.decision``;
* ``council_goals``: the council goals of a term of office → ``CouncilGoal.decision``;
* ``programme``: the strategic development programme (about the process as a whole; may also
  be recorded along a drafting version's adoption path, when the programme's text was drafted
  on the platform) — found as the latest approving decision of that matter;
* ``action_plan``: one version of the action plan → ``ActionPlanVersion.decision``.

The links live here, on the goals side; the core reads them through this registry and the
reverse relations, and never imports this app.
"""

from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from visionsprocess import changes
from visionsprocess.decisions.selectors import adopting_decision
from visionsprocess.registry import DecisionMatter, decision_matters

from .models import ActionPlanVersion, CouncilGoal, Vision

VISION = "vision"
COUNCIL_GOALS = "council_goals"
PROGRAMME = "programme"
ACTION_PLAN = "action_plan"


# --- Vision -------------------------------------------------------------------------------------


def _vision_targets(process):
    vision = Vision.objects.filter(bases__process=process).first()
    return [("vision", vision.statement)] if vision else []


def _vision_attach(decision, key):
    """The vision the decision's process rests on keeps the decision as its latest (validity);
    the first decision recorded on it is also its adoption. A vision above several processes
    keeps its decisions whichever of them the clerk recorded it in."""
    vision = Vision.objects.filter(bases__process=decision.process).first()
    if vision is None:
        return
    Vision.objects.filter(pk=vision.pk).update(decision=decision)
    Vision.objects.filter(pk=vision.pk, adoption_decision__isnull=True).update(
        adoption_decision=decision
    )
    for process_id in vision.bases.values_list("process_id", flat=True):
        changes.record(process=process_id)
    changes.record(municipality=vision.municipality_id)


def _vision_subject(process, key):
    vision = Vision.objects.filter(bases__process=process).first()
    if vision is None:
        return "Visionen antas"
    return f"Visionen ”{vision.statement}” gäller till {vision.valid_until}"


# --- Council goals ------------------------------------------------------------------------------


def _terms(process):
    return list(
        CouncilGoal.objects.filter(process=process)
        .values_list("term_start", "term_end")
        .distinct()
        .order_by("term_start", "term_end")
    )


def _goal_targets(process):
    return [(f"{start}-{end}", f"Mandatperioden {start}–{end}") for start, end in _terms(process)]


def _goal_attach(decision, key):
    start, end = (int(part) for part in key.split("-"))
    CouncilGoal.objects.filter(process=decision.process, term_start=start, term_end=end).update(
        decision=decision
    )


def _goal_subject(process, key):
    if key:
        start, end = key.split("-")
        return f"Fullmäktiges mål för mandatperioden {start}–{end} antas"
    return "Fullmäktiges mål antas"


# --- Programme ----------------------------------------------------------------------------------


def programme_period(process) -> str:
    """ "2019–2022": the terms the programme's council goals cover, or "" without goals."""
    span = CouncilGoal.objects.filter(process=process).aggregate(
        start=Min("term_start"), end=Max("term_end")
    )
    return f"{span['start']}–{span['end']}" if span["start"] else ""


def _programme_subject(process, key):
    period = programme_period(process)
    return f"Strategiskt utvecklingsprogram {period} antas".replace("  ", " ")


def programme_decision(process):
    return adopting_decision(process=process, matter=PROGRAMME)


# --- Action plan --------------------------------------------------------------------------------


def _plan_targets(process):
    return [
        (str(version.pk), f"Handlingsplan {version.year} (rev. {version.revision})")
        for version in ActionPlanVersion.objects.filter(plan__process=process).order_by("-revision")
    ]


def _plan_attach(decision, key):
    ActionPlanVersion.objects.filter(pk=int(key), plan__process=decision.process).update(
        decision=decision
    )


def _plan_subject(process, key):
    version = ActionPlanVersion.objects.filter(pk=int(key)).first() if key.isdigit() else None
    if version is None:
        return "Handlingsplan för uppföljning antas"
    return f"Handlingsplan för uppföljning {version.year} (rev. {version.revision}) antas"


def register():
    decision_matters.register(
        DecisionMatter(
            key=VISION,
            label=_("The vision: adoption or extended validity"),
            order=20,
            targets=_vision_targets,
            attach=_vision_attach,
            subject=_vision_subject,
        )
    )
    decision_matters.register(
        DecisionMatter(
            key=COUNCIL_GOALS,
            label=_("The council goals of a term of office"),
            order=30,
            targets=_goal_targets,
            attach=_goal_attach,
            subject=_goal_subject,
        )
    )
    decision_matters.register(
        DecisionMatter(
            key=PROGRAMME,
            label=_("The strategic development programme"),
            order=40,
            subject=_programme_subject,
            on_version=True,
        )
    )
    decision_matters.register(
        DecisionMatter(
            key=ACTION_PLAN,
            label=_("A version of the action plan"),
            order=50,
            targets=_plan_targets,
            attach=_plan_attach,
            subject=_plan_subject,
        )
    )
