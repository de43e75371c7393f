"""What the E-ARK package's parts share: namespaces, paths, formats, the package's facts."""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element, register_namespace, tostring  # noqa: S405

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS = "http://www.loc.gov/premis/v3"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
for _prefix, _uri in {
    "mets": METS,
    "xlink": XLINK,
    "csip": CSIP,
    "sip": SIP,
    "xsi": XSI,
    "premis": PREMIS,
    "dc": DC,
    "dcterms": DCTERMS,
}.items():
    register_namespace(_prefix, _uri)

SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
SOFTWARE = "Visionsprocess"
REPRESENTATION = "rep1"
REP_DIR = f"representations/{REPRESENTATION}"

#: PDF/A variant (as ``Document.pdf_variant`` stores it) → (format name, PRONOM PUID).
PDFA_FORMATS = {
    "pdf/a-1a": ("PDF/A-1a", "fmt/95"),
    "pdf/a-1b": ("PDF/A-1b", "fmt/354"),
    "pdf/a-2a": ("PDF/A-2a", "fmt/476"),
    "pdf/a-2b": ("PDF/A-2b", "fmt/477"),
    "pdf/a-2u": ("PDF/A-2u", "fmt/478"),
    "pdf/a-3a": ("PDF/A-3a", "fmt/479"),
    "pdf/a-3b": ("PDF/A-3b", "fmt/480"),
    "pdf/a-3u": ("PDF/A-3u", "fmt/481"),
}


def pdf_format(variant: str) -> tuple[str, str | None]:
    """(format name, PRONOM PUID) of a rendered PDF; an unknown variant is named as it is and
    gets no registry key rather than a wrong one."""
    return PDFA_FORMATS.get((variant or "").lower(), (variant or "PDF", None))


class Status:
    """What a document in the package is (``row["status"]``), in the registry's words."""

    ADOPTED = "adopted"
    PUBLISHED = "published"
    DRAFT = "draft"
    LABELS = {ADOPTED: "Antagen", PUBLISHED: "Publicerad", DRAFT: "Utkast"}


#: The registrar's headers of metadata.csv, in order (column key → Swedish header).
CSV_COLUMNS = (
    ("file", "Filnamn"),
    ("document_name", "Dokumentnamn"),
    ("document_type", "Dokumenttyp"),
    ("status_label", "Status"),
    ("decision", "Beslut"),
    ("deciding_body", "Beslutande organ"),
    ("adopted_date", "Beslutsdatum"),
    ("paragraph", "Paragraf"),
    ("dnr", "Diarienummer"),
    ("case_dnr", "Ärendets diarienummer"),
    ("classification_code", "Klassificering"),
    ("municipality_code", "Kommunkod"),
    ("responsible", "Ansvarig"),
    ("valid_until", "Giltig till"),
    ("last_revised", "Senast reviderad"),
    ("document_date", "Dokumentdatum"),
    ("pages", "Antal sidor"),
    ("pdf_variant", "Format"),
    ("pronom", "PRONOM"),
    ("created", "Framställd"),
    ("sha256", "Kontrollsumma (SHA-256)"),
    ("package_id", "Paket-id"),
)


@dataclass(frozen=True)
class PackageFacts:
    package_id: str
    created: str  # ISO 8601 with the municipality's time zone
    municipality: str
    municipality_code: str
    process: str
    case_dnr: str
    classification_code: str
    software_version: str = "0.1.0"


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _xml(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schemas() -> dict[str, bytes]:
    """The XML schemas the package uses (METS and XLink, public domain), shipped inside it."""
    return {path.name: path.read_bytes() for path in sorted(SCHEMA_DIR.glob("*.xsd"))}


def data_path(row: dict) -> str:
    return f"{REP_DIR}/data/{row['file']}"


def record_path(row: dict) -> str:
    """The descriptive record of one document, beside its file in the representation."""
    return f"{REP_DIR}/metadata/descriptive/{PurePosixPath(row['file']).stem}.xml"


REP_PREMIS = f"{REP_DIR}/metadata/preservation/premis.xml"
REP_METS = f"{REP_DIR}/METS.xml"
