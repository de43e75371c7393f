"""The association register: organisations by hand and imported from CSV/XLSX."""

import csv
import io
from dataclasses import dataclass, field

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.model_update import model_assign
from visionsprocess.models import (
    District,
    Municipality,
)

from ..models import (
    Organisation,
    OrganisationCategory,
    normalise_name,
)

# --- The association register -------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "name",
    "category",
    "contact_person",
    "email",
    "phone",
    "district",
    "wants_invitations",
    "is_listed_publicly",
    "public_contact",
    "listing_consent_on",
)


@transaction.atomic
def organisation_save(
    *, municipality: Municipality, data: dict, organisation: Organisation | None = None
) -> Organisation:
    organisation = organisation or Organisation(municipality=municipality)
    target_groups = data.pop("target_groups", None)
    model_assign(instance=organisation, fields=ORGANISATION_FIELDS, data=data)
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("There is already an organisation with this name.")}
        ) from None
    if target_groups is not None:
        organisation.target_groups.set(target_groups)
    changes.record(municipality=municipality)
    return organisation


IMPORT_COLUMNS = {
    # header (lower case, Swedish or English) -> field
    "namn": "name",
    "name": "name",
    "förening": "name",
    "kategori": "category",
    "category": "category",
    "kontaktperson": "contact_person",
    "contact person": "contact_person",
    "contact_person": "contact_person",
    "e-post": "email",
    "epost": "email",
    "email": "email",
    "e-mail": "email",
    "telefon": "phone",
    "phone": "phone",
    "kommundel": "district",
    "district": "district",
    "vill ha inbjudningar": "wants_invitations",
    "inbjudningar": "wants_invitations",
    "wants_invitations": "wants_invitations",
    "wants invitations": "wants_invitations",
}
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}
NO = {"nej", "n", "no", "0", "false", "falskt", ""}


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "create" or "update"

    @property
    def ok(self) -> bool:
        return not self.errors


def _category_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in OrganisationCategory.choices:
        lookup[value] = value
        lookup[str(label).casefold()] = value
    swedish = {
        "idrott": "sport",
        "kultur": "culture",
        "social": "social",
        "socialt": "social",
        "skola": "school",
        "företag": "business",
        "näringsliv": "business",
        "övrigt": "other",
        "annat": "other",
    }
    lookup.update(swedish)
    return lookup


def _read_table(upload) -> list[list[str]]:
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."))
    data = upload.read()
    if name.endswith(".xlsx"):
        kind = filetype.guess(data)
        if kind is None or kind.extension not in ("xlsx", "zip"):
            raise ValidationError(_("The file is not a valid Excel (XLSX) file."))
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
            raise ValidationError(_("The Excel file could not be read.")) from None
        sheet = workbook.active
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    if name.endswith(".csv") or name.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if "\x00" in text:
            raise ValidationError(_("The file is not a text (CSV) file."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise ValidationError(_("Upload a CSV or XLSX file."))


def organisations_parse(*, municipality: Municipality, upload) -> list[ImportRow]:
    """Read a CSV/XLSX file into rows with per-row errors; nothing is saved."""
    table = [row for row in _read_table(upload) if any(cell for cell in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise ValidationError(
            _("The file has too many rows (at most %(max)d).") % {"max": MAX_IMPORT_ROWS}
        )
    header = [IMPORT_COLUMNS.get(cell.casefold().strip()) for cell in table[0]]
    if "name" not in header:
        raise ValidationError(_("The first row must contain column names, at least “Namn” (name)."))
    categories = _category_lookup()
    districts = {
        normalise_name(d.name): d.pk for d in District.objects.filter(municipality=municipality)
    }
    existing = set(
        Organisation.objects.for_municipality(municipality).values_list(
            "normalised_name", flat=True
        )
    )
    seen = {}
    rows = []
    for index, raw in enumerate(table[1:], start=2):
        values = {}
        for column, cell in zip(header, raw, strict=False):
            if column:
                values[column] = cell
        row = ImportRow(line=index, values=values)
        name = " ".join(values.get("name", "").split())
        values["name"] = name
        if not name:
            row.errors.append(_("The name is missing."))
        elif len(name) > 200:
            row.errors.append(_("The name is too long (at most 200 characters)."))
        key = normalise_name(name)
        if key and key in seen:
            row.errors.append(
                _("The same organisation is also on row %(line)d.") % {"line": seen[key]}
            )
        elif key:
            seen[key] = index
        category = values.get("category", "").casefold()
        if category and category not in categories:
            row.errors.append(
                _("Unknown category “%(value)s”.") % {"value": values.get("category")}
            )
        values["category"] = categories.get(category, OrganisationCategory.OTHER)
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(
                    _("“%(value)s” is not a valid e-mail address.") % {"value": email}
                )
        district = values.get("district", "")
        if district and normalise_name(district) not in districts:
            row.errors.append(_("Unknown district “%(value)s”.") % {"value": district})
        values["district_id"] = districts.get(normalise_name(district)) if district else None
        wants = values.get("wants_invitations", "ja").casefold()
        if wants not in YES and wants not in NO:
            row.errors.append(_("“Wants invitations” must be yes or no."))
        values["wants_invitations"] = wants in YES or "wants_invitations" not in values
        for name_field, limit in (("contact_person", 150), ("phone", 40)):
            if len(values.get(name_field, "")) > limit:
                row.errors.append(_("A value is too long."))
        row.action = "update" if key in existing else "create"
        rows.append(row)
    return rows


def import_rows_to_session(rows: list[ImportRow]) -> list[dict]:
    return [
        {"line": r.line, "values": r.values, "errors": r.errors, "action": r.action} for r in rows
    ]


@transaction.atomic
def organisations_import(*, municipality: Municipality, rows: list[dict]) -> tuple[int, int]:
    """Save the valid rows of a parsed import: update by normalised name, else create."""
    created = updated = 0
    # The register and the districts are read once, not once per row.
    existing = {o.normalised_name: o for o in Organisation.objects.for_municipality(municipality)}
    districts = {d.pk: d for d in District.objects.filter(municipality=municipality)}
    for row in rows:
        if row.get("errors"):
            continue
        values = row["values"]
        key = normalise_name(values["name"])
        organisation = existing.get(key)
        data = {
            "name": values["name"],
            "category": values.get("category") or OrganisationCategory.OTHER,
            "contact_person": values.get("contact_person", ""),
            "email": values.get("email", ""),
            "phone": values.get("phone", ""),
            "wants_invitations": values.get("wants_invitations", True),
        }
        if values.get("district_id"):
            data["district"] = districts.get(values["district_id"])
        existing[key] = organisation_save(
            municipality=municipality, data=data, organisation=organisation
        )
        if organisation is None:
            created += 1
        else:
            updated += 1
    return created, updated
