"""The clerk's pages of the chain: bad input gets a Swedish message on the form, never a 500;
the public process page shows the path without addresses; the memo PDF holds the seed's memo."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import BodyFactory, MunicipalityFactory, ProcessRoleFactory
from tests.visionsprocess.clerk_world import clerk_world
from visionsprocess.decisions import distribution, planning, proposals
from visionsprocess.decisions.services import decision_create
from visionsprocess.documents import services as document_services
from visionsprocess.models import DecisionProposal, DistributionEntry, PlannedStep, Role
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return clerk_world()


def post_plan(client, process, **data):
    payload = {
        "plan-matter": "programme",
        "plan-step": "1",
        "plan-planned_date": "2019-08-28",
        "plan-note": "ramar och upplägg",
    }
    payload.update({f"plan-{key}": value for key, value in data.items()})
    return client.post(
        reverse("staff:decision_plan_add", args=[process.slug]),
        payload,
        HTTP_ACCEPT_LANGUAGE="sv",
    )


def test_the_clerk_plans_parallel_bodies_at_one_step(client, world):
    process, bodies, clerk = world
    client.force_login(clerk)
    response = post_plan(client, process, bodies=[bodies["BUN"].pk, bodies["SON"].pk])
    assert response.status_code == 302
    assert set(PlannedStep.objects.values_list("body__short_name", "step")) == {
        ("BUN", 1),
        ("SON", 1),
    }
    page = client.get(reverse("staff:decisions", args=[process.slug]))
    assert "2 bodies in parallel" in page.content.decode() or "2 organ parallellt" in (
        page.content.decode()
    )


def test_a_date_in_the_wrong_format_is_refused_on_the_form(client, world):
    process, bodies, clerk = world
    client.force_login(clerk)
    response = post_plan(client, process, bodies=[bodies["KS"].pk], planned_date="28/8 2019")
    assert response.status_code == 200
    assert "Fyll i ett giltigt datum" in response.content.decode()
    assert not PlannedStep.objects.exists()


def test_a_body_of_another_municipality_is_not_offered_and_refused(client, world):
    process, _bodies, clerk = world
    other = BodyFactory(municipality=MunicipalityFactory(name="Nynäshamns kommun", code="0192"))
    client.force_login(clerk)
    response = post_plan(client, process, bodies=[other.pk])
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not PlannedStep.objects.exists()


def test_script_in_a_note_is_shown_as_text(client, world):
    process, bodies, clerk = world
    client.force_login(clerk)
    post_plan(client, process, bodies=[bodies["KS"].pk], note="<script>alert(1)</script>")
    page = client.get(reverse("process_detail", args=[process.slug])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_official_without_the_clerk_role_gets_403(client, world):
    process, bodies, _clerk = world
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    client.force_login(official)
    assert post_plan(client, process, bodies=[bodies["KS"].pk]).status_code == 403
    response = client.post(
        reverse("staff:decision_distribution_add", args=[process.slug]),
        {"dist-matter": "programme", "dist-name": "Nämnderna"},
    )
    assert response.status_code == 403
    assert not PlannedStep.objects.exists() and not DistributionEntry.objects.exists()
    page = client.get(reverse("staff:decisions", args=[process.slug])).content.decode()
    assert "Plan a step" not in page and "Planera ett steg" not in page


def test_a_step_of_another_process_cannot_be_removed_through_this_one(client, world):
    process, bodies, clerk = world
    other_process, other_bodies, _other_clerk = clerk_world()
    (step,) = planning.planned_step_add(
        process=other_process,
        matter="programme",
        bodies=[other_bodies["KS"]],
        step=1,
        planned_date=dt.date(2019, 11, 6),
        actor=None,
    )
    client.force_login(clerk)
    response = client.post(reverse("staff:decision_plan_remove", args=[process.slug, step.pk]))
    assert response.status_code == 404
    assert PlannedStep.objects.filter(pk=step.pk).exists()


def test_a_bad_address_on_the_distribution_list_gets_a_message(client, world):
    process, _bodies, clerk = world
    client.force_login(clerk)
    response = client.post(
        reverse("staff:decision_distribution_add", args=[process.slug]),
        {"dist-matter": "programme", "dist-name": "Nämnderna", "dist-email": "inte en adress"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert "giltig e-postadress" in response.content.decode()


def test_the_overdue_step_is_flagged_to_the_clerk_and_shown_publicly(client, world):
    process, bodies, clerk = world
    planning.planned_step_add(
        process=process,
        matter="programme",
        bodies=[bodies["KSAU"]],
        step=1,
        planned_date=dt.date(2019, 8, 28),
        actor=clerk,
    )
    client.force_login(clerk)
    staff = client.get(reverse("staff:decisions", args=[process.slug])).content.decode()
    assert "overdue-banner" in staff
    tasks = client.get(reverse("staff:process", args=[process.slug])).content.decode()
    assert 'id="clerk-tasks-heading"' in tasks
    client.logout()
    public = client.get(reverse("process_detail", args=[process.slug])).content.decode()
    assert 'id="beslutsgang"' in public and "28" in public


def test_the_public_page_shows_the_decision_but_never_an_address(client, world):
    process, bodies, clerk = world
    planning.planned_step_add(
        process=process,
        matter="programme",
        bodies=[bodies["KF"]],
        step=1,
        planned_date=dt.date(2019, 11, 25),
        actor=clerk,
    )
    distribution.distribution_entry_add(
        process=process,
        matter="programme",
        name="Samtliga nämnder",
        email="namnderna@example.org",
        actor=clerk,
    )
    decision_create(
        process=process,
        matter="programme",
        body=bodies["KF"],
        meeting_date=dt.date(2019, 11, 25),
        paragraph_number=112,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
    )
    public = client.get(reverse("process_detail", args=[process.slug])).content.decode()
    assert "§ 112" in public and "KS 2019/160" in public
    assert "namnderna@example.org" not in public
    client.force_login(clerk)
    staff = client.get(reverse("staff:decisions", args=[process.slug])).content.decode()
    assert "namnderna@example.org" in staff  # the clerk sees where it went


def test_the_memo_form_refuses_a_bad_dnr_and_saves_a_good_one(client, world):
    process, bodies, clerk = world
    client.force_login(clerk)
    url = reverse("staff:decision_proposal", args=[process.slug, "programme"])
    data = {
        "title": "Strategiskt utvecklingsprogram – ramar och upplägg",
        "dnr": "<b>KS</b>",
        "office": "Kommunledningskontoret",
        "addressee": bodies["KSAU"].pk,
        "proposal": "Kommunstyrelsens arbetsutskott godkänner ramar och upplägg.",
        "summary": "I februari förlängdes giltigheten till 2030.",
        "handler": "Camilla Wallin Kupferberg, verksamhetsutvecklare",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200 and not DecisionProposal.objects.exists()
    data["dnr"] = "KS 2019/160"
    assert client.post(url, data).status_code == 302
    assert DecisionProposal.objects.get().addressee == bodies["KSAU"]
    assert (
        client.get(reverse("staff:decision_proposal", args=[process.slug, "nope"])).status_code
        == 404
    )


SEED_HEADINGS = (
    "Förslag till beslut",
    "Sammanfattning av ärendet",
    "Ärendet",
    "Beslutet ska skickas till",
    "Handläggare",
)


def test_the_memo_pdf_regenerates_the_seed_memo_from_the_data(world):
    from goals import demo_clerk

    process, bodies, clerk = world
    for name, email in demo_clerk.RECIPIENTS:
        distribution.distribution_entry_add(
            process=process, matter="programme", name=name, email=email, actor=clerk
        )
    for step, short_name, date, note in demo_clerk.PLAN:
        planning.planned_step_add(
            process=process,
            matter="programme",
            bodies=[bodies[short_name]],
            step=step,
            planned_date=date,
            note=note,
            actor=clerk,
        )
    memo = proposals.proposal_save(
        process=process,
        matter="programme",
        actor=clerk,
        title="Strategiskt utvecklingsprogram – ramar och upplägg",
        dnr="KS 2019/160",
        office="Kommunledningskontoret",
        addressee=bodies["KSAU"],
        proposal=demo_clerk.PROPOSAL,
        summary=demo_clerk.SUMMARY,
        background=demo_clerk.BACKGROUND,
        handler="Camilla Wallin Kupferberg, verksamhetsutvecklare",
        manager="Torbjörn Åkerblad, kanslichef och bitr. kommundirektör",
    )
    kind = documents.get("tjansteskrivelse")
    assert kind.source_for(process) == memo
    rendered = render_pdf(
        template=kind.template,
        context=kind.build_context(memo),
        metadata=document_services.kind_metadata(kind, memo),
    )
    reader = PdfReader(io.BytesIO(rendered.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for heading in SEED_HEADINGS:
        assert heading in text
    for fact in (
        "Dnr KS 2019/160",
        "Kommunledningskontoret",
        "Till kommunstyrelsens arbetsutskott",
        "Strategiskt utvecklingsprogram – ramar och upplägg",
        "godkänner ramar och upplägg för ett strategiskt utvecklingsprogram",
        "Samtliga nämnder",
        "Kommunens ledningsgrupp",
        "Camilla Wallin Kupferberg, verksamhetsutvecklare",
        "Ansvarig chef: Torbjörn Åkerblad",
        "28 augusti 2019",
        "25 november 2019",
        "Glokala Sverige 8 okt",
    ):
        assert fact in text, fact
    assert "namnderna@example.org" not in text  # addresses are for sending, not for the memo
