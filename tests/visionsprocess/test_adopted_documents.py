"""Issue 12: one source of decision facts, every kind works only where it can, a dead job never
blocks the next, the public library, and the archive package a registry can take in."""

import csv
import datetime as dt
import importlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from tests.contributions.factories import PublishedContributionFactory
from tests.factories import BodyFactory, ProcessFactory, ProcessRoleFactory
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
from tests.goals.programme_world import make_programme
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.decisions import services as decision_services
from visionsprocess.documents import archive as packages
from visionsprocess.documents import recovery, selectors, services
from visionsprocess.drafting import services as drafting
from visionsprocess.models import ArchivePackage, Decision, Document, DocumentStatus, Role

pytestmark = pytest.mark.django_db


def render_now(kind, source, user, capture):
    with capture(execute=True):
        document = services.document_request(kind=kind, source=source, user=user)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    return document


@pytest.fixture
def adopted(db):
    process = ProcessFactory(title="Vision Vaggeryd 2030", case_dnr="KS 2019/160")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process)
    bodies = bodies_for(process)
    adopt(version, clerk=clerk, bodies=bodies)
    version.refresh_from_db()
    return process, clerk, version, bodies


# --- Decisions ---------------------------------------------------------------------------------


def test_a_decision_dated_in_the_future_is_refused_with_the_reason(adopted):
    process, clerk, _version, bodies = adopted
    make_programme(1, process=process)
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        decision_services.decision_create(
            process=process,
            matter="programme",
            body=bodies["KF"],
            meeting_date=timezone.localdate() + dt.timedelta(days=400),
            paragraph_number=7,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )
    assert "framtiden" in " ".join(error.value.messages)
    assert not Decision.objects.filter(paragraph_number=7).exists()


def test_a_decision_on_a_version_out_for_consultation_is_refused(db):
    process = ProcessFactory()
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    _round, version = draft_world(process)
    bodies = bodies_for(process)
    drafting.adoption_path_set(process=process, bodies=[bodies["KS"], bodies["KF"]], actor=clerk)
    drafting.consultation_send(
        version=version,
        deadline=timezone.localdate() + dt.timedelta(days=20),
        bodies=[],
        organisations="Kommunala pensionärsrådet",
        introduction="",
        actor=official,
    )
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        drafting.decision_record(
            version=version,
            body=bodies["KS"],
            meeting_date=dt.date(2019, 11, 6),
            paragraph_number=187,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )
    assert "remiss" in " ".join(error.value.messages)
    assert not Decision.objects.exists()


def test_a_decision_on_the_council_goals_links_every_goal_of_the_term(db):
    process, goals = make_programme(2)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    kf = process.decisions.get(matter="programme").body
    decision = decision_services.decision_create(
        process=process,
        matter="council_goals",
        target=f"{goals[0].term_start}-{goals[0].term_end}",
        body=kf,
        meeting_date=dt.date(2019, 5, 27),
        paragraph_number=58,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
    )
    assert decision.subject.startswith("Fullmäktiges mål för mandatperioden")
    assert {goal.decision_id for goal in process.council_goals.all()} == {decision.pk}


def test_the_minutes_of_a_decision_are_stored_cleaned_like_every_upload(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.media_files import pdf_bytes

    process, goals = make_programme(1)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    minutes = pdf_bytes(author="Elin Sjöberg", javascript="app.alert('hej')", pages=1)
    decision = decision_services.decision_create(
        process=process,
        matter="council_goals",
        target=f"{goals[0].term_start}-{goals[0].term_end}",
        body=process.decisions.get(matter="programme").body,
        meeting_date=dt.date(2019, 5, 27),
        paragraph_number=58,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
        minutes_file=SimpleUploadedFile("protokollsutdrag.pdf", minutes),
    )
    decision.minutes_file.open("rb")
    stored = decision.minutes_file.read()
    assert stored.startswith(b"%PDF")
    assert b"/JavaScript" not in stored and b"Elin" not in stored


def test_a_body_of_another_municipality_is_refused(adopted):
    process, clerk, _version, _bodies = adopted
    make_programme(1, process=process)
    from tests.factories import MunicipalityFactory

    stranger = BodyFactory(
        municipality=MunicipalityFactory(code="0192", name="Nynäshamns kommun"), short_name="KF"
    )
    with pytest.raises(ValidationError):
        decision_services.decision_create(
            process=process,
            matter="programme",
            body=stranger,
            meeting_date=dt.date(2019, 11, 25),
            paragraph_number=9,
            dnr="KS 2019/160",
            outcome="approved",
            actor=clerk,
        )


def test_the_migration_reads_a_free_text_reference_into_a_decision():
    migration = importlib.import_module("goals.migrations.0007_vision_reference_to_decision")
    assert migration.parse("KF 2019-02-25 § 12, Dnr KS 2019/160") == {
        "dnr": "KS 2019/160",
        "paragraph_number": 12,
        "meeting_date": "2019-02-25",
        "body": "KF",
    }
    assert migration.parse("KF 2019-02-25, Dnr KS 2019/160")["body"] == "KF"
    assert "body" not in migration.parse("antogs i våras")


# --- Every kind works, only where it can ---------------------------------------------------------


def test_the_adopted_vision_is_made_from_the_adopted_version_through_the_view(
    client, adopted, django_capture_on_commit_callbacks
):
    process, clerk, version, _bodies = adopted
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:request", args=[process.slug, "adopted_vision"]))
    assert response.status_code == 302  # was a 500: the process was passed as the version
    document = Document.objects.get(kind="adopted_vision")
    assert document.status == DocumentStatus.DONE, document.error
    assert document.source == version
    assert document.title == "Antagen vision – Vision Vaggeryd 2030 (version 1)"
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "vpreg:decidingBody>Kommunfullmäktige<" in xmp and "vpreg:paragraph>§ 112<" in xmp
    assert "vpreg:dnr>KS 2019/160<" in xmp and "vpreg:lastRevised>2019-11-25<" in xmp
    assert reader.metadata.title == document.title


def test_kinds_without_their_source_are_not_offered_and_say_what_is_missing(client, db):
    process = ProcessFactory()
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    offers = {offer.key: offer for offer in selectors.kinds_for(user=clerk, process=process)}
    for key in ("programme", "action_plan", "adopted_vision", "dialogue_synthesis"):
        assert not offers[key].available and offers[key].missing
    assert offers["process_overview"].available
    client.force_login(clerk)
    page = client.get(reverse("staff:process", args=[process.slug])).content.decode()
    assert reverse("documents:request", args=[process.slug, "programme"]) not in page
    assert "fullmäktigemål" in page  # the sentence saying what the programme needs
    response = client.post(reverse("documents:request", args=[process.slug, "programme"]))
    assert response.status_code == 302 and not Document.objects.exists()


def test_titles_and_metadata_are_in_swedish_whatever_the_interface_language(
    db, django_capture_on_commit_callbacks
):
    process, _goals = make_programme(1)
    PublishedContributionFactory(process=process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    with translation.override("en"):
        document = render_now(
            "dialogue_synthesis", process, official, django_capture_on_commit_callbacks
        )
        rows = packages.archive_left_out(process=process)  # unpublished: a draft
    assert rows[0]["status_label"] == "Utkast"
    assert document.title.startswith("Dialogsammanställning – ")
    assert str(timezone.localdate().year) in document.title  # a snapshot of a day
    assert rows[0]["document_type"] == "Sammanställning"


def test_programmes_of_four_processes_have_four_titles(db):
    titles = set()
    for index in range(4):
        process, _ = make_programme(1)
        process.title = f"Vision {2030 + index}"
        process.save()
        titles.add(services.kind_title(services.documents.get("programme"), process))
    assert len(titles) == 4


def test_the_action_plan_is_made_from_the_version_in_force_with_its_decision(
    db, django_capture_on_commit_callbacks
):
    process, goals = make_programme(1)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    version = ActionPlanVersionFactory(
        plan__process=process, year=2021, published=True, published_at=timezone.now()
    )
    ActionPlanItemFactory(version=version, goal=goals[0], activity="Trygghetsvandring i Hok")
    ksau = BodyFactory(municipality=process.municipality, short_name="KSAU", kind="ksau")
    decision = decision_services.decision_create(
        process=process,
        matter="action_plan",
        target=str(version.pk),
        body=ksau,
        meeting_date=dt.date(2021, 1, 13),
        paragraph_number=9,
        dnr="KS 2019/160",
        outcome="approved",
        actor=official,
    )
    source = services.source_for(kind="action_plan", process=process)
    assert source == version and source.decision == decision
    document = render_now("action_plan", source, official, django_capture_on_commit_callbacks)
    assert document.title == (
        f"Handlingsplan för uppföljning 2021 (rev. {version.revision}) – {process.title}"
    )
    meta = services.kind_metadata(services.documents.get("action_plan"), source)
    assert meta["dnr"] == "KS 2019/160" and meta["paragraph"] == "§ 9"
    assert meta["adopted_date"] == "2021-01-13" and decision.body.name == meta["deciding_body"]


# --- A job that dies never blocks the next -------------------------------------------------------


def _killed_mid_render(document, minutes=10):
    """What a worker killed mid-render leaves: "rendering", claimed long ago, no file."""
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING,
        attempts=1,
        started_at=timezone.now() - dt.timedelta(minutes=minutes),
    )


def test_a_new_request_is_never_answered_with_a_dead_job(
    adopted, django_capture_on_commit_callbacks
):
    process, clerk, _version, _bodies = adopted
    with django_capture_on_commit_callbacks(execute=False):
        dead = services.document_request(kind="process_overview", source=process, user=clerk)
    _killed_mid_render(dead)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.document_request(kind="process_overview", source=process, user=clerk)
    assert fresh.pk != dead.pk
    fresh.refresh_from_db()
    dead.refresh_from_db()
    assert fresh.status == DocumentStatus.DONE
    assert dead.status == DocumentStatus.FAILED and "arbetet" in dead.error.lower() or dead.error


def test_a_job_still_rendering_within_its_time_is_joined(
    adopted, django_capture_on_commit_callbacks
):
    process, clerk, _version, _bodies = adopted
    with django_capture_on_commit_callbacks(execute=False):
        first = services.document_request(kind="process_overview", source=process, user=clerk)
    _killed_mid_render(first, minutes=1)  # a worker may still be at it
    with django_capture_on_commit_callbacks(execute=False):
        second = services.document_request(kind="process_overview", source=process, user=clerk)
    assert second.pk == first.pk


def test_the_beat_task_retries_a_dead_job_then_fails_it_with_the_reason(
    adopted, django_capture_on_commit_callbacks, settings
):
    process, clerk, _version, _bodies = adopted
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind="process_overview", source=process, user=clerk)
    _killed_mid_render(document)
    with django_capture_on_commit_callbacks(execute=True):
        counts = recovery.recover_stale_jobs()
    assert counts["Document"] == {"retried": 1, "failed": 0}
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE and document.attempts == 2

    with django_capture_on_commit_callbacks(execute=False):
        other = services.document_request(kind="adopted_vision", source=_version, user=clerk)
    Document.objects.filter(pk=other.pk).update(
        status=DocumentStatus.RENDERING,
        attempts=settings.DOCUMENT_JOB_MAX_ATTEMPTS,
        started_at=timezone.now() - dt.timedelta(hours=1),
    )
    counts = recovery.recover_stale_jobs()
    other.refresh_from_db()
    assert counts["Document"]["failed"] == 1
    assert (
        other.status == DocumentStatus.FAILED
        and str(settings.DOCUMENT_JOB_MAX_ATTEMPTS) in other.error
    )


def test_a_dead_archive_package_does_not_block_archiving(
    adopted, django_capture_on_commit_callbacks
):
    process, clerk, version, _bodies = adopted
    render_now("adopted_vision", version, clerk, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        dead = packages.archive_request(process=process, user=clerk)
    ArchivePackage.objects.filter(pk=dead.pk).update(
        status=DocumentStatus.RENDERING,
        attempts=1,
        started_at=timezone.now() - dt.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        fresh = packages.archive_request(process=process, user=clerk)
    fresh.refresh_from_db()
    assert fresh.pk != dead.pk and fresh.status == DocumentStatus.DONE


# --- The public library --------------------------------------------------------------------------


def test_citizens_download_the_adopted_programme_and_never_a_draft(
    client, db, django_capture_on_commit_callbacks
):
    process, goals = make_programme(1)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    programme = render_now("programme", process, official, django_capture_on_commit_callbacks)
    draft = ActionPlanVersionFactory(plan__process=process, year=2022, published=False)
    ActionPlanItemFactory(version=draft, goal=goals[0])
    draft_document = render_now("action_plan", draft, official, django_capture_on_commit_callbacks)
    overview = render_now("process_overview", process, official, django_capture_on_commit_callbacks)

    page = client.get(reverse("process_detail", args=[process.slug])).content.decode()
    assert reverse("documents:public_download", args=[programme.token]) in page
    assert "Kommunfullmäktige" in page and "§ 123" in page and "Dnr KS 2019/160" in page
    response = client.get(reverse("documents:public_download", args=[programme.token]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    for hidden in (draft_document, overview):
        assert reverse("documents:public_download", args=[hidden.token]) not in page
        assert (
            client.get(reverse("documents:public_download", args=[hidden.token])).status_code == 404
        )
    library = client.get(reverse("documents:library", args=[process.slug])).content.decode()
    assert programme.title in library and draft_document.title not in library


def test_the_synthesis_is_public_only_once_an_official_publishes_it(
    client, db, django_capture_on_commit_callbacks
):
    process = ProcessFactory()
    PublishedContributionFactory(process=process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    synthesis = render_now(
        "dialogue_synthesis", process, official, django_capture_on_commit_callbacks
    )
    url = reverse("documents:public_download", args=[synthesis.token])
    assert client.get(url).status_code == 404
    services.document_publish(document=synthesis, user=official)
    assert client.get(url).status_code == 200
    services.document_publish(document=synthesis, user=official, publish=False)
    assert client.get(url).status_code == 404


def test_an_internal_process_has_no_public_library(client, db, django_capture_on_commit_callbacks):
    process, _ = make_programme(1)
    process.visibility = "internal"
    process.save()
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    programme = render_now("programme", process, official, django_capture_on_commit_callbacks)
    assert selectors.public_library(process=process) == []
    assert (
        client.get(reverse("documents:public_download", args=[programme.token])).status_code == 404
    )


# --- The archive package -------------------------------------------------------------------------


def test_archive_rows_with_a_synthesis_can_be_written_as_json(
    db, django_capture_on_commit_callbacks
):
    process = ProcessFactory()
    PublishedContributionFactory(process=process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    synthesis = render_now(
        "dialogue_synthesis", process, official, django_capture_on_commit_callbacks
    )
    services.document_publish(document=synthesis, user=official)
    rows = packages.archive_rows(process=process)
    written = json.loads(
        json.dumps(
            [
                {k: v for k, v in row.items() if k not in ("document", "decision_obj")}
                for row in rows
            ]
        )
    )
    assert [row["status"] for row in written] == ["published"]


def test_the_archive_package_validates_as_e_ark_and_names_every_decision_fact(
    adopted, tmp_path, django_capture_on_commit_callbacks
):
    from tests.visionsprocess.eark_validation import errors

    process, clerk, version, _bodies = adopted
    process.classification_code = "1.2.4"
    process.save()
    vision = render_now("adopted_vision", version, clerk, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        package = packages.archive_request(process=process, user=clerk)
    package.refresh_from_db()
    assert package.status == DocumentStatus.DONE, package.error
    with zipfile.ZipFile(package.file.path) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
        root = names[0].split("/")[0]
        assert root.startswith(f"vp-{process.municipality.code}-{process.slug}-")
        pdf = next(n for n in names if n.endswith(".pdf"))
        assert pdf.startswith(f"{root}/representations/rep1/data/")
        assert archive.getinfo(pdf).date_time[:3] == (2019, 11, 25)  # dated as the document
        raw = archive.read(f"{root}/documentation/metadata.csv")
    assert errors(Path(tmp_path) / root) == []
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["Dokumentnamn"] == vision.title)
    assert row["Beslutande organ"] == "Kommunfullmäktige" and row["Beslutsdatum"] == "2019-11-25"
    assert row["Paragraf"] == "§ 112" and row["Diarienummer"] == "KS 2019/160"
    assert row["Klassificering"] == "1.2.4" and row["Kommunkod"] == process.municipality.code
    assert row["Ärendets diarienummer"] == "KS 2019/160" and row["Paket-id"] == root
    mets = (Path(tmp_path) / root / "METS.xml").read_text()
    assert f'OBJID="{root}"' in mets and "KS 2019/160" in mets and "1.2.4" in mets
    premis = (
        Path(tmp_path) / root / "representations/rep1/metadata/preservation/premis.xml"
    ).read_text()
    assert vision.sha256 in premis and "fmt/479" in premis and "PDF/A-3a" in premis


# --- Production static storage -------------------------------------------------------------------


def test_a_document_renders_under_the_manifest_static_storage_after_collectstatic(
    adopted, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    from django.utils.functional import empty

    staticfiles_storage._wrapped = empty  # take the new backend
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.templatetags.static import static

        assert static("css/print.css") != "/static/css/print.css"  # a hashed name
        process, clerk, version, _bodies = adopted
        document = render_now("adopted_vision", version, clerk, django_capture_on_commit_callbacks)
        assert document.page_count >= 1
    finally:
        staticfiles_storage._wrapped = empty


def test_the_clerk_records_the_goals_decision_on_the_decisions_page(client, db):
    process, goals = make_programme(2)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    kf = process.decisions.get(matter="programme").body
    client.force_login(clerk)
    url = reverse("staff:decisions", args=[process.slug])
    data = {
        "matter": "council_goals",
        "target": f"{goals[0].term_start}-{goals[0].term_end}",
        "body": kf.pk,
        "meeting_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "paragraph_number": "58",
        "dnr": "KS 2019/160",
        "outcome": "approved",
        "subject": "<script>alert(1)</script>",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "framtiden" in response.content.decode()
    data["meeting_date"] = "2019-05-27"
    assert client.post(url, data).status_code == 302
    decision = process.decisions.get(matter="council_goals")
    page = client.get(url).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert {goal.decision_id for goal in process.council_goals.all()} == {decision.pk}


def test_a_decision_on_the_action_plan_cannot_be_about_the_council_goals(client, db):
    from goals.decisions import ACTION_PLAN

    process, goals = make_programme(2)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    kf = process.decisions.get(matter="programme").body
    client.force_login(clerk)
    url = reverse("staff:decisions", args=[process.slug])
    page = client.get(url).content.decode()
    assert "<optgroup" in page, "the targets are grouped by what was decided"
    response = client.post(
        url,
        {
            "matter": ACTION_PLAN,
            "target": f"{goals[0].term_start}-{goals[0].term_end}",
            "body": kf.pk,
            "meeting_date": "2019-11-25",
            "paragraph_number": "113",
            "dnr": "KS 2019/160",
            "outcome": "approved",
        },
    )
    assert response.status_code == 200
    assert "Välj något som beslutet kan gälla" in response.content.decode()
    assert not process.decisions.filter(matter=ACTION_PLAN).exists()
