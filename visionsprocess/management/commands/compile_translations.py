"""Compile every .po catalogue of the project to .mo with polib (no GNU gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (pure Python; replaces compilemessages)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        count = 0
        for po_path in sorted(self._catalogues(base)):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")

    @staticmethod
    def _catalogues(base: Path):
        """Every locale/*/LC_MESSAGES/*.po below the project, not in installed packages."""
        skip = {"node_modules", ".venv", ".git", "staticfiles", "media", "static"}
        for top in [base, *(p for p in base.iterdir() if p.is_dir() and p.name not in skip)]:
            pattern = "locale/*/LC_MESSAGES/*.po" if top == base else "**/locale/*/LC_MESSAGES/*.po"
            yield from top.glob(pattern)
