"""HTML + print CSS → PDF with WeasyPrint. Callable without Celery.

Resources are fetched only from the project's own static files and media storage: the fetcher
maps ``{% static %}`` and media URLs to files and refuses everything else (no network, no file
outside those roots). A resource that cannot be fetched stops the rendering with a readable
reason instead of silently leaving a hole in the document.
"""

import mimetypes
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# Relative URLs in documents resolve against this base; it never reaches the network.
BASE_URL = "https://document.invalid/"
PDF_VARIANT = "pdf/a-3a"


class RenderError(Exception):
    """The document could not be rendered; ``str(error)`` says why in plain words."""


class ProjectURLFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise FatalURLFetchingError(f"Resource outside the project refused: {url}")
        path = unquote(parts.path)
        if path.startswith(settings.STATIC_URL):
            relative = path[len(settings.STATIC_URL) :]
            if ".." in relative.split("/"):
                raise FatalURLFetchingError(f"Path outside the static files refused: {path}")
            found = finders.find(relative)
            if not found:
                raise FatalURLFetchingError(f"Static file not found: {relative}")
            with open(found, "rb") as handle:
                body = handle.read()
        elif path.startswith(settings.MEDIA_URL):
            relative = path[len(settings.MEDIA_URL) :]
            if ".." in relative.split("/") or not default_storage.exists(relative):
                raise FatalURLFetchingError(f"Media file not found: {relative}")
            with default_storage.open(relative, "rb") as handle:
                body = handle.read()
        else:
            raise FatalURLFetchingError(f"Resource outside static and media refused: {path}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    variant: str


def render_pdf(*, template: str, context: dict, metadata: dict | None = None) -> RenderedPdf:
    """Render ``template`` with ``context`` to a tagged PDF/A-3a document in Swedish."""
    with translation.override("sv"):
        html = render_to_string(template, context)
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectURLFetcher()).render()
        content = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)
    except FatalURLFetchingError as error:
        raise RenderError(str(error)) from error
    except Exception as error:  # noqa: BLE001 - WeasyPrint raises many kinds; all mean failure
        raise RenderError(f"{error.__class__.__name__}: {error}") from error
    return RenderedPdf(content=content, page_count=len(document.pages), variant=PDF_VARIANT)
