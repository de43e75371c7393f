"""Site search (/sok/): everything public, grouped by kind, never what the visitor may not see."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contributions.models import ModerationState
from dialog.models import MeetingKind
from tests.contributions.factories import ContributionFactory, PublishedContributionFactory
from tests.dialog.factories import MeetingFactory
from tests.factories import MunicipalityFactory, ProcessFactory, ProcessRoleFactory
from tests.goals.factories import (
    ActionPlanItemFactory,
    ActionPlanVersionFactory,
    CommitteeGoalFactory,
    CouncilGoalFactory,
    VisionFactory,
)
from tests.goals.focus_area_factories import FocusAreaFactory
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess import site_search, textsearch
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Role, Visibility

pytestmark = pytest.mark.django_db

URL = reverse("search")


def search(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def groups(response) -> dict[str, site_search.Group]:
    return {group.key: group for group in response.context["result"].groups}


def titles(response, key) -> list[str]:
    group = groups(response).get(key)
    return [hit.title for hit in group.hits] if group else []


@pytest.fixture
def process():
    return ProcessFactory(title="Vision 2040")


# --- Stemming and matching ---------------------------------------------------------------------


def test_inflected_forms_and_compounds_are_found(client, process):
    PublishedContributionFactory(process=process, title="Skolan", text="Skolan behöver en aula.")
    PublishedContributionFactory(process=process, title="Förskola", text="Fler förskolor i Hok.")
    PublishedContributionFactory(process=process, title="Cykel", text="Fler cykelvägar.")
    response = search(client, "skolor")
    assert sorted(titles(response, "contributions")) == ["Förskola", "Skolan"]


def test_every_word_must_match(client, process):
    PublishedContributionFactory(process=process, title="Båda", text="Skolan och biblioteket.")
    PublishedContributionFactory(process=process, title="En", text="Skolan i Vaggeryd.")
    assert titles(search(client, "skola bibliotek"), "contributions") == ["Båda"]


def test_snippet_marks_the_match_and_escapes_the_text(client, process):
    PublishedContributionFactory(
        process=process, title="Idé", text="<b>Fet</b> text om en ny simhall i Skillingaryd."
    )
    response = search(client, "simhallen")
    html = response.content.decode()
    assert "<mark>simhall</mark>" in html
    assert "&lt;b&gt;Fet&lt;/b&gt;" in html
    assert "<b>Fet</b>" not in html


def test_snippet_is_cut_around_a_match_far_into_a_long_text():
    text = "ord " * 300 + "biblioteket är viktigt " + "mer " * 300
    piece = textsearch.snippet(text, textsearch.query_stems("bibliotek"))
    assert "<mark>biblioteket</mark>" in piece
    assert piece.startswith("… ") and piece.endswith(" …")
    assert len(piece) < 300


# --- Each kind ---------------------------------------------------------------------------------


def test_meeting_minutes_are_found_once_the_meeting_is_held(client, process):
    held = MeetingFactory(
        process=process,
        title="Dialogmöte i Hok",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
        minutes="Många ville ha en ny idrottshall.",
    )
    MeetingFactory(process=process, title="Kommande möte", minutes="Idrottshall utkast")
    response = search(client, "idrottshallen")
    assert titles(response, "meetings") == ["Dialogmöte i Hok"]
    assert groups(response)["meetings"].hits[0].url == held.get_absolute_url()


def test_an_internal_meeting_is_never_found(client, process):
    MeetingFactory(
        process=process,
        kind=MeetingKind.INTERNAL,
        title="Internt möte om idrottshall",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
        minutes="Idrottshall: intern budget.",
    )
    assert "meetings" not in groups(search(client, "idrottshall"))


def test_the_adopted_text_is_found_and_links_to_its_paragraph(client, process):
    users = {"clerk": ProcessRoleFactory(process=process, role=Role.CLERK).user}
    _round, version = draft_world(process)
    adopt(version, clerk=users["clerk"], bodies=bodies_for(process))
    response = search(client, "föreningar")
    hits = groups(response)["texts"].hits
    assert [hit.title for hit in hits] == ["Samverkan"]
    assert hits[0].url == process.get_absolute_url() + "#stycke-2"


def test_a_draft_is_not_found_until_it_goes_on_consultation(
    client, process, django_capture_on_commit_callbacks
):
    politician = ProcessRoleFactory(process=process, role=Role.POLITICIAN).user
    _round, version = draft_world(process, actor=politician)
    assert "texts" not in groups(search(client, "föreningar"))
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    # The recorded change is published on commit: the cached result of the search is replaced.
    with django_capture_on_commit_callbacks(execute=True):
        consultation = drafting.consultation_send(
            version=version, deadline=timezone.localdate() + dt.timedelta(days=30), actor=official
        )
    hits = groups(search(client, "föreningar"))["texts"].hits
    assert hits[0].url == (
        reverse("drafting:consultation", args=[process.slug, consultation.pk]) + "#stycke-2"
    )


def test_goals_committee_goals_and_activities_in_force_are_found(client, process):
    VisionFactory(process=process, text="Trygghet i hela kommunen.")
    goal = CouncilGoalFactory(process=process, title="Trygg kommun", summary="Tryggare gator.")
    CommitteeGoalFactory(
        process=process, title="Tryggare skolvägar", council_goals=[goal], description=""
    )
    current = ActionPlanVersionFactory(plan__process=process, year=2020)
    ActionPlanItemFactory(version=current, goal=goal, activity="Trygghetsvandring i Hok")
    draft = ActionPlanVersionFactory(plan=current.plan, year=2021, published=False)
    ActionPlanItemFactory(version=draft, goal=goal, activity="Trygghetskameror (utkast)")
    found = titles(search(client, "trygghet"), "goals")
    assert found == [
        "Här gör vi plats för att göra skillnad",
        "Trygg kommun",
        "Tryggare skolvägar",
        "Trygghetsvandring i Hok",
    ]


def test_only_published_focus_areas_are_found(client, process):
    FocusAreaFactory(process=process, title="Näringsliv och skola")
    FocusAreaFactory(process=process, title="Näringsliv (opublicerat)", is_published=False)
    assert titles(search(client, "näringsliv"), "focus_areas") == ["Näringsliv och skola"]


def test_a_focus_area_is_found_by_its_status_updates(client, process):
    from tests.goals.focus_area_factories import FocusAreaUpdateFactory

    area = FocusAreaFactory(process=process, title="Samverkan")
    FocusAreaUpdateFactory(focus_area=area, text="Arbetsplanen används i alla grundskolor.")
    hidden = FocusAreaFactory(process=process, title="Opublicerad", is_published=False)
    FocusAreaUpdateFactory(focus_area=hidden, text="Arbetsplanen är hemlig.")
    response = search(client, "arbetsplanen")
    assert titles(response, "focus_areas") == ["Samverkan"]
    assert "<mark>Arbetsplanen</mark>" in groups(response)["focus_areas"].hits[0].snippet


# --- Never what the visitor may not see --------------------------------------------------------


@pytest.mark.parametrize(
    "state", [ModerationState.NEW, ModerationState.INTERNAL, ModerationState.HIDDEN]
)
def test_an_unpublished_contribution_is_never_found(client, process, state):
    ContributionFactory(process=process, text="Hemlig idé om badhuset", moderation_state=state)
    assert "contributions" not in groups(search(client, "badhuset"))


@pytest.mark.parametrize("role", [None, Role.OFFICIAL, Role.ADMIN])
def test_nothing_of_a_draft_or_internal_process_is_found_whoever_asks(client, role):
    draft = ProcessFactory(published_at=None)
    internal = ProcessFactory(visibility=Visibility.INTERNAL)
    for hidden in (draft, internal):
        PublishedContributionFactory(process=hidden, text="Badhuset ska byggas om.")
        FocusAreaFactory(process=hidden, title=f"Badhus {hidden.pk}")
        CouncilGoalFactory(process=hidden, title="Badhus åt alla")
        if role:
            client.force_login(ProcessRoleFactory(process=hidden, role=role).user)
    response = search(client, "badhus")
    assert response.context["result"].total == 0
    assert "Badhus" not in response.content.decode().replace("badhus", "")


def test_another_municipalitys_processes_are_not_searched(process):
    PublishedContributionFactory(process=process, text="Badhuset i Vaggeryd.")
    other = ProcessFactory(municipality=MunicipalityFactory(name="Jönköpings kommun", code="0680"))
    PublishedContributionFactory(process=other, text="Badhuset i Jönköping.")
    result = site_search.search(municipality=process.municipality, text="badhuset")
    assert result.total == 1
    result = site_search.search(municipality=other.municipality, text="badhuset")
    assert [hit.process for hit in result.groups[0].hits] == [other]


# --- Groups, counts and pages ------------------------------------------------------------------


def test_results_are_grouped_by_kind_with_counts_and_a_link_to_all(client, process):
    for n in range(7):
        PublishedContributionFactory(process=process, title=f"Park {n}", text="En ny park.")
    FocusAreaFactory(process=process, title="Parker och grönområden")
    response = search(client, "parker")
    found = groups(response)
    assert list(found) == ["contributions", "focus_areas"]
    assert found["contributions"].count == 7 and len(found["contributions"].hits) == 5
    assert response.context["result"].total == 8
    html = response.content.decode()
    assert "8 träffar" in html
    assert "typ=contributions" in html


def test_the_page_of_one_kind_pages_through_every_hit(client, process, monkeypatch):
    monkeypatch.setattr(site_search, "PER_PAGE", 3)
    for n in range(7):
        PublishedContributionFactory(process=process, title=f"Park {n}", text="En ny park.")
    FocusAreaFactory(process=process, title="Parker och grönområden")
    first = search(client, "park", typ="contributions")
    assert list(groups(first)) == ["contributions"]
    assert titles(first, "contributions") == ["Park 6", "Park 5", "Park 4"]
    last = search(client, "park", typ="contributions", sida="3")
    assert titles(last, "contributions") == ["Park 0"]
    assert "sida=2" in last.content.decode()


def test_beyond_the_cap_the_count_says_more_than_and_pages_go_on(client, process, monkeypatch):
    monkeypatch.setattr(site_search, "COUNT_CAP", 4)
    monkeypatch.setattr(site_search, "PER_PAGE", 3)
    for n in range(7):
        PublishedContributionFactory(process=process, title=f"Park {n}", text="En ny park.")
    response = search(client, "park")
    assert groups(response)["contributions"].more
    assert "Fler än 4 träffar för ”park”" in response.content.decode()
    page = search(client, "park", typ="contributions", sida="2")
    group = groups(page)["contributions"]
    assert [hit.title for hit in group.hits] == ["Park 3", "Park 2", "Park 1"]
    assert group.page.has_next and group.page.num_pages is None
    assert "Sida 2<" in page.content.decode()
    last = groups(search(client, "park", typ="contributions", sida="3"))["contributions"]
    assert [hit.title for hit in last.hits] == ["Park 0"] and not last.page.has_next


def test_a_result_is_served_from_the_cache_until_a_change_is_recorded(
    client, process, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from visionsprocess import changes

    PublishedContributionFactory(process=process, title="Park 1", text="En ny park.")
    search(client, "park")
    PublishedContributionFactory(process=process, title="Park 2", text="En ny park.")
    with django_assert_num_queries(1):  # the public processes searched; the rest is cached
        assert titles(search(client, "park"), "contributions") == ["Park 1"]
    with django_capture_on_commit_callbacks(execute=True):
        changes.record(process=process)
    assert titles(search(client, "park"), "contributions") == ["Park 2", "Park 1"]


def test_the_search_costs_the_same_number_of_queries_for_many_hits(
    client, process, django_assert_max_num_queries
):
    for n in range(30):
        PublishedContributionFactory(process=process, title=f"Park {n}", text="En ny park.")
        FocusAreaFactory(process=process, title=f"Park {n}")
    MeetingFactory(process=process, title="Möte om parken")
    # municipality, processes; per kind a page and a count; the page's processes; the session
    with django_assert_max_num_queries(20):
        search(client, "park")


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "och att",
        "x" * 5000,
        "skola " * 1000,
        "'; DROP TABLE contributions_contribution; --",
        ".*(?:[a-z]+)+$ \\ % _ ^ | & ! : * ' \"",
        "<script>alert(1)</script>",
        "skol:* | '~a' & !b",
        "١٢٣ 中文 emoji 🙂",
    ],
)
def test_bad_input_is_never_an_error(client, process, q):
    PublishedContributionFactory(process=process, text="Skolan i Hok.")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"typ": "nope"},
        {"typ": "contributions", "sida": "abc"},
        {"typ": "contributions", "sida": "99999999999999999999"},
        {"sida": "-1"},
    ],
)
def test_unknown_kinds_and_pages_are_ignored(client, process, params):
    PublishedContributionFactory(process=process, text="Skolan i Hok.")
    response = client.get(URL, {"q": "skola", **params})
    assert response.status_code == 200
    assert response.context["result"].total == 1


def test_the_typed_words_are_escaped_on_the_page(client, process):
    response = client.get(URL, {"q": '"><img src=x onerror=alert(1)> skola'})
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html or "&quot;&gt;&lt;img" in html


def test_a_long_query_is_cut_to_200_characters():
    assert len(textsearch.clean_query("a" * 5000)) == 200


def test_every_page_has_the_search_box_in_its_header(client, process):
    html = client.get(reverse("home")).content.decode()
    assert 'role="search"' in html and 'id="site-search-q"' in html
    assert f'action="{URL}"' in html


# --- PostgreSQL: the Swedish configuration and the indexes -------------------------------------


@pytest.mark.postgres
def test_postgres_finds_compounds_like_sqlite(client, process):
    PublishedContributionFactory(process=process, title="Förskola", text="Fler förskolor i Hok.")
    FocusAreaFactory(process=process, title="Högskolan i Jönköping")
    response = search(client, "skolor")
    assert titles(response, "contributions") == ["Förskola"]
    assert titles(response, "focus_areas") == ["Högskolan i Jönköping"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model", "fields", "index"),
    [
        ("visionsprocess.Paragraph", ("short_title", "text"), "paragraph_search_gin"),
        ("visionsprocess.Document", ("title", "text"), "document_search_gin"),
        ("dialog.Meeting", ("title", "description"), "meeting_search_about_gin"),
        ("goals.CouncilGoal", None, "councilgoal_search_gin"),
        ("goals.Vision", None, "vision_search_gin"),
        ("goals.FocusArea", None, "focusarea_search_gin"),
        ("goals.FocusAreaUpdate", ("text",), "focusareaupdate_search_gin"),
    ],
)
def test_postgres_searches_through_the_functional_index(model, fields, index):
    from django.apps import apps

    from goals import site_search as goals_search

    model = apps.get_model(model)
    fields = (
        fields
        or {
            "CouncilGoal": goals_search.COUNCIL_GOAL_FIELDS,
            "Vision": goals_search.VISION_FIELDS,
            "FocusArea": goals_search.FOCUS_AREA_FIELDS,
        }[model.__name__]
    )
    # Without the model's ordering (a join the planner may walk first): is the index usable?
    queryset = textsearch.matching(model.objects.order_by(), ["skol"], fields=fields)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert index in plan, plan


# --- The document library: the PDFs' text ------------------------------------------------------


def _render(kind, source, user, capture):
    from visionsprocess.documents import services as documents

    with capture(execute=True):
        document = documents.document_request(kind=kind, source=source, user=user)
    document.refresh_from_db()
    assert document.status == "done", document.error
    return document


@pytest.fixture
def library(process, django_capture_on_commit_callbacks):
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process)
    adopt(version, clerk=clerk, bodies=bodies_for(process))
    version.refresh_from_db()
    capture = django_capture_on_commit_callbacks
    return {
        "adopted": _render("adopted_vision", version, clerk, capture),
        "overview": _render("process_overview", process, clerk, capture),
    }


def test_a_pdfs_text_is_kept_when_it_is_rendered_and_found(client, library):
    adopted = library["adopted"]
    assert "besökare" in adopted.text
    response = search(client, "besökarna")
    hits = groups(response)["documents"].hits
    assert [hit.url for hit in hits] == [reverse("documents:public_download", args=[adopted.token])]
    assert "<mark>besökare</mark>" in hits[0].snippet


def test_a_staff_only_document_is_never_found(client, library):
    assert library["overview"].text  # its text is kept, but it is not in the public library
    response = search(client, "besökare")
    assert [hit.title for hit in groups(response)["documents"].hits] == [library["adopted"].title]


def test_the_command_keeps_the_text_of_documents_rendered_before(
    client, library, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from visionsprocess.models import Document

    Document.objects.update(text="")
    assert "documents" not in groups(search(client, "besökare"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("extract_document_texts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "besökare" in Document.objects.get(pk=library["adopted"].pk).text
    assert "documents" in groups(search(client, "besökare"))


def test_an_unreadable_pdf_gives_no_text():
    from visionsprocess.documents.text import pdf_text

    assert pdf_text(b"%PDF-1.7 this is not a PDF") == ""


def test_a_contributions_day_is_written_as_the_other_hits_in_swedish(client, process):
    contribution = PublishedContributionFactory(process=process, text="Bygg en ny skola i Hok.")
    contribution.created = timezone.make_aware(dt.datetime(2026, 3, 5, 12, 0))
    contribution.save(update_fields=["created"])
    hit = groups(search(client, "skola"))["contributions"].hits[0]
    assert hit.detail.endswith("5 mars 2026"), hit.detail
