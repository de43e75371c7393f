"""Role × URL matrix of the document pipeline, including every download URL."""

import pytest

from tests.factories import ProcessRoleFactory
from tests.url_matrix import FORBIDDEN, OK, Case, check_case, expect, params
from tests.worlds import capture_on_commit, module_world
from visionsprocess.documents import services
from visionsprocess.documents.archive import archive_request
from visionsprocess.models import ArchivePackage, Document, Role

RENDER_OK = expect(FORBIDDEN, admin=OK, official=OK, clerk=OK, superuser=OK)
ARCHIVE_OK = expect(FORBIDDEN, admin=OK, clerk=OK, superuser=OK)


def slug(world):
    return {"slug": world["process"].slug}


def done_document(world):
    return {"token": world["document"].token}


def package(world):
    return {"token": world["package"].token}


CASES = [
    Case(
        "documents:request",
        RENDER_OK,
        lambda w: {"slug": w["process"].slug, "kind": "process_overview"},
        method="post",
    ),
    Case("documents:detail", RENDER_OK, done_document),
    Case("documents:status", RENDER_OK, done_document),
    Case("documents:download", RENDER_OK, done_document),
    Case("documents:archive", ARCHIVE_OK, slug),
    Case("documents:archive_request", ARCHIVE_OK, slug, method="post"),
    Case("documents:archive_status", ARCHIVE_OK, package),
    Case("documents:archive_download", ARCHIVE_OK, package),
]


def matrix_world(role_users):
    process, users = role_users
    with capture_on_commit(execute=True):
        document = services.document_request(
            kind="process_overview", source=process, user=users["clerk"]
        )
    document.refresh_from_db()
    # The archive takes adopted and published documents only: a published synthesis (the
    # overview's finished file stands in for its PDF: the matrix is about who may ask).
    Document.objects.create(
        process=process,
        kind="dialogue_synthesis",
        title="Dialogsammanställning",
        source=process,
        source_version="matrix",
        status="done",
        file=document.file.name,
        sha256=document.sha256,
        file_size=document.file_size,
        page_count=document.page_count,
        pdf_variant=document.pdf_variant,
        finished_at=document.finished_at,
        published_at=document.finished_at,
    )
    with capture_on_commit(execute=True):
        archive = archive_request(process=process, user=users["clerk"])
    archive.refresh_from_db()
    assert document.status == "done" and archive.status == "done"
    return {"process": process, "users": users, "document": document, "package": archive}


world = module_world(matrix_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), params(CASES))
def test_document_url_answers_each_role_as_expected(client, world, case, role):
    check_case(client, world, case, role)


@pytest.mark.django_db
def test_official_of_another_process_gets_403_on_downloads(client, world):
    outsider = ProcessRoleFactory(role=Role.ADMIN).user  # admin elsewhere
    client.force_login(outsider)
    from django.urls import reverse

    for name, token in (
        ("documents:download", world["document"].token),
        ("documents:archive_download", world["package"].token),
    ):
        assert client.get(reverse(name, args=[token])).status_code == 403


@pytest.mark.django_db
def test_urls_carry_no_sequential_ids(world):
    from django.urls import reverse

    url = reverse("documents:download", args=[world["document"].token])
    assert str(world["document"].token) in url and f"/{world['document'].pk}/" not in url
    # The overview and the published synthesis beside it; one package.
    assert Document.objects.count() == 2 and ArchivePackage.objects.count() == 1
