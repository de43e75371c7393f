"""Fill a catalogue's empty msgstr from a JSON file of {"English source": "translation"}."""

import json

import polib
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Fill missing translations in a .po file from a JSON mapping (developer tool)."

    def add_arguments(self, parser):
        parser.add_argument("po_file")
        parser.add_argument("json_files", nargs="+")
        parser.add_argument("--overwrite", action="store_true")

    def handle(self, po_file, json_files, overwrite=False, **options):
        mapping = {}
        for path in json_files:
            with open(path, encoding="utf-8") as handle:
                mapping.update(json.load(handle))
        po = polib.pofile(po_file)
        filled = 0
        for entry in po:
            if entry.msgid not in mapping:
                continue
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value, value]
                if overwrite or not all(entry.msgstr_plural.values()) or entry.fuzzy:
                    entry.msgstr_plural = dict(enumerate(forms))
                    filled += 1
            elif overwrite or not entry.msgstr or entry.fuzzy:
                entry.msgstr = value if isinstance(value, str) else value[0]
                filled += 1
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
        po.save()
        missing = [entry.msgid for entry in po.untranslated_entries()]
        self.stdout.write(f"Filled {filled}; still missing {len(missing)}.")
        for msgid in missing:
            self.stdout.write(f"  missing: {msgid!r}")
        if missing and options.get("verbosity", 1) > 2:
            raise CommandError("Missing translations")
