"""Issue 23: the archive package validates with no error (E-ARK CSIP/SIP 2.1), one adoption fact
per document on every cover, XMP field, library entry, METS record and CSV row, a status for
each document, and the small promises of the document pages (names, HEAD, GET on a button's
address, table-header scope in the tagged PDF)."""

import csv
import datetime as dt
import io
import re
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET  # noqa: S405 - our own output

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from tests.contributions.factories import PublishedContributionFactory
from tests.factories import ProcessFactory, ProcessRoleFactory
from tests.goals.factories import ActionPlanItemFactory, ActionPlanVersionFactory
from tests.goals.programme_world import make_programme
from tests.visionsprocess.factories_drafting import adopt, bodies_for, draft_world
from visionsprocess.documents import archive as packages
from visionsprocess.documents import eark, eark_check, services
from visionsprocess.drafting import services as drafting
from visionsprocess.models import DocumentStatus, Role

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"
SWEDISH_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def render_now(kind, source, user, capture):
    with capture(execute=True):
        document = services.document_request(kind=kind, source=source, user=user)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    return document


def build_package(process, user, capture):
    with capture(execute=True):
        package = packages.archive_request(process=process, user=user)
    package.refresh_from_db()
    assert package.status == DocumentStatus.DONE, package.error
    return package


def xmp(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def first_page(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(reader.pages[0].extract_text().split())


def swedish_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {SWEDISH_MONTHS[day.month - 1]} {day.year}"


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    """Vaggeryd's programme (KF 2019-11-25), the vision's own decision (KF 2019-02-25, its
    extended validity), a drafted text adopted KS → KF § 112, and an action plan in force that
    no body has decided on (its Dnr falls back to the case's)."""
    process = ProcessFactory(
        title="Strategiskt utvecklingsprogram 2019–2022", case_dnr="KS 2019/160"
    )
    process.classification_code = "1.2.4"
    process.save()
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    bodies = bodies_for(process)
    _round, version = draft_world(process)
    adopt(version, clerk=clerk, bodies=bodies)
    version.refresh_from_db()
    _process, goals = make_programme(1, process=process)
    plan = ActionPlanVersionFactory(
        plan__process=process, year=2021, published=True, published_at=timezone.now()
    )
    ActionPlanItemFactory(version=plan, goal=goals[0], activity="Trygghetsvandring i Hok")
    capture = django_capture_on_commit_callbacks
    documents = {
        "programme": render_now("programme", process, clerk, capture),
        "adopted_vision": render_now("adopted_vision", version, clerk, capture),
        "action_plan": render_now("action_plan", plan, clerk, capture),
        # A staff fact sheet nobody adopts or publishes: a draft, left out of the package.
        "process_overview": render_now("process_overview", process, clerk, capture),
    }
    return {"process": process, "clerk": clerk, "documents": documents, "version": version}


def unpack(package, tmp_path) -> Path:
    with zipfile.ZipFile(package.file.path) as archive:
        archive.extractall(tmp_path)
        root = archive.namelist()[0].split("/")[0]
    return Path(tmp_path) / root


def test_the_package_validates_with_no_error_and_every_document_states_one_adoption_fact(
    world, tmp_path, client, django_capture_on_commit_callbacks
):
    process, clerk = world["process"], world["clerk"]
    package = build_package(process, clerk, django_capture_on_commit_callbacks)
    root = unpack(package, tmp_path)
    assert eark_check.errors(root) == []

    rows = list(
        csv.DictReader(
            io.StringIO((root / "documentation/metadata.csv").read_text(encoding="utf-8-sig")),
            delimiter=";",
        )
    )
    by_name = {row["Dokumentnamn"]: row for row in rows}
    rep_mets = ET.parse(root / "representations/rep1/METS.xml").getroot()
    records = {}
    for section in rep_mets.iter(f"{METS}dmdSec"):
        href = section.find(f"{METS}mdRef").get(f"{XLINK}href")
        record = ET.parse(root / "representations/rep1" / href).getroot()
        records[record.find(f"{DC}title").text] = record
    library = client.get(reverse("documents:library", args=[process.slug])).content.decode()

    for kind in ("programme", "adopted_vision", "action_plan"):
        document = world["documents"][kind]
        facts = services.kind_metadata(
            services.documents.get(kind), document.source
        )  # the one source of the values
        assert facts["dnr"] == "KS 2019/160"
        cover, fields, row = first_page(document), xmp(document), by_name[facts["document_name"]]
        record = records[facts["document_name"]]
        identifiers = [node.text for node in record.iter(f"{DC}identifier")]
        assert f"Dnr {facts['dnr']}" in cover, kind
        assert f"vpreg:dnr>{facts['dnr']}<" in fields
        assert row["Diarienummer"] == facts["dnr"] and f"Dnr {facts['dnr']}" in identifiers
        if facts["adopted_date"]:
            assert swedish_date(facts["adopted_date"]) in cover, kind
            assert f"{facts['paragraph']}" in cover
            assert f"vpreg:adoptedDate>{facts['adopted_date']}<" in fields
            assert f"vpreg:paragraph>{facts['paragraph']}<" in fields
            assert (row["Beslutsdatum"], row["Paragraf"]) == (
                facts["adopted_date"],
                facts["paragraph"],
            )
            assert record.find(f"{DCTERMS}dateAccepted").text == facts["adopted_date"]
            assert facts["paragraph"] in record.find(f"{DC}description").text
            assert (
                row["Status"] == "Antagen"
                and "Status: Antagen" in record.find(f"{DC}description").text
            )
            assert facts["adopted_date"] != "2019-02-25"  # never the vision's own decision
        else:
            assert "Antagen av" not in cover and row["Beslutsdatum"] == ""
            assert record.find(f"{DCTERMS}dateAccepted") is None
            assert row["Status"] == "Publicerad"
        assert f"Dnr {facts['dnr']}" in library

    # The programme names the vision's own decision for what it decided, not as an adoption.
    programme_text = " ".join(
        page.extract_text()
        for page in PdfReader(world["documents"]["programme"].file.path).pages[:3]
    )
    assert re.search(
        r"gäller till 2030 enligt KF 2019-02-25 § \d+", " ".join(programme_text.split())
    )
    # The drafted text adopted as decisions on a vision text is the adopted vision.
    assert world["documents"]["adopted_vision"].title.startswith("Antagen vision – ")


def test_the_package_has_what_e_ark_sip_asks_for_and_leaves_drafts_out(
    world, tmp_path, client, django_capture_on_commit_callbacks
):
    process, clerk = world["process"], world["clerk"]
    package = build_package(process, clerk, django_capture_on_commit_callbacks)
    root = unpack(package, tmp_path)
    mets = ET.parse(root / "METS.xml").getroot()
    header = mets.find(f"{METS}metsHdr")
    assert header.get("LASTMODDATE") == header.get("CREATEDATE")
    agents = {(a.get("ROLE"), a.get("TYPE")) for a in header.iter(f"{METS}agent")}
    assert agents == {
        ("CREATOR", "OTHER"),
        ("ARCHIVIST", "ORGANIZATION"),
        ("CREATOR", "ORGANIZATION"),
    }
    mptr = mets.find(f".//{METS}mptr")
    assert mptr.get(f"{XLINK}href") == "representations/rep1/METS.xml"
    assert (root / "representations/rep1/metadata/preservation/premis.xml").is_file()
    premis = (root / "representations/rep1/metadata/preservation/premis.xml").read_text()
    assert premis.count("fmt/479") == 3 and "fmt/480" not in premis  # PDF/A-3a, each
    assert all(d.pdf_variant == "pdf/a-3a" for d in world["documents"].values())

    # Only adopted and published documents go in; the draft is named on the archive page.
    overview = world["documents"]["process_overview"]
    assert package.document_count == 3
    assert packages.archive_file_name(overview) not in "\n".join(
        p.name for p in root.rglob("*.pdf")
    )
    client.force_login(clerk)
    page = client.get(reverse("documents:archive", args=[process.slug])).content.decode()
    assert "Inte med i arkivpaketet: utkast" in page and overview.title in page
    assert "metadata.json" in page and "representations/rep1" in page and "E-ARK" in page

    # One name, one time zone: the download is named as the root folder, in local time.
    response = client.get(reverse("documents:archive_download", args=[package.token]))
    assert f'filename="{root.name}.zip"' in response["Content-Disposition"]
    local = timezone.localtime(package.created).strftime("%Y%m%d-%H%M")
    assert f"-{local}-" in root.name
    assert (
        mets.find(f"{METS}metsHdr")
        .get("CREATEDATE")
        .endswith(
            timezone.localtime().strftime("%z")[:3] + ":" + timezone.localtime().strftime("%z")[3:]
        )
    )

    # Ordinary modes: 0644 files, 0755 folders, every folder an entry of its own.
    with zipfile.ZipFile(package.file.path) as archive:
        infos = archive.infolist()
    folders = {info.filename for info in infos if info.is_dir()}
    for info in infos:
        mode = info.external_attr >> 16
        expected = (stat.S_IFDIR | 0o755) if info.is_dir() else (stat.S_IFREG | 0o644)
        assert mode == expected, (info.filename, oct(mode))
        parent = info.filename.rstrip("/").rpartition("/")[0]
        assert not parent or f"{parent}/" in folders
    assert f"{root.name}/representations/rep1/metadata/descriptive/" in folders


def test_only_drafts_are_not_archived_and_the_clerk_is_told_why(
    db, django_capture_on_commit_callbacks
):
    process = ProcessFactory()
    PublishedContributionFactory(process=process)
    official = ProcessRoleFactory(process=process, role=Role.OFFICIAL).user
    synthesis = render_now(
        "dialogue_synthesis", process, official, django_capture_on_commit_callbacks
    )
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        packages.archive_request(process=process, user=official)
    assert "Bara utkast" in " ".join(error.value.messages)
    assert [row["status_label"] for row in packages.archive_left_out(process=process)] == ["Utkast"]
    services.document_publish(document=synthesis, user=official)
    rows = packages.archive_rows(process=process)
    assert [(row["status"], row["status_label"]) for row in rows] == [("published", "Publicerad")]


# --- The validator -------------------------------------------------------------------------------


@pytest.fixture
def good_package(world, tmp_path, django_capture_on_commit_callbacks):
    package = build_package(world["process"], world["clerk"], django_capture_on_commit_callbacks)
    return package, unpack(package, tmp_path / "unpacked")


def test_archive_validate_passes_a_good_package_zip_and_folder(good_package):
    package, root = good_package
    for target in (package.file.path, root):
        out = io.StringIO()
        call_command("archive_validate", str(target), stdout=out)
        assert "0 errors" in out.getvalue()


def test_archive_validate_fails_a_broken_package_with_each_error_readable(good_package):
    _package, root = good_package
    mets = (root / "METS.xml").read_text()
    # No submitting agent, the archival creator's note untyped, a PDF changed, a stray file.
    mets = mets.replace(
        '<mets:agent ROLE="CREATOR" TYPE="ORGANIZATION">',
        '<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">',
    )
    mets = re.sub(
        r'(<mets:agent ROLE="ARCHIVIST"[^>]*>.*?)<mets:note csip:NOTETYPE="IDENTIFICATIONCODE">',
        r"\1<mets:note>",
        mets,
        count=1,
        flags=re.S,
    )
    (root / "METS.xml").write_text(mets)
    pdf = next((root / "representations/rep1/data").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%changed")
    (root / "documentation/notes.txt").write_text("not in METS")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("archive_validate", str(root), stdout=out)
    assert error.value.returncode == 1 and "INVALID" in str(error.value)
    printed = out.getvalue()
    assert "ERROR SIP15 [METS.xml]" in printed and "ERROR SIP14 [METS.xml]" in printed
    assert f"data/{pdf.name}: SHA-256 differs from CHECKSUM" in printed
    assert "documentation/notes.txt]: not referenced by any METS file" in printed


def test_a_missing_path_and_a_non_package_are_errors_not_tracebacks(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("archive_validate", str(tmp_path / "nothing.zip"))
    not_zip = tmp_path / "paket.zip"
    not_zip.write_text("<script>alert(1)</script>")
    with pytest.raises(CommandError) as error:
        call_command("archive_validate", str(not_zip), stdout=io.StringIO())
    assert error.value.returncode == 1


def test_the_corrected_rules_still_catch_a_wrong_software_agent(good_package):
    _package, root = good_package
    mets = (root / "METS.xml").read_text()
    (root / "METS.xml").write_text(
        mets.replace('csip:NOTETYPE="SOFTWARE VERSION"', 'csip:NOTETYPE="IDENTIFICATIONCODE"')
    )
    rules = {problem.rule for problem in eark_check.errors(root)}
    assert "CSIP16" in rules


def test_the_stock_rules_fail_a_valid_package_only_on_the_agent_rules_that_contradict_sip(
    good_package,
):
    """Why the check corrects rules: eark-validator 1.1.3's own rules refuse the submitting
    agent SIP 2.1 requires and check SIP14 on the software agent; nothing else."""
    import urllib.request
    from unittest import mock

    _package, root = good_package
    eark_check._validator()
    # offline: the validator's modules read their vocabularies from its own copies
    with mock.patch.object(urllib.request, "urlopen", eark_check._shipped_vocabulary):
        from eark_validator.packages import PackageValidator

        report = PackageValidator(root).validation_report
    stock = {
        message.rule_id
        for message in report.metadata.schematron_results.messages
        if message.severity == "Error"
    }
    assert stock == {"CSIP12", "CSIP13", "CSIP16", "SIP14"}
    assert not [m for m in report.metadata.schema_results.messages if m.severity == "Error"]


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("pdf/a-3a", ("PDF/A-3a", "fmt/479")),
        ("pdf/a-3b", ("PDF/A-3b", "fmt/480")),
        ("pdf/a-2a", ("PDF/A-2a", "fmt/476")),
        ("PDF/A-1B", ("PDF/A-1b", "fmt/354")),
        ("pdf/ua-1", ("pdf/ua-1", None)),
    ],
)
def test_each_pdf_a_variant_has_its_own_pronom_code(variant, expected):
    assert eark.pdf_format(variant) == expected


# --- The adopted text named for what was adopted ---------------------------------------------------


def test_a_text_adopted_as_the_programme_is_not_called_the_adopted_vision(
    db, django_capture_on_commit_callbacks
):
    process = ProcessFactory(title="Strategiskt utvecklingsprogram 2019–2022")
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    _round, version = draft_world(process)
    bodies = bodies_for(process)
    drafting.adoption_path_set(process=process, bodies=[bodies["KF"]], actor=clerk)
    drafting.decision_record(
        version=version,
        body=bodies["KF"],
        meeting_date=dt.date(2019, 11, 25),
        paragraph_number=112,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
        matter="programme",
        subject="Strategiskt utvecklingsprogram 2019–2022 antas",
    )
    version.refresh_from_db()
    document = render_now("adopted_vision", version, clerk, django_capture_on_commit_callbacks)
    assert document.title == "Antagen text – Strategiskt utvecklingsprogram 2019–2022 (version 1)"
    assert "vpreg:documentType>Program<" in xmp(document)
    assert "Antagen av kommunfullmäktige 25 november 2019, § 112, Dnr KS 2019/160" in first_page(
        document
    )


# --- Small promises of the document pages ---------------------------------------------------------


def test_file_names_keep_the_dash_between_years(world, client):
    programme = world["documents"]["programme"]
    assert "2019-2022" in packages.archive_file_name(programme)
    client.force_login(world["clerk"])
    response = client.get(reverse("documents:download", args=[programme.token]))
    assert "strategiskt-utvecklingsprogram-2019-2022" in response["Content-Disposition"]


def test_downloads_answer_head_with_the_headers_and_no_body(world, client):
    programme = world["documents"]["programme"]
    response = client.head(reverse("documents:public_download", args=[programme.token]))
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(programme.file_size)
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world["clerk"])
    staff = client.head(reverse("documents:download", args=[programme.token]))
    assert staff.status_code == 200 and staff.content == b""
    assert client.post(reverse("documents:download", args=[programme.token])).status_code == 405


def test_a_get_on_a_button_address_explains_instead_of_a_blank_405(world, client):
    process = world["process"]
    url = reverse("documents:request", args=[process.slug, "programme"])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    citizen = ProcessRoleFactory(process=ProcessFactory(), role=Role.OFFICIAL).user
    client.force_login(citizen)
    assert client.get(url).status_code == 403  # tells nothing to someone who may not use it
    client.force_login(world["clerk"])
    with translation.override("sv"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 405 and response["Allow"] == "POST"
    body = response.content.decode()
    assert "Ingenting gjordes" in body
    assert reverse("staff:process", args=[process.slug]) in body
    archive = client.get(reverse("documents:archive_request", args=[process.slug]))
    assert archive.status_code == 405
    assert reverse("documents:archive", args=[process.slug]) in archive.content.decode()
    assert client.put(url).status_code == 405


def test_every_table_header_in_a_pdf_carries_its_scope(world):
    """Programme (row headers in the facts table), adopted vision (column headers)."""
    found = {}
    for kind in ("programme", "adopted_vision", "action_plan"):
        reader = PdfReader(world["documents"][kind].file.path)
        stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
        while stack:
            node = stack.pop()
            node = node.get_object() if hasattr(node, "get_object") else node
            if not isinstance(node, dict):
                continue
            if node.get("/S") == "/TH":
                scope = node["/A"].get("/Scope")
                assert scope in ("/Row", "/Column"), (kind, node)
                found.setdefault(kind, set()).add(scope)
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    assert found["programme"] >= {"/Row"} and found["adopted_vision"] == {"/Column"}
    assert found["action_plan"] >= {"/Column"}
