"""HTML + print CSS → PDF with WeasyPrint. Callable without Celery.

Resources are fetched only from the project's own static files and media storage: the fetcher
maps ``{% static %}`` and media URLs to files and refuses everything else (no network, no file
outside those roots). A resource that cannot be fetched stops the rendering with a readable
reason instead of silently leaving a hole in the document.
"""

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
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

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


def _registry_key(name: str) -> str | None:
    """Map a metadata dict key (``dnr``, ``deciding_body``...) to an XMP property name."""
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return camel if camel in REGISTRY_FIELDS else None


class ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's metadata plus dc:language, dc:subject and the registry fields in XMP."""

    registry: dict[str, str]

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


# Size steps for a spread whose content is longer than its two pages (see _render_fitted).
FIT_STEPS = (1.0, 0.93, 0.86, 0.8, 0.75, 0.7)
PAGES_PER_SPREAD = 2


def spread_starts(document, anchors: list[str]) -> dict[str, int]:
    """The 0-based page index on which each of ``anchors`` (element ids) lands."""
    found = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            if name in anchors and name not in found:
                found[name] = index
    return found


def _fit_css(levels: dict[str, int]) -> CSS:
    rules = []
    for anchor, level in levels.items():
        if level:
            factor = FIT_STEPS[level]
            rules.append(
                f"#{anchor} {{ font-size: {factor:.2f}em; }}"
                f" #{anchor} .chart svg {{ height: {int(55 * factor)}mm; }}"
            )
    return CSS(string="\n".join(rules))


def _render_fitted(html: str, spreads: list[str]):
    """Lay out ``html``; if the context names spreads (``fit_spreads``: element ids in order,
    the last one closing the previous spread), each spread must take exactly two pages.

    A spread that takes more is laid out again one size step smaller (down to 70 %), so long
    texts keep flowing, are never cut off, and the page count stays 8 + 2N. Only when even the
    smallest step is not enough does the spread keep its extra pages: text wins over the rule.
    """
    source = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectURLFetcher())
    levels = dict.fromkeys(spreads[:-1], 0)
    document = source.render()
    for _attempt in range(len(FIT_STEPS) - 1):
        if not spreads:
            break
        starts = spread_starts(document, spreads)
        too_long = [
            anchor
            for anchor, following in zip(spreads, spreads[1:], strict=False)
            if anchor in starts
            and following in starts
            and starts[following] - starts[anchor] > PAGES_PER_SPREAD
            and levels[anchor] < len(FIT_STEPS) - 1
        ]
        if not too_long:
            break
        for anchor in too_long:
            levels[anchor] += 1
        document = source.render(stylesheets=[_fit_css(levels)])
    return document


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    variant: str


def render_pdf(*, template: str, context: dict, metadata: dict | None = None) -> RenderedPdf:
    """Render ``template`` with ``context`` to a tagged PDF/A-3a document in Swedish.

    ``metadata`` holds the registry fields (``dnr``, ``deciding_body``, ``adopted_date``,
    ``paragraph``, ``responsible``, ``valid_until``, ``last_revised``, ``document_name``,
    ``document_type``), written to the XMP metadata; title, author, subject, keywords and
    language come from the template's <title>, <meta> and <html lang>.
    """
    with translation.override("sv"):
        html = render_to_string(template, context)
    try:
        document = _render_fitted(html, context.get("fit_spreads") or [])
        document.metadata.__class__ = ArchivalMetadata
        document.metadata.registry = {
            key: str(value)
            for name, value in (metadata or {}).items()
            if (key := _registry_key(name)) and value not in (None, "")
        }
        content = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)
    except FatalURLFetchingError as error:
        raise RenderError(str(error)) from error
    except Exception as error:  # noqa: BLE001 - WeasyPrint raises many kinds; all mean failure
        raise RenderError(f"{error.__class__.__name__}: {error}") from error
    return RenderedPdf(content=content, page_count=len(document.pages), variant=PDF_VARIANT)
