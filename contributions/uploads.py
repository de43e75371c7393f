"""Checks and preparation of the media files sent with a contribution.

Which types a contribution may carry is decided here; checking each file by its content and
storing it without metadata (pictures re-encoded with Pillow, PDFs rewritten with pypdf,
films remuxed with PyAV) is the core's ``visionsprocess.uploads``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from visionsprocess import uploads as core
from visionsprocess.uploads import HEAD_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, detect_type

from .models import MediaKind

__all__ = ["HEAD_BYTES", "MAX_IMAGE_PIXELS", "MAX_IMAGE_SIDE", "detect_type"]

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
    return core.name_of(upload)


def check_upload(upload) -> str:
    """Check one file's size and type; return the detected MIME type or raise ValidationError."""
    heic = _(
        "%(name)s is a HEIC picture, which we cannot show on the web. Save it as JPEG "
        "(on an iPhone: Settings › Camera › Formats › Most Compatible) and try again."
    )
    return core.check(
        upload,
        allowed=ALLOWED_TYPES,
        max_bytes=settings.UPLOAD_MAX_FILE_BYTES,
        refused=dict.fromkeys(("image/heic", "image/heif", "image/avif"), heic),
        wrong_type=_("%(name)s is not a file type we accept. You can send %(types)s."),
        values={"types": allowed_types_text()},
    )


def check_total(uploads) -> None:
    total = sum(upload.size for upload in uploads)
    limit = settings.UPLOAD_MAX_TOTAL_BYTES
    if total > limit:
        raise ValidationError(
            _("The files are too large together (%(size)s). All files may be at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)},
            code="files_too_large",
        )


def prepare_upload(upload) -> PreparedFile:
    """Check one uploaded file and turn it into what we store (without its metadata)."""
    mime = check_upload(upload)
    extension, media_kind, _pillow_format = ALLOWED_TYPES[mime]
    cleaned = core.prepare(upload, mime)
    return PreparedFile(
        content=cleaned.content,
        extension=extension,
        media_kind=media_kind,
        content_type=mime,
        size=cleaned.size,
        width=cleaned.width,
        height=cleaned.height,
    )
