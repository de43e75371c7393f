"""The METS files of the package and of its representation."""

from xml.etree.ElementTree import Element, SubElement  # noqa: S405

from .common import (
    CSIP,
    METS,
    REP_DIR,
    REP_METS,
    REP_PREMIS,
    REPRESENTATION,
    SIP,
    SIP_PROFILE,
    SOFTWARE,
    XLINK,
    XSI,
    PackageFacts,
    _q,
    _xml,
    data_path,
    pdf_format,
    record_path,
)

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
