"""The clerk's archive package, an E-ARK submission information package (CSIP 2.1 and E-ARK SIP
2.1), the base of the Swedish National Archives' FGS for packages:

    <package id>/
      METS.xml                                    root METS: header (agents: the software, the
                                                  archival creator, the submitter), dmdSec,
                                                  amdSec, fileSec and the CSIP structMap, which
                                                  points at the representation's METS
      metadata/descriptive/dc.xml                 Dublin Core of the package (Swedish)
      metadata/preservation/premis.xml            PREMIS of the package: its agents and the
                                                  packaging event
      representations/rep1/METS.xml               the representation: one file per document,
                                                  each with its own descriptive record
      representations/rep1/metadata/descriptive/<document>.xml
                                                  Dublin Core of one document: its adoption fact
                                                  (body, date, §, Dnr) and its status
      representations/rep1/metadata/preservation/premis.xml
                                                  PREMIS: each file's SHA-256, size, format
                                                  (PDF/A variant with its PRONOM code) and the
                                                  rendering event
      representations/rep1/data/<file>.pdf        the documents, each dated as the document
      documentation/metadata.csv                  for people: ';', UTF-8 with BOM, Swedish headers
      documentation/metadata.json                 the same for machines
      documentation/SHA256SUMS                    for ``sha256sum -c``
      schemas/mets.xsd, schemas/xlink.xsd         the schemas the METS files name

The package carries its identifier (OBJID), the municipality's code, the case Dnr and the
process's classification code in the records-management plan. Only adopted and published
documents go in (see ``archive.archive_rows``); each says which it is.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
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


SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


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


def adoption_text(row: dict) -> str:
    """E.g. "Kommunfullmäktige 2019-11-25 § 112, Dnr KS 2019/160" – the document's one adoption
    fact as the registry writes it ("" for a document nobody adopts)."""
    if not row.get("adopted_date"):
        return ""
    text = " ".join(p for p in (row["deciding_body"], row["adopted_date"], row["paragraph"]) if p)
    return f"{text}, Dnr {row['dnr']}" if row.get("dnr") else text


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
        parts = [row["document_name"], row["status_label"]]
        if adoption_text(row):
            parts.append(adoption_text(row))
        SubElement(root, _q(DCTERMS, "hasPart")).text = " – ".join(parts)
    return _xml(root)


def document_dc(facts: PackageFacts, row: dict) -> bytes:
    """The descriptive record of one document: what it is, its status and its adoption fact."""
    root = Element("metadata")
    SubElement(root, _q(DC, "title")).text = row["document_name"]
    SubElement(root, _q(DC, "type")).text = row["document_type"]
    SubElement(root, _q(DC, "creator")).text = facts.municipality
    SubElement(root, _q(DC, "date")).text = row["document_date"]
    if row.get("dnr"):
        SubElement(root, _q(DC, "identifier")).text = f"Dnr {row['dnr']}"
    SubElement(root, _q(DC, "identifier")).text = row["file"]
    SubElement(root, _q(DC, "language")).text = settings.LANGUAGE_CODE
    SubElement(root, _q(DC, "format")).text = "application/pdf"
    # dcterms:dateAccepted is the adoption; a document nobody adopted has none.
    if row.get("adopted_date"):
        SubElement(root, _q(DCTERMS, "dateAccepted")).text = row["adopted_date"]
    status = f"Status: {row['status_label']}"
    if adoption_text(row):
        status += f". Antagen av {adoption_text(row)}"
    if row.get("decision"):
        status += f" ({row['decision']})"
    SubElement(root, _q(DC, "description")).text = status
    if row.get("valid_until"):
        SubElement(root, _q(DCTERMS, "valid")).text = f"till {row['valid_until']}"
    SubElement(root, _q(DCTERMS, "isPartOf")).text = facts.package_id
    return _xml(root)


def _premis_agents(root: Element, facts: PackageFacts) -> None:
    agent = SubElement(root, _q(PREMIS, "agent"))
    ident = SubElement(agent, _q(PREMIS, "agentIdentifier"))
    SubElement(ident, _q(PREMIS, "agentIdentifierType")).text = "local"
    SubElement(ident, _q(PREMIS, "agentIdentifierValue")).text = "visionsprocess"
    SubElement(agent, _q(PREMIS, "agentName")).text = f"{SOFTWARE} {facts.software_version}"
    SubElement(agent, _q(PREMIS, "agentType")).text = "software"
    agent = SubElement(root, _q(PREMIS, "agent"))
    ident = SubElement(agent, _q(PREMIS, "agentIdentifier"))
    SubElement(ident, _q(PREMIS, "agentIdentifierType")).text = "kommunkod"
    SubElement(ident, _q(PREMIS, "agentIdentifierValue")).text = facts.municipality_code
    SubElement(agent, _q(PREMIS, "agentName")).text = facts.municipality
    SubElement(agent, _q(PREMIS, "agentType")).text = "organization"


def package_premis(facts: PackageFacts) -> bytes:
    """The package's own PREMIS: who made it and when (the files are described per
    representation)."""
    root = Element(_q(PREMIS, "premis"), {"version": "3.0"})
    event = SubElement(root, _q(PREMIS, "event"))
    ident = SubElement(event, _q(PREMIS, "eventIdentifier"))
    SubElement(ident, _q(PREMIS, "eventIdentifierType")).text = "local"
    SubElement(ident, _q(PREMIS, "eventIdentifierValue")).text = "event-package"
    SubElement(event, _q(PREMIS, "eventType")).text = "packing"
    SubElement(event, _q(PREMIS, "eventDateTime")).text = facts.created
    outcome = SubElement(
        SubElement(event, _q(PREMIS, "eventOutcomeInformation")), _q(PREMIS, "eventOutcome")
    )
    outcome.text = "success"
    for value in ("visionsprocess", facts.municipality_code):
        link = SubElement(event, _q(PREMIS, "linkingAgentIdentifier"))
        SubElement(link, _q(PREMIS, "linkingAgentIdentifierType")).text = (
            "local" if value == "visionsprocess" else "kommunkod"
        )
        SubElement(link, _q(PREMIS, "linkingAgentIdentifierValue")).text = value
    _premis_agents(root, facts)
    return _xml(root)


def premis(facts: PackageFacts, rows: list[dict]) -> bytes:
    """PREMIS of the representation: each file's fixity, size, format and rendering event."""
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
        name, puid = pdf_format(row["pdf_variant"])
        fmt = SubElement(characteristics, _q(PREMIS, "format"))
        designation = SubElement(fmt, _q(PREMIS, "formatDesignation"))
        SubElement(designation, _q(PREMIS, "formatName")).text = name
        if puid:
            registry = SubElement(fmt, _q(PREMIS, "formatRegistry"))
            SubElement(registry, _q(PREMIS, "formatRegistryName")).text = "PRONOM"
            SubElement(registry, _q(PREMIS, "formatRegistryKey")).text = puid
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
        detail.text = f"Framställd som {pdf_format(row['pdf_variant'])[0]} av {SOFTWARE} ({row['pages']} sidor)"
        outcome = SubElement(
            SubElement(event, _q(PREMIS, "eventOutcomeInformation")), _q(PREMIS, "eventOutcome")
        )
        outcome.text = "success"
        agent_link = SubElement(event, _q(PREMIS, "linkingAgentIdentifier"))
        SubElement(agent_link, _q(PREMIS, "linkingAgentIdentifierType")).text = "local"
        SubElement(agent_link, _q(PREMIS, "linkingAgentIdentifierValue")).text = "visionsprocess"
    _premis_agents(root, facts)
    return _xml(root)


# --- METS ----------------------------------------------------------------------------------------


def _mets_root(facts: PackageFacts, objid: str, label: str) -> Element:
    return Element(
        _q(METS, "mets"),
        {
            "OBJID": objid,
            "LABEL": label,
            "TYPE": "Textual works – Digital",
            _q(CSIP, "CONTENTINFORMATIONTYPE"): "MIXED",
            "PROFILE": SIP_PROFILE,
            _q(XSI, "schemaLocation"): f"{METS} {{schemas}}mets.xsd {XLINK} {{schemas}}xlink.xsd",
        },
    )


def _header(root: Element, facts: PackageFacts) -> None:
    """metsHdr with the three agents E-ARK SIP 2.1 asks for: the software that made the package
    (CSIP10–16), the archival creator (SIP9–14, ARCHIVIST) and the submitting agent (SIP15–20,
    CREATOR of type ORGANIZATION); the municipality is both here, identified by its code."""
    header = SubElement(
        root,
        _q(METS, "metsHdr"),
        {
            "CREATEDATE": facts.created,
            "LASTMODDATE": facts.created,
            "RECORDSTATUS": "NEW",
            _q(CSIP, "OAISPACKAGETYPE"): "SIP",
        },
    )
    software = SubElement(
        header, _q(METS, "agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    )
    SubElement(software, _q(METS, "name")).text = SOFTWARE
    SubElement(
        software, _q(METS, "note"), {_q(CSIP, "NOTETYPE"): "SOFTWARE VERSION"}
    ).text = facts.software_version
    for role in ("ARCHIVIST", "CREATOR"):
        agent = SubElement(header, _q(METS, "agent"), {"ROLE": role, "TYPE": "ORGANIZATION"})
        SubElement(agent, _q(METS, "name")).text = facts.municipality
        SubElement(
            agent, _q(METS, "note"), {_q(CSIP, "NOTETYPE"): "IDENTIFICATIONCODE"}
        ).text = facts.municipality_code
    if facts.case_dnr:
        SubElement(header, _q(METS, "altRecordID"), {"TYPE": "REFERENCECODE"}).text = facts.case_dnr
    if facts.classification_code:
        SubElement(
            header, _q(METS, "altRecordID"), {"TYPE": "CLASSIFICATIONCODE"}
        ).text = facts.classification_code


def _md_ref(parent, tag: str, href: str, info: dict, mdtype: str, ident: str) -> Element:
    section = SubElement(
        parent,
        _q(METS, tag),
        {"ID": ident, "CREATED": info["created"], "STATUS": "CURRENT"},
    )
    SubElement(
        section,
        _q(METS, "mdRef"),
        {
            "LOCTYPE": "URL",
            _q(XLINK, "type"): "simple",
            _q(XLINK, "href"): href,
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


def _group(file_sec, use: str, ident: str, content_type: str) -> Element:
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


def _file(group, ident: str, href: str, info: dict, **extra) -> Element:
    node = SubElement(
        group,
        _q(METS, "file"),
        {
            "ID": ident,
            "MIMETYPE": info["mimetype"],
            "SIZE": str(info["size"]),
            "CREATED": info["created"],
            "CHECKSUM": info["sha256"].upper(),
            "CHECKSUMTYPE": "SHA-256",
            **extra,
        },
    )
    SubElement(
        node,
        _q(METS, "FLocat"),
        {"LOCTYPE": "URL", _q(XLINK, "type"): "simple", _q(XLINK, "href"): href},
    )
    return node


def representation_mets(facts: PackageFacts, rows: list[dict], others: dict[str, dict]) -> bytes:
    """representations/rep1/METS.xml: the documents, each with its descriptive record (its
    adoption fact and status) and the representation's PREMIS. Paths are relative to it.
    ``others``: package path → {"size", "sha256", "mimetype", "created"}."""

    def local(path: str) -> str:
        return path.removeprefix(f"{REP_DIR}/")

    root = _mets_root(facts, f"{facts.package_id}-{REPRESENTATION}", f"{facts.process} – PDF/A")
    root.set(
        _q(XSI, "schemaLocation"),
        root.get(_q(XSI, "schemaLocation")).format(schemas="../../schemas/"),
    )
    _header(root, facts)
    for index, row in enumerate(rows, 1):
        path = record_path(row)
        _md_ref(root, "dmdSec", local(path), others[path], "DC", f"dmd-doc-{index}")
    amd = SubElement(root, _q(METS, "amdSec"))
    _md_ref(amd, "digiprovMD", local(REP_PREMIS), others[REP_PREMIS], "PREMIS", "digiprov-premis")
    file_sec = SubElement(root, _q(METS, "fileSec"), {"ID": "filesec"})
    data = SubElement(file_sec, _q(METS, "fileGrp"), {"USE": "Data", "ID": "grp-data"})
    for index, row in enumerate(rows, 1):
        info = {
            "mimetype": "application/pdf",
            "size": row["size"],
            "created": row["document_datetime"],
            "sha256": row["sha256"],
        }
        _file(
            data,
            f"file-data-{index}",
            local(data_path(row)),
            info,
            DMDID=f"dmd-doc-{index}",
            ADMID="digiprov-premis",
            **{_q(SIP, "FILEFORMATNAME"): pdf_format(row["pdf_variant"])[0]},
        )
    struct = SubElement(
        root, _q(METS, "structMap"), {"TYPE": "PHYSICAL", "LABEL": "CSIP", "ID": "structmap-csip"}
    )
    top = SubElement(struct, _q(METS, "div"), {"ID": "div-root", "LABEL": REPRESENTATION})
    SubElement(
        top,
        _q(METS, "div"),
        {
            "ID": "div-metadata",
            "LABEL": "Metadata",
            "ADMID": "digiprov-premis",
            "DMDID": " ".join(f"dmd-doc-{i}" for i in range(1, len(rows) + 1)),
        },
    )
    div = SubElement(top, _q(METS, "div"), {"ID": "div-data", "LABEL": "Data"})
    for index, row in enumerate(rows, 1):
        item = SubElement(
            div,
            _q(METS, "div"),
            {"ID": f"div-doc-{index}", "LABEL": row["document_name"], "DMDID": f"dmd-doc-{index}"},
        )
        SubElement(item, _q(METS, "fptr"), {"FILEID": f"file-data-{index}"})
    return _xml(root)


def mets(facts: PackageFacts, rows: list[dict], others: dict[str, dict]) -> bytes:
    """The root METS.xml. ``others``: package path → {"size", "sha256", "mimetype", "created"}
    of every file but the data files and the root METS (the representation's METS among them)."""
    root = _mets_root(facts, facts.package_id, f"{facts.process} – {facts.municipality}")
    root.set(
        _q(XSI, "schemaLocation"), root.get(_q(XSI, "schemaLocation")).format(schemas="schemas/")
    )
    _header(root, facts)
    _md_ref(
        root, "dmdSec", "metadata/descriptive/dc.xml", others["metadata/descriptive/dc.xml"],
        "DC", "dmd-dc",
    )  # fmt: skip
    amd = SubElement(root, _q(METS, "amdSec"))
    _md_ref(
        amd, "digiprovMD", "metadata/preservation/premis.xml",
        others["metadata/preservation/premis.xml"], "PREMIS", "digiprov-premis",
    )  # fmt: skip

    file_sec = SubElement(root, _q(METS, "fileSec"), {"ID": "filesec"})
    groups = (
        ("documentation/", "Documentation", "grp-doc", "metadata.csv, metadata.json, SHA256SUMS"),
        ("schemas/", "Schemas", "grp-schemas", "XML Schema"),
    )
    ids = {}
    for prefix, use, ident, content_type in groups:
        group = _group(file_sec, use, ident, content_type)
        ids[use] = []
        for index, path in enumerate(p for p in others if p.startswith(prefix)):
            ids[use].append(f"file-{use.lower()}-{index}")
            _file(group, ids[use][-1], path, others[path])
    rep_group = _group(
        file_sec, f"Representations/{REPRESENTATION}", f"grp-{REPRESENTATION}",
        "PDF/A (ISO 19005)",
    )  # fmt: skip
    _file(rep_group, f"file-{REPRESENTATION}-mets", REP_METS, others[REP_METS])

    struct = SubElement(
        root, _q(METS, "structMap"), {"TYPE": "PHYSICAL", "LABEL": "CSIP", "ID": "structmap-csip"}
    )
    top = SubElement(struct, _q(METS, "div"), {"ID": "div-root", "LABEL": facts.package_id})
    SubElement(
        top,
        _q(METS, "div"),
        {"ID": "div-metadata", "LABEL": "Metadata", "ADMID": "digiprov-premis", "DMDID": "dmd-dc"},
    )
    for use in ("Documentation", "Schemas"):
        div = SubElement(top, _q(METS, "div"), {"ID": f"div-{use.lower()}", "LABEL": use})
        for ident in ids[use]:
            SubElement(div, _q(METS, "fptr"), {"FILEID": ident})
    reps = SubElement(
        top, _q(METS, "div"), {"ID": "div-representations", "LABEL": "Representations"}
    )
    SubElement(reps, _q(METS, "fptr"), {"FILEID": f"file-{REPRESENTATION}-mets"})
    rep = SubElement(
        reps,
        _q(METS, "div"),
        {"ID": f"div-{REPRESENTATION}", "LABEL": f"Representations/{REPRESENTATION}"},
    )
    SubElement(
        rep,
        _q(METS, "mptr"),
        {
            "LOCTYPE": "URL",
            _q(XLINK, "type"): "simple",
            _q(XLINK, "href"): REP_METS,
            _q(XLINK, "title"): f"grp-{REPRESENTATION}",
        },
    )
    return _xml(root)
