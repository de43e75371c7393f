"""Validate an archive package in tests: the project's offline E-ARK check (see
``visionsprocess.documents.eark_check``), the same one ``manage.py archive_validate`` runs."""

from pathlib import Path

from visionsprocess.documents import eark_check


def errors(package_dir: Path) -> list[str]:
    """Every error found in the package (a folder or a ZIP); empty when it is valid."""
    return [str(problem) for problem in eark_check.errors(Path(package_dir))]
