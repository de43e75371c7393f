import pytest
from django.core.files.base import ContentFile

from goals.models import ActionPlanItem, ItemStatus, Unit
from tests.goals.factories import (
    ActionPlanVersionFactory,
    BudgetFrameFactory,
    CommitteeFactory,
    CommitteeGoalFactory,
    CouncilGoalFactory,
    GoverningDocumentFactory,
    IndicatorFactory,
    MeasurementFactory,
    VisionFactory,
)
from tests.media_files import pdf_bytes


@pytest.fixture(autouse=True)
def _sdgs(request):
    """Transactional tests (the browser ones) flush the table the data migration filled."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        from goals.sdg_data import ensure_sdgs

        request.getfixturevalue("db")
        ensure_sdgs()


PDF_BYTES = pdf_bytes()


def build_world(process):
    """A small but complete goal hierarchy in ``process``."""
    vision = VisionFactory(process=process)
    goals = [CouncilGoalFactory(process=process, order=i) for i in range(3)]
    bun = CommitteeFactory(
        municipality=process.municipality, short_name="BUN", name="Barn- och ungdomsnämnden"
    )
    kfn = CommitteeFactory(
        municipality=process.municipality, short_name="KFN", name="Kultur- och fritidsnämnden"
    )
    cg = CommitteeGoalFactory(process=process, body=bun, council_goals=[goals[0], goals[1]])
    indicator = IndicatorFactory(goal=goals[0], unit=Unit.PERCENT)
    MeasurementFactory(indicator=indicator, year=2019, value=61)
    MeasurementFactory(indicator=indicator, year=2020, value=64)
    frame = BudgetFrameFactory(process=process, body=bun, year=2020, goals=[goals[0]])
    document = GoverningDocumentFactory(process=process)
    document.file.save("kulturpolicy.pdf", ContentFile(PDF_BYTES), save=True)
    document.goals.set([goals[0]])
    old = ActionPlanVersionFactory(plan__process=process, year=2020, revision=1)
    current = ActionPlanVersionFactory(plan=old.plan, year=2021, revision=2)
    from django.utils import timezone

    old.superseded_at = timezone.now()
    old.save()
    item = ActionPlanItem.objects.create(
        version=current,
        activity="Trygghetsvandring i Hok",
        goal=goals[2],
        status=ItemStatus.ONGOING,
    )
    old_item = ActionPlanItem.objects.create(version=old, activity="Gammal åtgärd", goal=goals[2])
    return {
        "vision": vision,
        "goals": goals,
        "bodies": {"BUN": bun, "KFN": kfn},
        "committee_goal": cg,
        "indicator": indicator,
        "frame": frame,
        "document": document,
        "plan": old.plan,
        "old_version": old,
        "version": current,
        "item": item,
        "old_item": old_item,
    }


@pytest.fixture
def goal_world(db):
    from tests.factories import ProcessFactory

    process = ProcessFactory()
    return {"process": process, **build_world(process)}


@pytest.fixture
def english():
    """Service messages in English (the source strings) for assertions on their wording."""
    from django.utils import translation

    with translation.override("en"):
        yield
