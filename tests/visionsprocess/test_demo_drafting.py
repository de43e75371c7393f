import pytest

from visionsprocess import demo, demo_drafting
from visionsprocess.models import AuditEntry, Decision, DraftVersion, VersionState

# The demo's loaders are run by ``load_demo``, which replaces every version at the end
# (``changes.reset_all``); called one by one here they record nothing themselves.
pytestmark = [pytest.mark.django_db, pytest.mark.no_tripwire]


def test_demo_drafting_is_idempotent_and_adopts_the_programme():
    core = demo.load()
    demo_drafting.load(core)
    counts = (DraftVersion.objects.count(), Decision.objects.count(), AuditEntry.objects.count())
    demo_drafting.load(demo.load())
    assert (
        DraftVersion.objects.count(),
        Decision.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    adopted = DraftVersion.objects.get(round__process=core.programme)
    assert adopted.state == VersionState.ADOPTED
    assert adopted.decisions.get(body__short_name="KF").dnr == "KS 2019/160"
    latest = DraftVersion.objects.for_process(core.framtidsbygget).order_by("-number").first()
    assert latest.state == VersionState.CONSULTATION and latest.number == 2


def test_demo_holds_a_closed_consultation_with_a_published_summary(client):
    from django.urls import reverse

    from visionsprocess.models import ConsultationSummary

    core = demo.load()
    demo_drafting.load(core)
    summary = ConsultationSummary.objects.get(
        consultation__version__round__process=core.framtidsbygget
    )
    assert summary.is_published and summary.consultation.answers.count() == 4
    assert {item.position for item in summary.items.all()} == {"taken", "partly", "not_taken"}
    page = client.get(
        reverse("drafting:consultation", args=[core.framtidsbygget.slug, summary.consultation.pk])
    ).content.decode()
    assert "PRO Skillingaryd" in page and "Beaktas delvis" in page
