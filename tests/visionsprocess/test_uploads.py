"""Uploads are checked by their content and stored without metadata (visionsprocess/uploads.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from tests.contributions.factories import image_bytes, jpeg_with_gps
from tests.media_files import LOCATION, film_bytes, pdf_bytes
from visionsprocess import uploads


def upload(name, content):
    return SimpleUploadedFile(name, content)


def stored(cleaned) -> bytes:
    cleaned.content.seek(0)
    return cleaned.content.read()


# --- Pictures ---------------------------------------------------------------------------------


def test_a_photo_loses_its_gps_position_and_camera():
    cleaned = uploads.prepare(upload("foto.jpg", jpeg_with_gps()), "image/jpeg")
    data = stored(cleaned)
    assert b"Telefon 2040" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_a_decompression_bomb_is_refused_as_too_many_pixels_in_swedish():
    """A small PNG that claims 20,000 × 20,000 pixels: Pillow refuses to open it at all."""
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, format="PNG")
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        uploads.prepare(upload("bomb.png", bomb.getvalue()), "image/png")
    assert error.value.code == "image_too_big"
    assert "för många bildpunkter" in error.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        uploads.prepare(upload("bomb.png", bomb.getvalue()), "image/png")
    assert "too many pixels" in error.value.messages[0]


def test_a_picture_just_over_the_limit_is_refused_the_same_way(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError) as error:
        uploads.prepare(upload("stor.png", image_bytes(size=(20, 20))), "image/png")
    assert error.value.code == "image_too_big"


# --- PDF --------------------------------------------------------------------------------------


def test_a_pdf_loses_its_javascript_and_its_author():
    original = pdf_bytes(author="Elin Sjöberg", javascript="app.alert('hej')", pages=2)
    assert b"/JavaScript" in original and b"/Author" in original
    data = stored(uploads.prepare(upload("remissvar.pdf", original), "application/pdf"))
    assert data.startswith(b"%PDF")
    for mark in (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Author", b"app.alert"):
        assert mark not in data, mark
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) == 2


def test_a_pdf_that_is_not_one_is_refused():
    fake = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError) as error:
        uploads.prepare(upload("falsk.pdf", fake), "application/pdf")
    assert error.value.code == "pdf_unreadable"


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("hemligt")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as error:
        uploads.prepare(upload("last.pdf", out.getvalue()), "application/pdf")
    assert error.value.code == "pdf_encrypted"


# --- Films ------------------------------------------------------------------------------------


def test_an_mp4_header_followed_by_html_is_refused():
    header = film_bytes("mp4")[:32]
    fake = header + b"<html><body><script>alert(document.cookie)</script></body></html>" * 20
    assert uploads.detect_type(upload("film.mp4", fake)) == "video/mp4"
    with pytest.raises(ValidationError) as error:
        uploads.prepare(upload("film.mp4", fake), "video/mp4")
    assert error.value.code == "film_unreadable"


@pytest.mark.parametrize(("container", "mime"), [("mov", "video/quicktime"), ("mp4", "video/mp4")])
def test_a_film_loses_its_location_and_other_metadata(container, mime):
    metadata = (
        ("location", LOCATION),
        ("com.apple.quicktime.location.ISO6709", LOCATION),
        ("artist", "Elin Sjöberg"),
        ("comment", "Filmat hemma på Storgatan"),
    )
    original = film_bytes(container, metadata)
    if container == "mov":
        assert LOCATION.encode() in original, "the test film carries a location"
    data = stored(uploads.prepare(upload(f"film.{container}", original), mime))
    for mark in (LOCATION.encode(), "Sjöberg".encode(), b"Storgatan", b"Lavf"):
        assert mark not in data, mark
    import av

    with av.open(io.BytesIO(data)) as film:
        assert film.streams.video and film.streams.video[0].frames in (0, 5)
        assert sum(1 for _ in film.demux(film.streams.video[0]) if _.size) == 5
        assert not {
            k: v
            for k, v in film.metadata.items()
            if k not in ("major_brand", "minor_version", "compatible_brands")
        }


def test_a_webm_film_is_accepted():
    data = stored(uploads.prepare(upload("film.webm", film_bytes("webm")), "video/webm"))
    assert data[:4] == b"\x1a\x45\xdf\xa3"


def test_a_file_with_only_sound_is_not_a_film():
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=8000)
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate = 8000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    with pytest.raises(ValidationError):
        uploads.prepare(upload("ljud.mp4", out.getvalue()), "video/mp4")


# --- Office documents (consultation answers) --------------------------------------------------


def test_a_word_document_with_macros_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        package.writestr("word/vbaProject.bin", b"\x00macro")
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with pytest.raises(ValidationError) as error:
        uploads.prepare(upload("svar.docx", out.getvalue()), mime)
    assert error.value.code == "document_macros"


# --- The one check every app calls --------------------------------------------------------------


def test_check_and_clean_judges_by_content_not_by_name():
    content = uploads.check_pdf(
        upload("bild.jpg", pdf_bytes()), max_bytes=1024 * 1024, stem="styrdokument"
    )
    assert content.name == "styrdokument.pdf"
    content.seek(0)
    assert content.read().startswith(b"%PDF")


def test_check_refuses_a_picture_named_pdf_with_the_callers_message_on_its_field():
    with pytest.raises(ValidationError) as error:
        uploads.check_pdf(
            upload("avtal.pdf", image_bytes("JPEG")),
            max_bytes=1024 * 1024,
            field="file",
            wrong_type="Not a PDF: %(name)s",
        )
    assert error.value.message_dict == {"file": ["Not a PDF: avtal.pdf"]}


def test_check_refuses_an_oversize_file_with_the_limit_in_the_message():
    with pytest.raises(ValidationError) as error:
        uploads.check(
            upload("stor.pdf", pdf_bytes()),
            allowed={"application/pdf"},
            max_bytes=10,
            too_large="At most %(mb)s MB, %(name)s is %(size)s",
        )
    assert error.value.code == "file_too_large"
    assert error.value.messages[0].startswith("At most 0 MB, stor.pdf is ")


def test_check_without_its_own_messages_speaks_swedish():
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        uploads.check(upload("tom.pdf", b""), allowed={"application/pdf"}, max_bytes=10)
    assert error.value.messages == ["tom.pdf är tom."]
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        uploads.check(
            upload("x.pdf", image_bytes("PNG")), allowed={"application/pdf"}, max_bytes=10**6
        )
    assert error.value.messages == ["x.pdf är inte en filtyp som vi tar emot."]


def test_check_gives_a_refused_type_its_own_explanation():
    with pytest.raises(ValidationError) as error:
        uploads.check(
            upload("x.png", image_bytes("PNG")),
            allowed={"application/pdf"},
            max_bytes=10**6,
            refused={"image/png": "%(name)s: use %(what)s"},
            values={"what": "PDF"},
        )
    assert error.value.messages == ["x.png: use PDF"]
