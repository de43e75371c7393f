"""A rendered PDF's text, taken out once for the site search (``Document.text``)."""

import io
import logging

from ..models.core import DOCUMENT_TEXT_CHARS

logger = logging.getLogger(__name__)


def pdf_text(content: bytes, *, limit: int = DOCUMENT_TEXT_CHARS) -> str:
    """The text of a PDF, page by page, whitespace folded, at most ``limit`` characters.
    A PDF pypdf cannot read gives "" (the document is then found by its title only)."""
    from pypdf import PdfReader

    parts, size = [], 0
    try:
        reader = PdfReader(io.BytesIO(content))
        for page in reader.pages:
            text = " ".join((page.extract_text() or "").split())
            if text:
                parts.append(text)
                size += len(text) + 1
            if size >= limit:
                break
    except Exception:  # noqa: BLE001 - a PDF can fail pypdf in many ways; search is a bonus
        logger.warning("the text of a PDF could not be read", exc_info=True)
        return ""
    return " ".join(parts)[:limit].replace("\x00", "")
