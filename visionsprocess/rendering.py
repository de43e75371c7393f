"""HTML + print CSS → PDF with WeasyPrint. Callable without Celery.

Resources are fetched only from the project's own static files and media storage: the fetcher
maps ``{% static %}`` and media URLs to files and refuses everything else (no network, no file
outside those roots). A resource that cannot be fetched stops the rendering with a readable
reason instead of silently leaving a hole in the document.
"""

import inspect
import mimetypes
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import (  # noqa: S405
    Element,
    SubElement,
    fromstring,
    register_namespace,
    tostring,
)

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import pdf_patches
from .documents.fit import SpreadMeasure

# Relative URLs in documents resolve against this base; it never reaches the network.
BASE_URL = "https://document.invalid/"
# PDF/A-3a: level "a" means a tagged, accessible structure (headings, lists, tables, reading
# order, /Lang), which WeasyPrint 70 writes with pdf_tags; part 3 keeps the door open for embedding
# the source data (e.g. metadata.json) in the PDF later, and is accepted by Swedish e-archives
# (FGS) like PDF/A-2.
PDF_VARIANT = "pdf/a-3a"

# The registry fields go into the XMP metadata in our own namespace. PDF/A requires every
# non-standard XMP property to be described by a PDF/A extension schema, which we write too.
REGISTRY_NS = "https://visionsprocess.se/ns/registry/1.0/"
REGISTRY_PREFIX = "vpreg"
PDFA_EXT = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
REGISTRY_FIELDS = {
    "documentName": "Document name",
    "documentType": "Document type",
    "decidingBody": "Deciding body",
    "adoptedDate": "Date of adoption",
    "paragraph": "Paragraph (section) of the minutes",
    "dnr": "Registration number (Dnr)",
    "responsible": "Responsible",
    "validUntil": "Valid until",
    "lastRevised": "Last revised",
}


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
            body = _static_file(relative)
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


def _static_file(relative: str) -> bytes:
    """A static file by the name ``{% static %}`` gave: ask the static files storage (which
    knows manifest-hashed names like ``css/print.915c5a548ed2.css`` after collectstatic in
    production), and fall back to the finders where nothing is collected (development)."""
    if staticfiles_storage.exists(relative):
        with staticfiles_storage.open(relative, "rb") as handle:
            return handle.read()
    found = finders.find(relative)
    if not found:
        raise FatalURLFetchingError(f"Static file not found: {relative}")
    with open(found, "rb") as handle:
        return handle.read()


def _registry_key(name: str) -> str | None:
    """Map a metadata dict key (``dnr``, ``deciding_body``...) to an XMP property name."""
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return camel if camel in REGISTRY_FIELDS else None


class ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's metadata plus dc:language, dc:subject and the registry fields in XMP."""

    registry: dict[str, str]

    @classmethod
    def from_metadata(cls, metadata: DocumentMetadata, *, registry: dict[str, str]):
        """The same metadata (title, authors, language... as WeasyPrint read them from the
        HTML) with the registry fields, through the public constructor."""
        parameters = inspect.signature(DocumentMetadata.__init__).parameters
        archival = cls(**{name: getattr(metadata, name) for name in parameters if name != "self"})
        archival.registry = registry
        return archival

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))  # noqa: S314
        rdf_ns = NS["rdf"]
        description = SubElement(rdf, f"{{{rdf_ns}}}Description")
        description.set(f"{{{rdf_ns}}}about", "")
        if self.lang:
            bag = SubElement(SubElement(description, f"{{{NS['dc']}}}language"), f"{{{rdf_ns}}}Bag")
            SubElement(bag, f"{{{rdf_ns}}}li").text = self.lang
        if self.keywords:
            bag = SubElement(SubElement(description, f"{{{NS['dc']}}}subject"), f"{{{rdf_ns}}}Bag")
            for keyword in self.keywords:
                SubElement(bag, f"{{{rdf_ns}}}li").text = keyword
        registry = {k: v for k, v in (self.registry or {}).items() if v}
        if registry:
            for key, value in registry.items():
                SubElement(description, f"{{{REGISTRY_NS}}}{key}").text = str(value)
            rdf.append(self._extension_schema())
        return tostring(rdf, encoding="utf-8")

    @staticmethod
    def _extension_schema() -> Element:
        rdf_ns, ext = NS["rdf"], PDFA_EXT
        outer = Element(f"{{{rdf_ns}}}Description")
        outer.set(f"{{{rdf_ns}}}about", "")
        schemas = SubElement(outer, f"{{{ext['pdfaExtension']}}}schemas")
        schema = SubElement(
            SubElement(SubElement(schemas, f"{{{rdf_ns}}}Bag"), f"{{{rdf_ns}}}li"),
            f"{{{rdf_ns}}}Description",
        )
        SubElement(schema, f"{{{ext['pdfaSchema']}}}schema").text = "Visionsprocess registry"
        SubElement(schema, f"{{{ext['pdfaSchema']}}}namespaceURI").text = REGISTRY_NS
        SubElement(schema, f"{{{ext['pdfaSchema']}}}prefix").text = REGISTRY_PREFIX
        seq = SubElement(SubElement(schema, f"{{{ext['pdfaSchema']}}}property"), f"{{{rdf_ns}}}Seq")
        for name, label in REGISTRY_FIELDS.items():
            prop = SubElement(SubElement(seq, f"{{{rdf_ns}}}li"), f"{{{rdf_ns}}}Description")
            SubElement(prop, f"{{{ext['pdfaProperty']}}}name").text = name
            SubElement(prop, f"{{{ext['pdfaProperty']}}}valueType").text = "Text"
            SubElement(prop, f"{{{ext['pdfaProperty']}}}category").text = "external"
            SubElement(prop, f"{{{ext['pdfaProperty']}}}description").text = label
        return outer


for _prefix, _uri in {**PDFA_EXT, REGISTRY_PREFIX: REGISTRY_NS}.items():
    register_namespace(_prefix, _uri)


PAGES_PER_SPREAD = 2
#: At most this many layouts of one document: the first, and corrections (see ``Fitter``).
MAX_LAYOUT_PASSES = 3
PX_PER_MM = 96 / 25.4


def spread_starts(document, anchors: list[str]) -> dict[str, int]:
    """The 0-based page index on which each of ``anchors`` (element ids) lands."""
    found = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            if name in anchors and name not in found:
                found[name] = index
    return found


def _content_extent_mm(page) -> float:
    """How far down the page's own content reaches, in mm from the top of its content area
    (margin boxes, i.e. page numbers and running titles, are not content)."""
    from weasyprint.formatting_structure import boxes

    page_box = page._page_box
    top = page_box.content_box_y()
    bottom = top

    def walk(box):
        nonlocal bottom
        if isinstance(box, boxes.MarginBox):
            return
        measurable = getattr(box, "height", None) not in (None, "auto")
        if (
            measurable
            and box.position_y is not None
            and not isinstance(box, boxes.PageBox)
            and box.element_tag not in ("html", "body")
        ):
            bottom = max(bottom, box.position_y + box.margin_height())
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page_box)
    return max(0.0, (bottom - top) / PX_PER_MM)


def measure_spreads(document, anchors: list[str]) -> list[SpreadMeasure]:
    """Measure each spread of a laid-out document once (``anchors``: the spreads' element ids in
    order, the last one closing the previous spread)."""
    starts = spread_starts(document, anchors)
    measures = []
    for anchor, following in zip(anchors, anchors[1:], strict=False):
        if anchor not in starts or following not in starts:
            continue
        first, end = starts[anchor], starts[following]
        pages = end - first
        overflow = 0.0
        if pages > PAGES_PER_SPREAD:
            overflow = sum(
                _content_extent_mm(document.pages[index])
                for index in range(first + PAGES_PER_SPREAD, end)
            )
        measures.append(SpreadMeasure(anchor=anchor, pages=pages, overflow_mm=overflow))
    return measures


def _layout(html: str):
    return HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectURLFetcher()).render()


def render_fitted(template: str, context: dict):
    """Lay ``template`` out; if its context has a ``fitter``, correct and lay out again only
    while a spread overflows (at most ``MAX_LAYOUT_PASSES`` layouts). Returns (document,
    number of layout passes)."""
    with translation.override("sv"):
        html = render_to_string(template, context)
    document = _layout(html)
    passes = 1
    fitter = context.get("fitter")
    while fitter is not None and passes < MAX_LAYOUT_PASSES:
        corrected = fitter.adjust(context, measure_spreads(document, fitter.anchors))
        if corrected is None:
            break
        context = corrected
        with translation.override("sv"):
            html = render_to_string(template, context)
        document = _layout(html)
        passes += 1
    return document, passes


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    variant: str
    layout_passes: int = 1


def render_pdf(*, template: str, context: dict, metadata: dict | None = None) -> RenderedPdf:
    """Render ``template`` with ``context`` to a tagged PDF/A-3a document in Swedish.

    ``metadata`` holds the registry fields (``dnr``, ``deciding_body``, ``adopted_date``,
    ``paragraph``, ``responsible``, ``valid_until``, ``last_revised``, ``document_name``,
    ``document_type``), written to the XMP metadata; title, author, subject, keywords and
    language come from the template's <title>, <meta> and <html lang>.

    The same fields are the template's ``facts``: a cover prints its Dnr and § from the very
    values the XMP carries (README, "One adoption fact per document").
    """
    context = {**context, "facts": dict(metadata or {})}
    try:
        pdf_patches.apply()
        document, passes = render_fitted(template, context)
        document.metadata = ArchivalMetadata.from_metadata(
            document.metadata,
            registry={
                key: str(value)
                for name, value in (metadata or {}).items()
                if (key := _registry_key(name)) and value not in (None, "")
            },
        )
        content = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)
    except FatalURLFetchingError as error:
        raise RenderError(str(error)) from error
    except Exception as error:  # noqa: BLE001 - WeasyPrint raises many kinds; all mean failure
        raise RenderError(f"{error.__class__.__name__}: {error}") from error
    return RenderedPdf(
        content=content, page_count=len(document.pages), variant=PDF_VARIANT, layout_passes=passes
    )
