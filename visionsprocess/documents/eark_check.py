"""Validate an archive package offline with the E-ARK validator (PyPI ``eark-validator``).

``check(path)`` runs what the validator's ``PackageValidator`` runs – the package structure
(CSIPSTR), the root METS against the METS schema with the E-ARK extensions it ships, and the
CSIP 2.1 and E-ARK SIP 2.1 Schematron rules it ships – and adds three checks of its own: the
representation's METS against the same schema, every file reference (path, size, SHA-256) of
both METS files, and that no file in the package is left unreferenced.

Offline: the validator fetches four controlled vocabularies over the internet when it is
imported (and its command line crashes without a network); here they are read from the copies
it ships (``eark_validator/ipxml/resources/vocabs``). Any other address is refused.

Corrected rules. eark-validator 1.1.3 reads the agent rules of the specifications more
broadly than they are written, so that no METS can satisfy them together:

* CSIP10–16 describe *the software agent* (ROLE CREATOR, TYPE OTHER, OTHERTYPE SOFTWARE, one
  note "SOFTWARE VERSION"); the validator applies them to every CREATOR agent, so it refuses
  the submitting agent that E-ARK SIP 2.1 requires (SIP15–20: ROLE CREATOR, TYPE ORGANIZATION
  or INDIVIDUAL, a note of type IDENTIFICATIONCODE).
* SIP14 says the *archival creator* agent's note (ROLE ARCHIVIST, SIP9–13) is typed
  ``csip:NOTETYPE="IDENTIFICATIONCODE"``; the validator checks the software agent's note for an
  un-namespaced ``NOTETYPE`` – an attribute the METS schema forbids there – and so fails every
  valid package.

Here those rules apply to the agents the specifications name (``_correct``), the SIP agent
requirements the validator lacks (SIP11, SIP15, SIP17, SIP20) are added as written in the E-ARK
SIP 2.1 profile it ships, and every other rule is the validator's own, unchanged. The tests
show both that the stock rules fail a package only on these rules and that the corrected rules
still catch the mistakes the rules exist for.
"""

import hashlib
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from unittest import mock

from lxml import etree  # noqa: S410 - local files of the package being checked
from lxml.isoschematron import Schematron

SCH = "http://purl.oclc.org/dsdl/schematron"
METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
VOCABULARY_HOST = "https://earkcsip.dilcis.eu/schema/"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    rule: str
    file: str
    message: str

    def __str__(self):
        return f"{self.severity.upper()} {self.rule} [{self.file}]: {self.message}"


def _shipped_vocabulary(url, *args, **kwargs):
    if not str(url).startswith(VOCABULARY_HOST):
        raise OSError(f"offline: refused to fetch {url}")
    name = str(url).rsplit("/", 1)[-1]
    return (files("eark_validator.ipxml.resources.vocabs") / name).open("rb")


@cache
def _validator():
    """The validator's modules, imported with the vocabularies read from its own copies."""
    with mock.patch.object(urllib.request, "urlopen", _shipped_vocabulary):
        from eark_validator import structure
        from eark_validator.ipxml import schematron
        from eark_validator.mets import MetsValidator
        from eark_validator.model.validation_report import Severity
        from eark_validator.rules import TestResults
        from eark_validator.specifications.specification import (
            EarkSpecification,
            SpecificationType,
            SpecificationVersion,
        )
    return {
        "structure": structure,
        "schematron": schematron,
        "MetsValidator": MetsValidator,
        "Severity": Severity,
        "TestResults": TestResults,
        "EarkSpecification": EarkSpecification,
        "SpecificationType": SpecificationType,
        "version": SpecificationVersion.V2_1_0,
    }


# --- The corrected agent rules -------------------------------------------------------------------

SOFTWARE_AGENT = (
    "mets:agent[@ROLE = 'CREATOR' and not(@TYPE = 'ORGANIZATION' or @TYPE = 'INDIVIDUAL')]"
)

SIP_AGENT_RULES = f"""
<pattern xmlns="{SCH}" id="SIP_agents_as_specified">
  <rule context="/mets:mets/mets:metsHdr">
    <assert id="SIP15" role="ERROR" test="count(mets:agent[@ROLE = 'CREATOR' and (@TYPE = 'ORGANIZATION' or @TYPE = 'INDIVIDUAL')]) &gt;= 1">The package MUST name its submitting agent: an agent with ROLE "CREATOR" and TYPE "ORGANIZATION" or "INDIVIDUAL" (SIP15–17).</assert>
    <assert id="SIP20" role="ERROR" test="mets:agent[@ROLE = 'CREATOR' and (@TYPE = 'ORGANIZATION' or @TYPE = 'INDIVIDUAL')]/mets:note[@csip:NOTETYPE = 'IDENTIFICATIONCODE']">The submitting agent note is typed with the value of "IDENTIFICATIONCODE" (SIP19–20).</assert>
  </rule>
  <rule context="/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'ARCHIVIST']">
    <assert id="SIP11" role="ERROR" test="@TYPE = 'ORGANIZATION' or @TYPE = 'INDIVIDUAL'">The type of the archival creator agent is "ORGANIZATION" or "INDIVIDUAL".</assert>
  </rule>
  <rule context="/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'ARCHIVIST']/mets:note">
    <assert id="SIP14" role="ERROR" test="@csip:NOTETYPE = 'IDENTIFICATIONCODE'">The archival creator agent note is typed with the value of "IDENTIFICATIONCODE".</assert>
  </rule>
</pattern>
"""


def _correct(tree, spec_id: str, section: str) -> None:
    """Point the agent rules at the agents the specifications name (see the module docstring)."""
    if section != "metsHdr":
        return
    ns = {"s": SCH}
    if spec_id == "CSIP":
        for rule in tree.iterfind(".//s:rule", ns):
            if rule.get("context") == "/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'CREATOR']":
                rule.set("context", f"/mets:mets/mets:metsHdr/{SOFTWARE_AGENT}")
        for assertion in tree.iterfind(".//s:assert[@id='CSIP11']", ns):
            assertion.set("test", f"count({SOFTWARE_AGENT}) = 1")
    elif spec_id == "SIP":
        for rule in list(tree.iterfind(".//s:rule", ns)):
            if rule.get("context", "").startswith(
                "/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'CREATOR']"
            ):
                rule.getparent().remove(rule)
        tree.append(etree.fromstring(SIP_AGENT_RULES))


@cache
def _rulesets() -> list[tuple[str, str, Schematron]]:
    v = _validator()
    tests = v["schematron"].schematron_tests.tests
    rulesets = []
    for spec_type in (v["SpecificationType"].CSIP, v["SpecificationType"].SIP):
        specification = v["EarkSpecification"](spec_type, v["version"]).specification
        for section in specification.sections:
            path = v["schematron"].get_schematron_path(v["version"], specification.id, section)
            text = Path(path).read_text(encoding="utf-8")
            for name, test in tests.items():
                text = text.replace(name, test)
            tree = etree.fromstring(text.encode())
            _correct(tree, specification.id, section)
            schematron = Schematron(etree=tree, store_report=True)
            rulesets.append((specification.id, section, schematron))
    return rulesets


# --- The checks ----------------------------------------------------------------------------------


def _severity(result) -> str | None:
    severity = _validator()["Severity"]
    if result.severity == severity.ERROR:
        return "error"
    if result.severity == severity.WARNING:
        return "warning"
    return None


def _from_results(results, file: str) -> list[Problem]:
    found = []
    for result in results:
        level = _severity(result)
        if level:
            found.append(Problem(level, result.rule_id or "", file, result.message))
    return found


def _schema(root: Path, mets: str) -> list[Problem]:
    validator = _validator()["MetsValidator"](str(root))
    validator.validate_mets(mets)
    found = []
    for result in validator.validation_errors:
        message = result.message.replace(str(root) + "/", "")
        found.append(Problem("error", f"schema {result.rule_id}", mets, message))
    return found


def _schematron(mets_path: Path, label: str) -> list[Problem]:
    document = etree.parse(str(mets_path))  # noqa: S320 - a local file being checked
    found = []
    for _spec_id, _section, schematron in _rulesets():
        schematron.validate(document)
        results = _validator()["TestResults"].from_validation_report(schematron.validation_report)
        found += _from_results(results, label)
    return found


def _references(package: Path, mets_rel: str) -> tuple[list[Problem], set[str]]:
    """Every file and metadata reference of one METS: there, of that size and checksum."""
    mets_path = package / mets_rel
    base = mets_path.parent
    tree = etree.parse(str(mets_path))  # noqa: S320
    found, referenced = [], set()
    ns = {"m": METS_NS}
    for element in [*tree.iterfind(".//m:file", ns), *tree.iterfind(".//m:mdRef", ns)]:
        location = element if element.tag.endswith("mdRef") else element.find("m:FLocat", ns)
        href = location.get(f"{{{XLINK_NS}}}href", "") if location is not None else ""
        target = (base / href).resolve()
        try:
            relative = target.relative_to(package.resolve()).as_posix()
        except ValueError:
            found.append(Problem("error", "reference", mets_rel, f"{href} is outside the package"))
            continue
        referenced.add(relative)
        if not target.is_file():
            found.append(Problem("error", "reference", mets_rel, f"{href} is missing"))
            continue
        content = target.read_bytes()
        if element.get("SIZE") and int(element.get("SIZE")) != len(content):
            found.append(Problem("error", "reference", mets_rel, f"{href}: size differs from SIZE"))
        if (
            element.get("CHECKSUMTYPE") == "SHA-256"
            and element.get("CHECKSUM", "").lower() != hashlib.sha256(content).hexdigest()
        ):
            found.append(
                Problem("error", "reference", mets_rel, f"{href}: SHA-256 differs from CHECKSUM")
            )
    return found, referenced


def _package_root(path: Path) -> Path:
    if (path / "METS.xml").is_file():
        return path
    children = [child for child in path.iterdir() if child.is_dir()]
    if len(children) == 1 and (children[0] / "METS.xml").is_file():
        return children[0]
    return path


def check_folder(path: Path) -> list[Problem]:
    """Every problem in an unpacked package (its root folder, or the folder holding it)."""
    root = _package_root(Path(path))
    v = _validator()
    _ok, structure = v["structure"].validate(root)
    problems = _from_results(structure.messages, "(structure)")
    if not (root / "METS.xml").is_file():
        return problems or [Problem("error", "CSIPSTR4", "METS.xml", "no root METS.xml")]
    problems += _schema(root, "METS.xml")
    problems += _schematron(root / "METS.xml", "METS.xml")
    referenced = {"METS.xml"}
    metses = ["METS.xml"] + sorted(
        p.relative_to(root).as_posix() for p in root.glob("representations/*/METS.xml")
    )
    for mets_rel in metses:
        if mets_rel != "METS.xml":
            problems += _schema(root / Path(mets_rel).parent, "METS.xml")
        found, seen = _references(root, mets_rel)
        problems += found
        referenced |= seen
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = file.relative_to(root).as_posix()
        if relative not in referenced:
            problems.append(
                Problem("error", "reference", relative, "not referenced by any METS file")
            )
    return problems


def check(path: Path) -> list[Problem]:
    """Every problem in a package: a ZIP, or an unpacked folder."""
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(path) as archive:
            archive.extractall(folder)  # extractall keeps every member inside ``folder``
            return check_folder(Path(folder))
    if path.is_dir():
        return check_folder(path)
    return [Problem("error", "package", str(path), "neither a ZIP file nor a folder")]


def errors(path: Path) -> list[Problem]:
    return [problem for problem in check(path) if problem.severity == "error"]
