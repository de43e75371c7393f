"""Checking uploaded files by their content, and storing them without their metadata.

The type of a file is decided by its content (magic bytes, via ``filetype``), never by its name
or by what the browser claims, and then proved by reading the file with a library that
understands the format. What is stored is what that library writes anew, so metadata and
anything active in the original are left behind:

* pictures (JPEG, PNG, WebP) are decoded and re-encoded with **Pillow**: no EXIF (GPS
  position, camera, time), XMP, ICC or text chunks; turned the way the camera meant first; a
  picture of more than ``MAX_IMAGE_PIXELS`` is refused as too many pixels (a decompression bomb
  is refused before it is decoded);
* PDF documents are rewritten page by page with **pypdf**: the document catalogue is not copied
  (no JavaScript, open actions, embedded files, forms or XMP metadata), nor the document
  information (author, title, producer); pages lose their own actions and metadata, and links
  other than to an address or within the document are removed. An encrypted PDF is refused;
* films (MP4, MOV, WebM) are remuxed with **PyAV** (FFmpeg's libraries): every packet of the
  picture and sound streams is read and written into a new container of the same kind, which
  proves the file is a film (an MP4 header followed by a web page is refused) and leaves out
  all container and stream metadata (QuickTime location ``©xyz`` and
  ``com.apple.quicktime.location.ISO6709``, dates, device, user data). No picture or sound is
  re-encoded, so nothing is lost and it is quick (MP4 and MOV get their index first, so a
  phone can start playing before the whole film is loaded).

Each app names the types it accepts; ``prepare()`` does the rest. Used by contributions
(``contributions/uploads.py``), conversation kits, governing documents, consultation answers
and decision minutes.
"""

import io
import logging
import tempfile
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

#: Largest picture we decode (pixels); larger ones are refused rather than risk a memory bomb.
MAX_IMAGE_PIXELS = 60_000_000
#: Longest side of a stored picture; larger photos are scaled down.
MAX_IMAGE_SIDE = 4000
HEAD_BYTES = 8192

PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
FILM_FORMATS = {"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm"}
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
}
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}


@dataclass
class Cleaned:
    """A checked file, as it is to be stored."""

    content: File
    content_type: str
    extension: str
    size: int
    width: int | None = None
    height: int | None = None


def name_of(upload) -> str:
    return getattr(upload, "name", "") or _("the file")


def detect_type(upload) -> str | None:
    """The MIME type found in the file's first bytes, or ``None``."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s). Each file may be at most %(limit)s.")
            % {
                "name": name_of(upload),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(
            _("%(name)s is empty.") % {"name": name_of(upload)}, code="file_empty"
        )


def prepare(upload, mime: str) -> Cleaned:
    """Prove the file is what ``mime`` (found by ``detect_type``) says, and clean it."""
    if mime in PILLOW_FORMATS:
        data, width, height = clean_image(upload, PILLOW_FORMATS[mime])
        return Cleaned(ContentFile(data), mime, EXTENSIONS[mime], len(data), width, height)
    if mime == "application/pdf":
        data = clean_pdf(upload)
        return Cleaned(ContentFile(data), mime, "pdf", len(data))
    if mime in FILM_FORMATS:
        handle = clean_film(upload, FILM_FORMATS[mime])
        size = handle.seek(0, io.SEEK_END)
        handle.seek(0)
        return Cleaned(File(handle), mime, EXTENSIONS[mime], size)
    if mime in OFFICE_TYPES:
        check_office_document(upload)
        upload.seek(0)
        return Cleaned(upload, mime, EXTENSIONS[mime], upload.size)
    raise ValueError(f"No cleaning for {mime}")  # pragma: no cover - a programming error


def _too_many_pixels(upload) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s has too many pixels (at most %(limit)s million). Make the picture "
            "smaller and try again."
        )
        % {"name": name_of(upload), "limit": MAX_IMAGE_PIXELS // 1_000_000},
        code="image_too_big",
    )


def clean_image(upload, pillow_format: str) -> tuple[bytes, int, int]:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels(upload)
            image.load()
            # Turn the picture the way the camera meant before the orientation tag is dropped.
            image = ImageOps.exif_transpose(image)
            if max(image.size) > MAX_IMAGE_SIDE:
                image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            if pillow_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif pillow_format in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            out = io.BytesIO()
            options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 88}}.get(
                pillow_format, {"optimize": True}
            )
            # No exif=, no icc/xmp/text chunks: the new file carries no metadata at all.
            image.save(out, format=pillow_format, **options)
            return out.getvalue(), image.width, image.height
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow refuses to open pictures far beyond its own limit: say what it is.
        raise _too_many_pixels(upload) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(
            _("%(name)s could not be read as a picture. Is the file damaged?")
            % {"name": name_of(upload)},
            code="image_unreadable",
        ) from error
    finally:
        upload.seek(0)


#: Link actions kept in a PDF: to an address and within the document. Everything else (script,
#: launching programs, sending forms, other files, sound and film) is removed.
PDF_SAFE_ACTIONS = {"/URI", "/GoTo"}


def clean_pdf(upload) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    unreadable = ValidationError(
        _("%(name)s could not be read as a PDF document. Is the file damaged?")
        % {"name": name_of(upload)},
        code="pdf_unreadable",
    )
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("%(name)s is locked with a password. Send the PDF without protection.")
                % {"name": name_of(upload)},
                code="pdf_encrypted",
            )
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        for page in writer.pages:
            for key in ("/AA", "/Metadata", "/PieceInfo"):
                if key in page:
                    del page[key]
            if "/Annots" in page:
                kept = [ref for ref in page["/Annots"] if _safe_annotation(ref.get_object())]
                if kept:
                    page["/Annots"].clear()
                    page["/Annots"].extend(kept)
                else:
                    del page["/Annots"]
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise unreadable from error
    except Exception as error:  # noqa: BLE001 - a broken PDF can fail pypdf in many ways
        logger.info("A PDF could not be read: %s", error.__class__.__name__)
        raise unreadable from error
    finally:
        upload.seek(0)
    if len(reader.pages) == 0:
        raise unreadable
    return out.getvalue()


def _safe_annotation(annotation) -> bool:
    if annotation.get("/Subtype") in (
        "/FileAttachment",
        "/Sound",
        "/Movie",
        "/Screen",
        "/RichMedia",
    ):
        return False
    if "/AA" in annotation:
        return False
    action = annotation.get("/A")
    if action is not None:
        action = action.get_object()
        if action.get("/S") not in PDF_SAFE_ACTIONS or "/Next" in action:
            return False
    return True


def clean_film(upload, container: str):
    """Remux the film's picture and sound into a new ``container`` file; return its handle."""
    import av

    unreadable = ValidationError(
        _("%(name)s could not be read as a film. Is the file damaged?") % {"name": name_of(upload)},
        code="film_unreadable",
    )
    output = tempfile.NamedTemporaryFile(suffix=f".{container}")  # noqa: SIM115 - returned open
    options = {"fflags": "+bitexact"}
    if container in ("mp4", "mov"):
        options["movflags"] = "+faststart"
    upload.seek(0)
    try:
        source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload
        with av.open(source, "r", metadata_errors="ignore") as src:
            streams = [s for s in src.streams if s.type in ("video", "audio")]
            if not any(s.type == "video" for s in streams):
                raise unreadable
            with av.open(output.name, "w", format=container, options=options) as dst:
                mapping = {}
                for stream in streams:
                    copy = dst.add_stream_from_template(stream)
                    copy.metadata.clear()
                    mapping[stream.index] = copy
                packets = 0
                for packet in src.demux(streams):
                    if packet.dts is None:
                        continue
                    packet.stream = mapping[packet.stream.index]
                    dst.mux(packet)
                    packets += 1
                if packets == 0:
                    raise unreadable
    except ValidationError:
        output.close()
        raise
    except Exception as error:  # noqa: BLE001 - FFmpeg reports damaged input in many ways
        output.close()
        logger.info("A film could not be read: %s", error.__class__.__name__)
        raise unreadable from error
    finally:
        upload.seek(0)
    output.seek(0)
    return output


def check_office_document(upload) -> None:
    """A Word or OpenDocument text: a readable ZIP package without macros."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            if package.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("%(name)s could not be read as a document. Is the file damaged?")
            % {"name": name_of(upload)},
            code="document_unreadable",
        ) from error
    finally:
        upload.seek(0)
    if any(n.lower().endswith("vbaproject.bin") or n.startswith("Basic/") for n in names):
        raise ValidationError(
            _("%(name)s contains macros. Save it as an ordinary document and try again.")
            % {"name": name_of(upload)},
            code="document_macros",
        )


def check(
    upload,
    *,
    allowed,
    max_bytes: int,
    too_large: str | None = None,
    wrong_type: str | None = None,
    refused: dict[str, str] | None = None,
    values: dict | None = None,
) -> str:
    """Check one upload's size and type (by its content); return the MIME type found.

    The one check every app uses. ``allowed`` holds the MIME types accepted (a mapping's keys
    count). Each caller may word its own messages: ``too_large`` and ``wrong_type`` are
    translated texts that may use ``%(name)s``, ``%(size)s``, ``%(limit)s`` and ``%(mb)s``;
    ``refused`` gives a message for types that are refused with an explanation of their own
    (a HEIC photo); ``values`` adds placeholders of the caller's own. Without ``too_large`` the generic message of ``check_size`` is used, which
    also refuses an empty file; with it an empty file is refused as of the wrong type.
    """
    values = {
        "name": name_of(upload),
        "size": filesizeformat(upload.size),
        "limit": filesizeformat(max_bytes),
        "mb": max_bytes // (1024 * 1024),
        **(values or {}),
    }
    if too_large is None:
        check_size(upload, max_bytes)
    elif upload.size > max_bytes:
        raise ValidationError(too_large % values, code="file_too_large")
    mime = detect_type(upload)
    if refused and mime in refused:
        raise ValidationError(refused[mime] % values, code="file_type_refused")
    if mime not in allowed:
        raise ValidationError(
            (wrong_type or _("%(name)s is not a file type we accept.")) % values,
            code="file_type",
        )
    return mime


def check_and_clean(
    upload,
    *,
    allowed: dict[str, str],
    max_bytes: int,
    stem: str = "upload",
    field: str | None = None,
    too_large: str | None = None,
    wrong_type: str | None = None,
    values: dict | None = None,
) -> File:
    """Check an upload (``check``) and clean it (``prepare``); return what is to be stored,
    named ``<stem>.<extension>``. ``allowed`` maps each accepted MIME type to its extension.
    With ``field`` every error is reported on that field of the form."""
    try:
        mime = check(
            upload,
            allowed=allowed,
            max_bytes=max_bytes,
            too_large=too_large,
            wrong_type=wrong_type,
            values=values,
        )
        content = prepare(upload, mime).content
    except ValidationError as error:
        if field is None:
            raise
        raise ValidationError({field: error.messages}) from error
    content.name = f"{stem}.{allowed[mime]}"
    return content


def check_pdf(
    upload, *, max_bytes: int, stem: str = "upload", field: str | None = None, **messages
):
    """``check_and_clean`` for a PDF document only."""
    return check_and_clean(
        upload,
        allowed={"application/pdf": "pdf"},
        max_bytes=max_bytes,
        stem=stem,
        field=field,
        **messages,
    )


#: The largest file ``check_upload`` accepts by default.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def check_upload(upload, *, allowed: dict[str, str], max_bytes: int = MAX_UPLOAD_BYTES):
    """Check a file by its content (magic bytes), not by its name, and clean it (see
    ``prepare``). Returns what is to be stored, named ``upload.<extension>``.
    (Used by drafting's consultation answers and by the minutes of decisions.)"""
    return check_and_clean(
        upload,
        allowed=allowed,
        max_bytes=max_bytes,
        too_large=_("The file is too large (at most %(mb)s MB)."),
        wrong_type=_("This kind of file cannot be accepted. Allowed: %(kinds)s."),
        values={"kinds": ", ".join(sorted(set(allowed.values()))).upper()},
    )
