"""A clerk asks for the programme, watches the status change, downloads it, then downloads the
archive package. Elements are found by their URLs and roles so the journey holds in any language.
"""

import io
import re
import zipfile

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, login
from tests.factories import ProcessRoleFactory
from tests.goals.programme_world import make_programme
from visionsprocess.documents import services, tasks
from visionsprocess.models import Document, Role


def test_clerk_makes_the_programme_and_the_archive_package(
    page, monkeypatch, django_db_serialized_rollback, tmp_path
):
    process, goals = make_programme(4)
    clerk = ProcessRoleFactory(process=process, role=Role.CLERK).user
    # Hold the task back so the clerk sees "queued" first; the test plays the worker.
    held = []
    enqueue = services.enqueue

    def hold_renders(task, **kwargs):
        if task is services.render_document:
            held.append(kwargs["document_id"])
            return None
        return enqueue(task, **kwargs)

    monkeypatch.setattr(services, "enqueue", hold_renders)

    login(page, clerk)
    page.goto(f"/staff/processer/{process.slug}/")
    button = page.locator(f"form[action$='/{process.slug}/dokument/programme/skapa/'] button")
    expect(button).to_be_visible()
    assert_accessible(page)
    button.click()

    status = page.locator("#document-status")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    expect(status.locator(".badge")).to_have_text(re.compile("I kö|Queued"))
    assert_accessible(page)
    assert len(held) == 1

    tasks.render_document.apply(args=[held[0]])  # the worker renders it
    download_link = page.locator("a[href$='/ladda-ner/']")
    expect(download_link).to_be_visible(timeout=15_000)  # htmx polling swapped the status in
    expect(page.locator("#document-status")).not_to_have_attribute("hx-trigger", "every 2s")
    assert_accessible(page)
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / "programme.pdf"
    info.value.save_as(path)
    reader = PdfReader(path)
    assert len(reader.pages) == 16
    assert Document.objects.get().page_count == 16

    page.goto(f"/staff/processer/{process.slug}/arkiv/")
    expect(page.get_by_role("table")).to_contain_text("KS 2019/160")
    assert_accessible(page)
    page.locator(f"form[action$='/{process.slug}/arkiv/paket/'] button").click()
    zip_link = page.locator("a[href^='/arkiv/'][href$='/ladda-ner/']")
    expect(zip_link).to_be_visible(timeout=15_000)
    assert_accessible(page)
    with page.expect_download() as info:
        zip_link.click()
    zip_path = tmp_path / "package.zip"
    info.value.save_as(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        root = names[0].split("/")[0]
        assert {
            f"{root}/METS.xml",
            f"{root}/documentation/metadata.csv",
            f"{root}/metadata/preservation/premis.xml",
        } <= set(names)
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert len(pdfs) == 1
        assert len(PdfReader(io.BytesIO(archive.read(pdfs[0]))).pages) == 16
