"""Validate an archive package with the E-ARK validator (PyPI ``eark-validator``).

What it covers: the package structure (root ``METS.xml``, ``metadata/``, ``representations/``),
the root METS against the METS XML schema with the E-ARK extensions, and the CSIP 2.1 and
E-ARK SIP 2.1 Schematron rules (header, agents, dmdSec/amdSec references, fileSec, checksums,
structMap). It does not read PREMIS or Dublin Core content, nor the PDFs (PDF/A conformance is
not checked by it).

The validator fetches four controlled vocabularies over the network when it is imported; here
it reads the copies it ships with instead (no network in tests).
"""

import urllib.request
from importlib.resources import files
from pathlib import Path
from unittest import mock


def _local_vocabulary(url, *args, **kwargs):
    name = url.rsplit("/", 1)[-1]
    return (files("eark_validator.ipxml.resources.vocabs") / name).open("rb")


def validator():
    with mock.patch.object(urllib.request, "urlopen", _local_vocabulary):
        from eark_validator.packages import PackageValidator
    return PackageValidator


def errors(package_dir: Path) -> list[str]:
    """Every error the validator finds in the unpacked package (empty when it is valid)."""
    report = validator()(Path(package_dir)).validation_report
    found = [
        f"structure {m.rule_id}: {m.message}"
        for m in report.structure.messages
        if "ERR" in str(m.severity).upper()
    ]
    if report.metadata:
        for part in ("schema_results", "schematron_results"):
            for message in getattr(report.metadata, part).messages:
                if "ERR" in str(message.severity).upper():
                    found.append(f"{part} {message.rule_id}: {message.message}")
    return found
