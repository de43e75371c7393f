"""The municipality page (``/``): every public process with its current stage, what is open
now in any of them (a registry the apps fill), and the apps' sections."""

import datetime as dt

import pytest
from django.utils import timezone

from contributions.models import Survey, SurveyState
from dialog.models import MeetingKind
from tests.dialog.factories import MeetingFactory, in_days
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory, UserFactory
from tests.goals.factories import VisionFactory
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Role, StageKind, Visibility, VisionProcess
from visionsprocess.open_now import OpenItem, open_now

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _open_now(html: str) -> str:
    return html.split('id="open-now"')[1].split("</section>")[0]


def test_lists_each_public_process_with_its_current_stage(client):
    ProcessFactory(title="Vision 2040", current_stage=StageKind.DRAFTING)
    ProcessFactory(title="Framtidsbygget", current_stage=StageKind.ENGAGEMENT)
    html = _page(client)
    card = html.split("Vision 2040</a>")[1].split("</article>")[0]
    assert "Skapande och formulering" in card
    assert "Framtidsbygget" in html


def test_draft_internal_and_other_municipality_processes_are_not_listed(client):
    ProcessFactory(title="Vision 2040")
    ProcessFactory(title="Utkastet", published_at=None)
    ProcessFactory(title="Medarbetardialog", visibility=Visibility.INTERNAL)
    other = MunicipalityFactory(name="Vansbro kommun", code="2021")
    ProcessFactory(title="Utmaningen", municipality=other)
    html = _page(client)
    assert "Vision 2040" in html
    assert "Utkastet" not in html and "Medarbetardialog" not in html and "Utmaningen" not in html


def test_a_stage_open_for_contributions_is_open_now(client):
    process = ProcessFactory(title="Vision 2040", current_stage=StageKind.DIALOGUE)
    ProcessFactory(title="Programmet", current_stage=StageKind.IMPLEMENTATION)
    section = _open_now(_page(client))
    assert f"/process/{process.slug}/bidrag/nytt/" in section
    assert "Skicka in idéer" in section
    assert "Programmet" not in section


def test_an_open_survey_is_open_now_and_a_draft_or_closed_one_is_not(client):
    process = ProcessFactory(current_stage=StageKind.IMPLEMENTATION)
    Survey.objects.create(process=process, title="Enkät om service", state=SurveyState.PUBLISHED)
    Survey.objects.create(process=process, title="Enkät i utkast", state=SurveyState.DRAFT)
    Survey.objects.create(
        process=process,
        title="Enkät som stängt",
        state=SurveyState.PUBLISHED,
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    section = _open_now(_page(client))
    assert "Enkät om service" in section
    assert "Enkät i utkast" not in section and "Enkät som stängt" not in section


def test_a_draft_on_consultation_is_open_until_its_last_day(client):
    process = ProcessFactory(title="Framtidsbygget", current_stage=StageKind.IMPLEMENTATION)
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    consultation = drafting.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=20), actor=politician
    )
    section = _open_now(_page(client))
    assert f"/process/{process.slug}/remiss/{consultation.pk}/" in section


def test_a_meeting_open_for_registration_is_open_now_and_an_internal_one_is_not(client):
    process = ProcessFactory(current_stage=StageKind.IMPLEMENTATION)
    MeetingFactory(process=process, title="Dialogmöte i Skillingaryd", starts_at=in_days(5))
    MeetingFactory(process=process, title="Ledningsgruppen", kind=MeetingKind.INTERNAL)
    MeetingFactory(
        process=process,
        title="Anmälan stängd",
        starts_at=in_days(5),
        registration_deadline=timezone.now() - dt.timedelta(hours=1),
    )
    section = _open_now(_page(client))
    assert "Dialogmöte i Skillingaryd" in section
    assert "Ledningsgruppen" not in section and "Anmälan stängd" not in section


def test_nothing_of_a_draft_process_is_open_now(client):
    process = ProcessFactory(current_stage=StageKind.DIALOGUE, published_at=None)
    MeetingFactory(process=process, title="Hemligt möte")
    html = _page(client)
    assert "Hemligt möte" not in html
    assert f"/process/{process.slug}/bidrag/nytt/" not in html


def test_an_app_can_register_what_the_municipality_itself_has_open(client, monkeypatch):
    """The hook e-förslag will use: an item of the municipality, not of one process."""
    ProcessFactory(current_stage=StageKind.IMPLEMENTATION)

    def proposals(*, municipality, processes, now):
        return [OpenItem(kind="E-förslag", title="Fler laddstolpar", url="/e-forslag/1/")]

    monkeypatch.setitem(open_now._providers, "contributions.e_proposals", (25, proposals))
    section = _open_now(_page(client))
    assert "Fler laddstolpar" in section and "E-förslag" in section
    assert "Vaggeryds kommun" in section


def test_text_on_the_page_is_escaped(client):
    process = ProcessFactory(title='<script>alert("x")</script>', current_stage="dialogue")
    MeetingFactory(process=process, title="<img src=x onerror=alert(1)>")
    html = _page(client)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_without_any_process_the_page_says_so(client):
    MunicipalityFactory()
    html = _page(client)
    assert "Det finns inga offentliga processer ännu." in html


def _world(size: int):
    """``size`` processes, each with a meeting, an open survey and an internal meeting, all
    resting on one vision of the municipality."""
    processes = []
    for n in range(size):
        process = ProcessFactory(current_stage=StageKind.DIALOGUE if n % 2 else "implementation")
        MeetingFactory(process=process, starts_at=in_days(3 + n))
        MeetingFactory(process=process, kind=MeetingKind.INTERNAL)
        Survey.objects.create(process=process, title=f"Enkät {n}", state=SurveyState.PUBLISHED)
        processes.append(process)
    VisionFactory(process=processes[0], rests=processes[1:])


# processes, open consultations, the municipality's e-proposals, open surveys, open meetings,
# the visions, their bases,
# upcoming meetings, listed associations (the municipality is loaded once and cached); a
# signed-in person adds the session, the user, their roles and the municipalities they
# administer (the staff-area link in the menu; asked about the municipality, so Django's own
# permission backend, which answers nothing about an object, makes no query)
QUERIES = 9 + 4


@pytest.mark.parametrize("size", [2, 12])
def test_query_count_is_constant_as_processes_and_meetings_grow(
    client, django_assert_num_queries, size
):
    """A signed-in person's page is rendered anew each time: its queries do not grow."""
    _world(size)
    client.force_login(UserFactory())
    client.get("/")  # the municipality in the cache
    with django_assert_num_queries(QUERIES):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card card-process') == size
    # at most ten meetings are listed as open
    assert html.count('<li class="open-now-item') == size + size // 2 + min(size, 10)


@pytest.mark.parametrize("size", [2, 12])
def test_an_anonymous_visitor_gets_the_kept_page_with_one_query(
    client, django_assert_num_queries, size
):
    _world(size)
    first = client.get("/").content.decode()
    with django_assert_num_queries(1):  # the processes, for the version of each
        again = client.get("/").content.decode()
    main = lambda html: html.split("<main")[1].split("</main>")[0]  # noqa: E731 (the CSRF token differs)
    assert main(again) == main(first)


def test_a_recorded_change_of_a_process_renders_the_page_anew(client):
    from visionsprocess import changes

    process = ProcessFactory(title="Vision 2040")
    client.get("/")
    VisionProcess.objects.filter(pk=process.pk).update(title="Vision 2050")
    assert "Vision 2050" not in client.get("/").content.decode()  # nothing recorded yet
    changes._publish(changes.Change(processes=frozenset({process.pk})))
    assert "Vision 2050" in client.get("/").content.decode()
