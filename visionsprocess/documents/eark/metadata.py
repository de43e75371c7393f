"""The package's descriptive and preservation metadata: CSV, JSON, Dublin Core and PREMIS."""

import csv
import io
import json
from xml.etree.ElementTree import Element, SubElement  # noqa: S405

from django.conf import settings

from .common import (
    CSV_COLUMNS,
    DC,
    DCTERMS,
    PREMIS,
    SOFTWARE,
    XSI,
    PackageFacts,
    _q,
    _xml,
    data_path,
    pdf_format,
)


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
