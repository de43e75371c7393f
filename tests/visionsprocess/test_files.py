"""Every uploaded file is served through a view that checks permission; /media/ is never served."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse

from tests.contributions.factories import image_bytes
from tests.factories import MunicipalityFactory, ProcessFactory, UserFactory
from visionsprocess.files import storage_signs_urls

pytestmark = pytest.mark.django_db

#: Each file field of every model → the named URL that serves it after a permission check.
SERVED_BY = {
    "contributions.Attachment.file": "contributions:attachment_file",
    "dialog.ConversationKit.printable": "dialog:kit_download",
    "goals.GoverningDocument.file": "goals:governing_document_file",
    "visionsprocess.ConsultationAnswer.attachment": "drafting:answer_attachment",
    "visionsprocess.Decision.minutes_file": "drafting:decision_minutes",
    "visionsprocess.Municipality.logo": "municipality_logo",
    "visionsprocess.Document.file": "documents:download",
    "visionsprocess.ArchivePackage.file": "documents:archive_download",
}


def test_every_file_field_has_a_view_that_serves_it():
    fields = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert fields == set(SERVED_BY), "a new file field needs a permission-checked view"
    from django.urls import get_resolver

    from tests.visionsprocess.test_url_coverage import _names

    assert set(SERVED_BY.values()) <= set(_names(get_resolver()))


def test_media_is_not_served_even_with_debug(client, settings):
    settings.DEBUG = True
    municipality = MunicipalityFactory()
    municipality.logo.save("logo.png", ContentFile(image_bytes("PNG")))
    assert client.get(f"/media/{municipality.logo.name}").status_code == 404


def test_the_logo_is_served_by_its_view_and_linked_from_every_page(client):
    municipality = MunicipalityFactory()
    municipality.logo.save("logo.png", ContentFile(image_bytes("PNG")))
    ProcessFactory(municipality=municipality)
    response = client.get(reverse("municipality_logo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert reverse("municipality_logo") in client.get("/").content.decode()


def test_a_logo_that_is_not_a_picture_is_not_served(client):
    municipality = MunicipalityFactory()
    municipality.logo.save("logo.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    assert client.get(reverse("municipality_logo")).status_code == 404


def test_a_consultation_answer_attachment_is_served_to_officials_only(client):
    from tests.visionsprocess.factories_drafting import draft_world
    from visionsprocess.drafting import services
    from visionsprocess.models import ProcessRole, Role

    process = ProcessFactory()
    official = UserFactory()
    ProcessRole.objects.create(process=process, user=official, role=Role.OFFICIAL)
    _round, version = draft_world(process, actor=official)
    import datetime as dt

    from django.utils import timezone

    consultation = services.consultation_send(
        version=version, deadline=timezone.localdate() + dt.timedelta(days=30), actor=official
    )
    answer = services.consultation_answer_submit(
        consultation=consultation,
        respondent_name="Vaggeryds IF",
        email="kansli@vaggerydsif.example",
        text="Bra förslag.",
    )
    answer.attachment.save("svar.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = reverse("drafting:answer_attachment", args=[process.slug, answer.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(official)
    answers_page = client.get(
        reverse("drafting:consultation_answers", args=[process.slug, consultation.pk])
    )
    assert url in answers_page.content.decode() and "/media/" not in answers_page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_with_s3_the_view_redirects_to_a_signed_address_that_expires_soon(client, settings):
    pytest.importorskip("storages.backends.s3")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "vaggeryd-media",
                "access_key": "AKIAEXAMPLE",
                "secret_key": "example-secret",
                "endpoint_url": "http://127.0.0.1:9",
                "region_name": "eu-north-1",
                "querystring_auth": True,
                "querystring_expire": 3600,
            },
        },
    }
    settings.MEDIA_URL_EXPIRE_SECONDS = 60
    from django.core.files.storage import default_storage
    from django.db.models.fields.files import FieldFile

    from visionsprocess.files import serve_file
    from visionsprocess.models import Municipality

    assert storage_signs_urls(default_storage)
    field = Municipality._meta.get_field("logo")
    field_file = FieldFile(Municipality(), field, "municipality/logo.png")
    field_file.storage = default_storage
    response = serve_file(
        client.get("/").wsgi_request, field_file, filename="logo.png", content_type="image/png"
    )
    assert response.status_code == 302
    location = response["Location"]
    assert "X-Amz-Expires=60" in location and "X-Amz-Signature=" in location
    assert "response-content-type=image%2Fpng" in location
