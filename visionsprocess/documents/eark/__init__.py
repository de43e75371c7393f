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

One module per part: ``metadata`` (CSV, JSON, Dublin Core, PREMIS), ``mets`` and ``common``;
everything is importable from ``visionsprocess.documents.eark`` as before.
"""

from .common import (  # noqa: F401
    CSIP,
    CSV_COLUMNS,
    DC,
    DCTERMS,
    METS,
    PDFA_FORMATS,
    PREMIS,
    REP_DIR,
    REP_METS,
    REP_PREMIS,
    REPRESENTATION,
    SCHEMA_DIR,
    SIP,
    SIP_PROFILE,
    SOFTWARE,
    XLINK,
    XSI,
    PackageFacts,
    Status,
    _q,
    _xml,
    data_path,
    pdf_format,
    record_path,
    schemas,
)
from .metadata import (  # noqa: F401
    _premis_agents,
    adoption_text,
    document_dc,
    dublin_core,
    metadata_csv,
    metadata_json,
    package_premis,
    premis,
)
from .mets import (  # noqa: F401
    _file,
    _group,
    _header,
    _md_ref,
    _mets_root,
    mets,
    representation_mets,
)
