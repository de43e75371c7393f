"""The clerk's archive package, shaped after the E-ARK Common Specification for Information
Packages (CSIP 2.1) as a submission information package (E-ARK SIP), the base of the Swedish
National Archives' FGS for packages:

    <package id>/
      METS.xml                                 root METS: header, agents, dmdSec, amdSec,
                                               fileSec and the CSIP structMap
      metadata/descriptive/dc.xml              Dublin Core of the package (Swedish)
      metadata/preservation/premis.xml         PREMIS: objects with SHA-256 and format (PDF/A),
                                               the rendering event of each, the agents
      representations/rep1/data/<file>.pdf     the documents, each dated as the document
      documentation/metadata.csv               for people: ';', UTF-8 with BOM, Swedish headers
      documentation/metadata.json              the same for machines

The package carries its identifier (OBJID), the municipality's code, the case Dnr and the
process's classification code in the records-management plan.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring  # noqa: S405

from django.conf import settings

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
PDFA_PRONOM = "fmt/480"  # PDF/A-3a

#: The registrar's headers of metadata.csv, in order (column key → Swedish header).
CSV_COLUMNS = (
    ("file", "Filnamn"),
    ("document_name", "Dokumentnamn"),
    ("document_type", "Dokumenttyp"),
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
    ("created", "Framställd"),
    ("sha256", "Kontrollsumma (SHA-256)"),
    ("package_id", "Paket-id"),
)


@dataclass(frozen=True)
class PackageFacts:
    package_id: str
    created: str  # ISO 8601 with time zone
    municipality: str
    municipality_code: str
    process: str
    case_dnr: str
    classification_code: str


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _xml(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def schemas() -> dict[str, bytes]:
    """The XML schemas the package uses (METS and XLink, public domain), shipped inside it."""
    return {path.name: path.read_bytes() for path in sorted(SCHEMA_DIR.glob("*.xsd"))}


def data_path(row: dict) -> str:
    return f"representations/rep1/data/{row['file']}"


def metadata_csv(rows: list[dict]) -> bytes:
    """metadata.csv for people: Swedish Excel opens it in columns with å, ä, ö intact."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _key, header in CSV_COLUMNS])
    for row in rows:
        writer.writerow(
            ["" if row.get(key) is None else str(row.get(key)) for key, _h in CSV_COLUMNS]
        )
    return "\ufeff".encode() + text.getvalue().encode("utf-8")


def metadata_json(facts: PackageFacts, rows: list[dict]) -> bytes:
    return json.dumps(
        {**facts.__dict__, "documents": rows}, ensure_ascii=False, indent=2, default=str
    ).encode()


def dublin_core(facts: PackageFacts, rows: list[dict]) -> bytes:
    root = Element("metadata")  # a plain container of Dublin Core elements
    SubElement(root, _q(DC, "title")).text = f"{facts.process} – arkivpaket"
    SubElement(root, _q(DC, "creator")).text = facts.municipality
    SubElement(root, _q(DC, "publisher")).text = facts.municipality
    SubElement(root, _q(DC, "identifier")).text = facts.package_id
    if facts.case_dnr:
        SubElement(root, _q(DC, "identifier")).text = f"Dnr {facts.case_dnr}"
    if facts.classification_code:
        SubElement(root, _q(DC, "subject")).text = f"Klassificering {facts.classification_code}"
    SubElement(root, _q(DC, "date")).text = facts.created[:10]
    SubElement(root, _q(DC, "language")).text = settings.LANGUAGE_CODE
    SubElement(root, _q(DC, "type")).text = "Text"
    SubElement(root, _q(DC, "format")).text = "application/pdf"
    for row in rows:
        parts = [row["document_name"]]
        if row.get("decision"):
            parts.append(row["decision"])
        SubElement(root, _q(DCTERMS, "hasPart")).text = " – ".join(parts)
    return _xml(root)


def premis(facts: PackageFacts, rows: list[dict]) -> bytes:
    root = Element(_q(PREMIS, "premis"), {"version": "3.0"})
    for index, row in enumerate(rows, 1):
        obj = SubElement(root, _q(PREMIS, "object"), {_q(XSI, "type"): "premis:file"})
        ident = SubElement(obj, _q(PREMIS, "objectIdentifier"))
        SubElement(ident, _q(PREMIS, "objectIdentifierType")).text = "local"
        SubElement(ident, _q(PREMIS, "objectIdentifierValue")).text = data_path(row)
        characteristics = SubElement(obj, _q(PREMIS, "objectCharacteristics"))
        fixity = SubElement(characteristics, _q(PREMIS, "fixity"))
        SubElement(fixity, _q(PREMIS, "messageDigestAlgorithm")).text = "SHA-256"
        SubElement(fixity, _q(PREMIS, "messageDigest")).text = row["sha256"]
        SubElement(characteristics, _q(PREMIS, "size")).text = str(row["size"])
        fmt = SubElement(characteristics, _q(PREMIS, "format"))
        designation = SubElement(fmt, _q(PREMIS, "formatDesignation"))
        SubElement(designation, _q(PREMIS, "formatName")).text = "PDF/A-3a"
        registry = SubElement(fmt, _q(PREMIS, "formatRegistry"))
        SubElement(registry, _q(PREMIS, "formatRegistryName")).text = "PRONOM"
        SubElement(registry, _q(PREMIS, "formatRegistryKey")).text = PDFA_PRONOM
        SubElement(obj, _q(PREMIS, "originalName")).text = row["file"]
        link = SubElement(obj, _q(PREMIS, "linkingEventIdentifier"))
        SubElement(link, _q(PREMIS, "linkingEventIdentifierType")).text = "local"
        SubElement(link, _q(PREMIS, "linkingEventIdentifierValue")).text = f"event-render-{index}"
    for index, row in enumerate(rows, 1):
        event = SubElement(root, _q(PREMIS, "event"))
        ident = SubElement(event, _q(PREMIS, "eventIdentifier"))
        SubElement(ident, _q(PREMIS, "eventIdentifierType")).text = "local"
        SubElement(ident, _q(PREMIS, "eventIdentifierValue")).text = f"event-render-{index}"
        SubElement(event, _q(PREMIS, "eventType")).text = "creation"
        SubElement(event, _q(PREMIS, "eventDateTime")).text = row["created"]
        detail = SubElement(
            SubElement(event, _q(PREMIS, "eventDetailInformation")), _q(PREMIS, "eventDetail")
        )
        detail.text = f"Framställd som PDF/A-3a av Visionsprocess ({row['pages']} sidor)"
        outcome = SubElement(
            SubElement(event, _q(PREMIS, "eventOutcomeInformation")), _q(PREMIS, "eventOutcome")
        )
        outcome.text = "success"
        agent_link = SubElement(event, _q(PREMIS, "linkingAgentIdentifier"))
        SubElement(agent_link, _q(PREMIS, "linkingAgentIdentifierType")).text = "local"
        SubElement(agent_link, _q(PREMIS, "linkingAgentIdentifierValue")).text = "visionsprocess"
    agent = SubElement(root, _q(PREMIS, "agent"))
    ident = SubElement(agent, _q(PREMIS, "agentIdentifier"))
    SubElement(ident, _q(PREMIS, "agentIdentifierType")).text = "local"
    SubElement(ident, _q(PREMIS, "agentIdentifierValue")).text = "visionsprocess"
    SubElement(agent, _q(PREMIS, "agentName")).text = "Visionsprocess"
    SubElement(agent, _q(PREMIS, "agentType")).text = "software"
    return _xml(root)


def mets(facts: PackageFacts, rows: list[dict], others: dict[str, dict]) -> bytes:
    """The root METS.xml. ``others``: path → {"size", "sha256", "mimetype", "created"} of the
    metadata and documentation files."""
    root = Element(
        _q(METS, "mets"),
        {
            "OBJID": facts.package_id,
            "LABEL": f"{facts.process} – {facts.municipality}",
            "TYPE": "Textual works – Digital",
            _q(CSIP, "CONTENTINFORMATIONTYPE"): "MIXED",
            "PROFILE": SIP_PROFILE,
            _q(XSI, "schemaLocation"): f"{METS} schemas/mets.xsd {XLINK} schemas/xlink.xsd",
        },
    )
    header = SubElement(
        root,
        _q(METS, "metsHdr"),
        {
            "CREATEDATE": facts.created,
            "RECORDSTATUS": "NEW",
            _q(CSIP, "OAISPACKAGETYPE"): "SIP",
        },
    )
    creator = SubElement(
        header, _q(METS, "agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    )
    SubElement(creator, _q(METS, "name")).text = "Visionsprocess"
    SubElement(creator, _q(METS, "note"), {_q(CSIP, "NOTETYPE"): "SOFTWARE VERSION"}).text = "0.1.0"
    # The municipality: the organisation the records come from (archival creator).
    submitter = SubElement(header, _q(METS, "agent"), {"ROLE": "ARCHIVIST", "TYPE": "ORGANIZATION"})
    SubElement(submitter, _q(METS, "name")).text = facts.municipality
    SubElement(
        submitter, _q(METS, "note"), {_q(CSIP, "NOTETYPE"): "IDENTIFICATIONCODE"}
    ).text = facts.municipality_code
    if facts.case_dnr:
        SubElement(header, _q(METS, "altRecordID"), {"TYPE": "REFERENCECODE"}).text = facts.case_dnr
    if facts.classification_code:
        SubElement(
            header, _q(METS, "altRecordID"), {"TYPE": "CLASSIFICATIONCODE"}
        ).text = facts.classification_code

    def md_ref(parent, tag, path, mdtype, ident):
        info = others[path]
        section = SubElement(
            parent,
            _q(METS, tag),
            {"ID": ident, "CREATED": info["created"], "STATUS": "CURRENT"}
            if tag == "dmdSec"
            else {"ID": ident, "STATUS": "CURRENT"},
        )
        SubElement(
            section,
            _q(METS, "mdRef"),
            {
                "LOCTYPE": "URL",
                _q(XLINK, "type"): "simple",
                _q(XLINK, "href"): path,
                "MDTYPE": mdtype,
                "MIMETYPE": "text/xml",
                "SIZE": str(info["size"]),
                "CREATED": info["created"],
                "CHECKSUM": info["sha256"].upper(),
                "CHECKSUMTYPE": "SHA-256",
                "ID": f"{ident}-ref",
            },
        )
        return section

    md_ref(root, "dmdSec", "metadata/descriptive/dc.xml", "DC", "dmd-dc")
    amd = SubElement(root, _q(METS, "amdSec"))
    md_ref(amd, "digiprovMD", "metadata/preservation/premis.xml", "PREMIS", "digiprov-premis")

    file_sec = SubElement(root, _q(METS, "fileSec"), {"ID": "filesec"})

    def add_file(group, ident, path, size, sha256, mimetype, created):
        node = SubElement(
            group,
            _q(METS, "file"),
            {
                "ID": ident,
                "MIMETYPE": mimetype,
                "SIZE": str(size),
                "CREATED": created,
                "CHECKSUM": sha256.upper(),
                "CHECKSUMTYPE": "SHA-256",
            },
        )
        SubElement(
            node,
            _q(METS, "FLocat"),
            {"LOCTYPE": "URL", _q(XLINK, "type"): "simple", _q(XLINK, "href"): path},
        )

    def group(use, ident, content_type):
        # The validator's reading of CSIP63 accepts only "OTHER" with its specification named.
        return SubElement(
            file_sec,
            _q(METS, "fileGrp"),
            {
                "USE": use,
                "ID": ident,
                _q(CSIP, "CONTENTINFORMATIONTYPE"): "OTHER",
                _q(CSIP, "OTHERCONTENTINFORMATIONTYPE"): content_type,
            },
        )

    documentation = group("Documentation", "grp-doc", "metadata.csv and metadata.json")
    doc_ids = []
    for index, path in enumerate(p for p in others if p.startswith("documentation/")):
        info = others[path]
        doc_ids.append(f"file-doc-{index}")
        add_file(
            documentation,
            doc_ids[-1],
            path,
            info["size"],
            info["sha256"],
            info["mimetype"],
            info["created"],
        )
    schema_group = group("Schemas", "grp-schemas", "XML Schema")
    schema_ids = []
    for index, path in enumerate(p for p in others if p.startswith("schemas/")):
        info = others[path]
        schema_ids.append(f"file-schema-{index}")
        add_file(
            schema_group,
            schema_ids[-1],
            path,
            info["size"],
            info["sha256"],
            info["mimetype"],
            info["created"],
        )
    representation = group("Representations/rep1", "grp-rep1", "PDF/A-3 (ISO 19005-3)")
    rep_ids = []
    for index, row in enumerate(rows, 1):
        rep_ids.append(f"file-rep1-{index}")
        add_file(
            representation,
            rep_ids[-1],
            data_path(row),
            row["size"],
            row["sha256"],
            "application/pdf",
            row["document_datetime"],
        )

    struct = SubElement(
        root, _q(METS, "structMap"), {"TYPE": "PHYSICAL", "LABEL": "CSIP", "ID": "structmap-csip"}
    )
    top = SubElement(struct, _q(METS, "div"), {"ID": "div-root", "LABEL": facts.package_id})
    SubElement(
        top,
        _q(METS, "div"),
        {"ID": "div-metadata", "LABEL": "Metadata", "ADMID": "digiprov-premis", "DMDID": "dmd-dc"},
    )
    if doc_ids:
        div = SubElement(
            top, _q(METS, "div"), {"ID": "div-documentation", "LABEL": "Documentation"}
        )
        for ident in doc_ids:
            SubElement(div, _q(METS, "fptr"), {"FILEID": ident})
    div = SubElement(top, _q(METS, "div"), {"ID": "div-schemas", "LABEL": "Schemas"})
    for ident in schema_ids:
        SubElement(div, _q(METS, "fptr"), {"FILEID": ident})
    div = SubElement(
        top, _q(METS, "div"), {"ID": "div-representations", "LABEL": "Representations"}
    )
    for ident in rep_ids:
        SubElement(div, _q(METS, "fptr"), {"FILEID": ident})
    return _xml(root)
