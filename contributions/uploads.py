"""Checks and preparation of uploaded media files.

The type of a file is decided by its content (magic bytes, via ``filetype``), never by its name
or by what the browser claims. Images are decoded and re-encoded with Pillow, which drops all
metadata (EXIF with GPS positions, XMP, comments) and proves the file really is an image.
"""

import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import MediaKind

# Detected MIME type → (extension, kind of media, Pillow format for re-encoding images)
ALLOWED_TYPES: dict[str, tuple[str, str, str | None]] = {
    "image/jpeg": ("jpg", MediaKind.IMAGE, "JPEG"),
    "image/png": ("png", MediaKind.IMAGE, "PNG"),
    "image/webp": ("webp", MediaKind.IMAGE, "WEBP"),
    "application/pdf": ("pdf", MediaKind.PDF, None),
    "video/mp4": ("mp4", MediaKind.VIDEO, None),
    "video/webm": ("webm", MediaKind.VIDEO, None),
    "video/quicktime": ("mov", MediaKind.VIDEO, None),
}
#: Largest picture we decode (pixels); larger ones are refused rather than risk a memory bomb.
MAX_IMAGE_PIXELS = 60_000_000
#: Longest side of a stored picture; larger photos are scaled down.
MAX_IMAGE_SIDE = 4000
HEAD_BYTES = 8192


@dataclass
class PreparedFile:
    """A checked file, ready to be stored."""

    content: File
    extension: str
    media_kind: str
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None


def allowed_types_text() -> str:
    return _("pictures (JPEG, PNG, WebP), PDF documents and films (MP4, WebM, MOV)")


def _name(upload) -> str:
    return getattr(upload, "name", "") or _("the file")


def detect_type(upload) -> str | None:
    """The MIME type found in the file's first bytes, or ``None``."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check_upload(upload) -> str:
    """Check one file's size and type; return the detected MIME type or raise ValidationError."""
    limit = settings.UPLOAD_MAX_FILE_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s). Each file may be at most %(limit)s.")
            % {
                "name": _name(upload),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": _name(upload)}, code="file_empty")
    mime = detect_type(upload)
    if mime in ("image/heic", "image/heif", "image/avif"):
        raise ValidationError(
            _(
                "%(name)s is a HEIC picture, which we cannot show on the web. Save it as JPEG "
                "(on an iPhone: Settings › Camera › Formats › Most Compatible) and try again."
            )
            % {"name": _name(upload)},
            code="file_type_heic",
        )
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a file type we accept. You can send %(types)s.")
            % {"name": _name(upload), "types": allowed_types_text()},
            code="file_type",
        )
    return mime


def check_total(uploads) -> None:
    total = sum(upload.size for upload in uploads)
    limit = settings.UPLOAD_MAX_TOTAL_BYTES
    if total > limit:
        raise ValidationError(
            _("The files are too large together (%(size)s). All files may be at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)},
            code="files_too_large",
        )


def _reencode_image(upload, pillow_format: str) -> tuple[bytes, int, int]:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("%(name)s has too many pixels. Make the picture smaller and try again.")
                    % {"name": _name(upload)},
                    code="image_too_big",
                )
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
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("%(name)s could not be read as a picture. Is the file damaged?")
            % {"name": _name(upload)},
            code="image_unreadable",
        ) from error
    finally:
        upload.seek(0)


def prepare_upload(upload) -> PreparedFile:
    """Check one uploaded file and turn it into what we store (images re-encoded)."""
    mime = check_upload(upload)
    extension, media_kind, pillow_format = ALLOWED_TYPES[mime]
    if pillow_format:
        data, width, height = _reencode_image(upload, pillow_format)
        return PreparedFile(
            content=ContentFile(data),
            extension=extension,
            media_kind=media_kind,
            content_type=mime,
            size=len(data),
            width=width,
            height=height,
        )
    upload.seek(0)
    return PreparedFile(
        content=upload,  # streamed to storage in chunks, never read whole into memory
        extension=extension,
        media_kind=media_kind,
        content_type=mime,
        size=upload.size,
    )
