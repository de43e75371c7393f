"""The submission service: media preparation, all-or-nothing saving, simultaneous submissions."""

import io
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from PIL import Image

from contributions.models import Attachment, Contribution, ContributionKind
from contributions.services.submission import contribution_submit
from tests.contributions.factories import PDF_BYTES, image_bytes, jpeg_with_gps, upload
from tests.factories import ProcessFactory
from visionsprocess.models import StageKind

DATA = {"title": "Idé", "text": "Mer grönska i centrum.", "consent_to_publish": True}


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_gps_position_and_camera_data_are_removed_from_photos():
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825), "the test photo must carry a GPS position"
    process = ProcessFactory()
    contribution = contribution_submit(
        process=process,
        kind=ContributionKind.IDEA,
        data=DATA,
        files=[upload("semester.jpg", original, "image/jpeg")],
    )
    attachment = contribution.attachments.get()
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x0110 not in exif
        assert "exif" not in image.info
        assert image.size == (40, 30)
    assert b"Telefon 2040" not in stored
    assert (attachment.width, attachment.height) == (40, 30)


@pytest.mark.django_db
def test_png_text_chunks_are_removed():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Elin Sjöberg, Storgatan 1")
    image = Image.new("RGB", (10, 10), "blue")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    contribution = contribution_submit(
        process=ProcessFactory(),
        kind=ContributionKind.IDEA,
        data=DATA,
        files=[upload("ritning.png", out.getvalue(), "image/png")],
    )
    with contribution.attachments.get().file.open("rb") as handle:
        assert b"Storgatan" not in handle.read()


@pytest.mark.django_db
def test_files_are_removed_when_saving_fails(settings, monkeypatch):
    process = ProcessFactory()
    original_save = Attachment.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    files = [
        upload("a.png", image_bytes(), "image/png"),
        upload("b.pdf", PDF_BYTES, "application/pdf"),
    ]
    with pytest.raises(RuntimeError):
        contribution_submit(process=process, kind=ContributionKind.IDEA, data=DATA, files=files)
    assert not Contribution.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_nothing_is_written_when_a_file_is_refused(settings):
    files = [
        upload("a.png", image_bytes(), "image/png"),
        upload("b.png", b"not a picture" * 20, "image/png"),
    ]
    with pytest.raises(ValidationError):
        contribution_submit(
            process=ProcessFactory(), kind=ContributionKind.IDEA, data=DATA, files=files
        )
    assert not Contribution.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_service_refuses_a_closed_stage_and_fields_citizens_cannot_set():
    closed = ProcessFactory(current_stage=StageKind.ADOPTION)
    with pytest.raises(ValidationError):
        contribution_submit(process=closed, kind=ContributionKind.IDEA, data=DATA)
    with pytest.raises(ValidationError):
        contribution_submit(process=ProcessFactory(), kind=ContributionKind.STATEMENT, data=DATA)
    with pytest.raises(ValidationError):
        contribution_submit(
            process=ProcessFactory(),
            kind=ContributionKind.IDEA,
            data={**DATA, "moderation_state": "published"},
        )
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_two_identical_submissions_at_the_same_moment_are_both_kept(monkeypatch):
    import datetime as dt

    from django.utils import timezone

    moment = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    process = ProcessFactory()
    first = contribution_submit(process=process, kind=ContributionKind.IDEA, data=DATA)
    second = contribution_submit(process=process, kind=ContributionKind.IDEA, data=DATA)
    assert first.pk != second.pk
    assert first.tracking_token != second.tracking_token
    assert Contribution.objects.filter(created=moment).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_in_parallel_threads_are_both_kept():
    process = ProcessFactory()
    barrier = threading.Barrier(2)
    errors = []

    def send(n):
        try:
            barrier.wait(timeout=5)
            contribution_submit(
                process=process,
                kind=ContributionKind.IDEA,
                data={**DATA, "title": f"Idé {n}"},
                files=[upload(f"{n}.png", image_bytes(), "image/png")],
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Contribution.objects.filter(process=process).count() == 2
    assert Attachment.objects.filter(contribution__process=process).count() == 2
