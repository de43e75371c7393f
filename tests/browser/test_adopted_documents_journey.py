"""Issue 12's journey: the clerk records the KF decision, renders the adopted vision and the
programme, builds the archive package and downloads it; the package validates as E-ARK and its
metadata names KF 2019-11-25 § 112 and Dnr KS 2019/160. A citizen then downloads the adopted
programme from the process page (the running title in every footer, one body size across the
spreads) and cannot reach a draft."""

import csv
import datetime as dt
import io
import zipfile

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, login
from tests.factories import ProcessRoleFactory
from tests.goals.programme_world import make_programme
from tests.visionsprocess.eark_validation import errors
from tests.visionsprocess.factories_drafting import draft_world
from visionsprocess.drafting import services as drafting
from visionsprocess.models import Body, Document, Role


def _sizes_of(reader, index, needle):
    sizes = set()

    def visit(text, cm, tm, font, size):
        if needle in text:
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.add(round(size * scale, 1))

    reader.pages[index].extract_text(visitor_text=visit)
    return sizes


def test_clerk_records_renders_and_archives_and_a_citizen_downloads_the_programme(
    page, browser, live_server, django_db_serialized_rollback, tmp_path
):
    process, goals = make_programme(4, programme_decision=False)
    process.case_dnr = "KS 2019/160"
    process.classification_code = "1.2.4"
    process.save()
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    kf = Body.objects.get(municipality=process.municipality, short_name="KF")
    ks = Body.objects.create(
        municipality=process.municipality, kind="ks", short_name="KS", name="Kommunstyrelsen"
    )
    _round, version = draft_world(process)
    drafting.adoption_path_set(process=process, bodies=[ks, kf], actor=clerk)
    drafting.decision_record(
        version=version,
        body=ks,
        meeting_date=dt.date(2019, 11, 6),
        paragraph_number=187,
        dnr="KS 2019/160",
        outcome="approved",
        actor=clerk,
        matter="programme",
    )

    # The clerk records KF's decision of 25 November 2019.
    login(page, clerk)
    page.goto(f"/staff/processer/{process.slug}/utkast/beslut/nytt/")
    assert_accessible(page)
    page.select_option("#id_matter", "programme")
    page.select_option("#id_body", str(kf.pk))
    page.fill("#id_meeting_date", "2019-11-25")
    page.fill("#id_paragraph_number", "112")
    page.fill("#id_dnr", "KS 2019/160")
    page.select_option("#id_outcome", "approved")
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page.get_by_role("table")).to_contain_text("112")
    version.refresh_from_db()
    assert version.state == "adopted"

    # The decisions page states it once, for everything.
    page.goto(f"/staff/processer/{process.slug}/beslut/")
    expect(page.get_by_role("table")).to_contain_text("KS 2019/160")
    assert_accessible(page)

    # The adopted vision and the programme, from the staff page (Celery runs eagerly here).
    for kind in ("adopted_vision", "programme"):
        page.goto(f"/staff/processer/{process.slug}/")
        page.locator(f"form[action$='/dokument/{kind}/skapa/'] button").click()
        expect(page.locator("a[href$='/ladda-ner/']")).to_be_visible(timeout=30_000)
    assert_accessible(page)
    vision = Document.objects.get(kind="adopted_vision")
    # Its path was recorded as the programme's decisions: the text adopted is the programme's,
    # so the document is "Antagen text", not the vision's adoption (README, one adoption fact).
    assert vision.title.startswith("Antagen text – ") and vision.status == "done"

    # The archive package, downloaded and validated.
    page.goto(f"/staff/processer/{process.slug}/arkiv/")
    page.locator(f"form[action$='/{process.slug}/arkiv/paket/'] button").click()
    zip_link = page.locator("a[href^='/arkiv/'][href$='/ladda-ner/']")
    expect(zip_link).to_be_visible(timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as info:
        zip_link.click()
    zip_path = tmp_path / "package.zip"
    info.value.save_as(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        root = archive.namelist()[0].split("/")[0]
        archive.extractall(tmp_path / "unpacked")
        rows = list(
            csv.DictReader(
                io.StringIO(archive.read(f"{root}/documentation/metadata.csv").decode("utf-8-sig")),
                delimiter=";",
            )
        )
    assert errors(tmp_path / "unpacked" / root) == []
    assert info.value.suggested_filename == f"{root}.zip"  # one name, one time zone
    programme_row = next(r for r in rows if r["Dokumenttyp"] == "Program")
    assert programme_row["Beslutande organ"] == "Kommunfullmäktige"
    assert programme_row["Beslutsdatum"] == "2019-11-25" and programme_row["Paragraf"] == "§ 112"
    assert programme_row["Diarienummer"] == "KS 2019/160"

    # A citizen, not signed in, on the process page.
    citizen = browser.new_context(locale="sv-SE", base_url=live_server.url)
    public = citizen.new_page()
    public.goto(f"/process/{process.slug}/")
    library = public.locator("section[aria-labelledby='library-section-heading']")
    expect(library).to_contain_text("§ 112")
    expect(library).to_contain_text("KS 2019/160")
    assert_accessible(public)
    programme = Document.objects.get(kind="programme")
    with public.expect_download() as info:
        library.locator(f"a[href='/dokument/{programme.token}/hamta/']").click()
    pdf_path = tmp_path / "programme.pdf"
    info.value.save_as(pdf_path)
    reader = PdfReader(pdf_path)
    assert len(reader.pages) == 16
    for index in range(1, 15):
        assert "Strategiskt utvecklingsprogram 2019–2022 · " in reader.pages[index].extract_text()
    body = set()
    for index in range(len(goals)):
        body |= _sizes_of(reader, 6 + 2 * index, "Hela kommunen ska leva")
    assert body == {10.5}

    public.goto(f"/process/{process.slug}/dokument/")
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(public)
    # No draft: the staff's drafting pages and the staff download send a citizen to log in.
    public.goto(f"/staff/processer/{process.slug}/utkast/version/{version.number}/")
    assert "/konto/login/" in public.url
    response = public.request.get(f"/dokument/{vision.token}/ladda-ner/", max_redirects=0)
    assert response.status in (302, 403)
    citizen.close()
