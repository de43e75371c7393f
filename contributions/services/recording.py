"""Input that did not come through the web: interviews, paper forms, visits, calls, e-mails and
social media, recorded by an official one at a time or imported as a batch (CSV or Excel).

Such input becomes an ordinary contribution (searched, tagged, counted, followed back like any
other) that also says by which channel it came, who recorded it, when and where it was collected,
how many people stand behind it and their age bands, and whether they consented to publishing.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from visionsprocess import changes
from visionsprocess.models import AgeBand, District, VisionProcess

from ..models import Channel, Contribution, ContributionKind

#: The kinds an official may record (statements belong to meetings, see meeting_statements_add).
RECORD_KINDS = (ContributionKind.IDEA, ContributionKind.LETTER, ContributionKind.GROUP_REPORT)
MAX_IMPORT_ROWS = 2000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_PEOPLE = 100_000


def _clean_bands(bands) -> list[str]:
    bands = [b for b in (bands or []) if b]
    unknown = [b for b in bands if b not in AgeBand.values]
    if unknown:
        raise ValidationError(
            {"age_bands": _("Unknown age band: %(band)s.") % {"band": unknown[0]}}
        )
    return [b for b in AgeBand.values if b in bands]  # in order, once each


def _prepare(process: VisionProcess, data: dict, by) -> Contribution:
    channel = data.get("channel") or ""
    if channel not in dict(Channel.recorded()):
        raise ValidationError({"channel": _("Choose how the input came in.")})
    kind = data.get("kind") or ContributionKind.IDEA
    if kind not in RECORD_KINDS:
        raise ValidationError(
            {"kind": _("Choose an idea, a letter from the future or a group report.")}
        )
    text = (data.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": _("Write down what was said or written.")})
    people = data.get("people") or 1
    if not 1 <= int(people) <= MAX_PEOPLE:
        raise ValidationError({"people": _("Give the number of people, at least 1.")})
    bands = _clean_bands(data.get("age_bands"))
    district = data.get("district")
    if district is not None and district.municipality_id != process.municipality_id:
        raise ValidationError({"district": _("Choose a district of the municipality.")})
    recorded_on = data.get("recorded_on")
    if recorded_on and recorded_on > datetime.date.today() + datetime.timedelta(days=1):
        raise ValidationError({"recorded_on": _("The date cannot be in the future.")})
    contribution = Contribution(
        process=process,
        kind=kind,
        stage=process.current_stage,
        channel=channel,
        title=(data.get("title") or "").strip()[:200],
        text=text,
        pseudonym=(data.get("pseudonym") or "").strip()[:100],
        district=district,
        # One person (or one band for all): the contribution's own age band too, so that the
        # inbox's age filter finds it like a web contribution.
        age_band=bands[0] if len(bands) == 1 else "",
        group_size=int(people),
        group_age_bands=bands,
        consent_to_publish=bool(data.get("consent_to_publish")),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        recorded_on=recorded_on,
        recorded_place=(data.get("recorded_place") or "").strip()[:200],
    )
    contribution.full_clean(exclude=["search_vector", "tracking_token", "stage"])
    return contribution


@transaction.atomic
def contribution_record(*, process: VisionProcess, data: dict, by) -> Contribution:
    """Save one piece of input an official recorded (see ``_prepare`` for ``data``)."""
    contribution = _prepare(process, data, by)
    contribution.save()
    changes.record(process=process, contributions=[contribution.pk])
    return contribution


# --- Import of a batch ------------------------------------------------------------------------

#: Column names understood in an import (Swedish and English, any case), to the field they fill.
COLUMNS = {
    "text": "text", "svar": "text", "anteckning": "text",
    "rubrik": "title", "title": "title",
    "kanal": "channel", "channel": "channel",
    "typ": "kind", "kind": "kind",
    "datum": "recorded_on", "date": "recorded_on",
    "plats": "recorded_place", "place": "recorded_place",
    "antal personer": "people", "antal": "people", "people": "people",
    "åldersgrupp": "age_bands", "åldersgrupper": "age_bands", "ålder": "age_bands",
    "age band": "age_bands", "age bands": "age_bands",
    "kommundel": "district", "district": "district",
    "samtycke": "consent_to_publish", "samtycke till publicering": "consent_to_publish",
    "consent": "consent_to_publish",
    "namn": "pseudonym", "name": "pseudonym",
}  # fmt: skip
YES = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt", ""}


@dataclass
class ImportRow:
    number: int  # the row number in the file (the header is row 1)
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    preview: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_table(upload) -> list[list[str]]:
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."))
    raw = upload.read()
    if raw[:2] == b"PK" or name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(
                _("The Excel file could not be read. Save it again as .xlsx.")
            ) from error
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append(["" if v is None else v for v in row])
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ValidationError(_("The file is neither CSV nor Excel (.xlsx)."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    if "\t" in first and first.count("\t") > first.count(delimiter):
        delimiter = "\t"
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _channel(value: str) -> str | None:
    wanted = value.strip().lower()
    for code, label in Channel.recorded():
        if wanted in (code, str(label).lower(), code.replace("_", " ")):
            return code
    aliases = {"pappersenkät": "paper_form", "enkät": "paper_form", "pappersblankett": "paper_form",
               "telefonsamtal": "phone", "mejl": "email", "e-post": "email", "epost": "email",
               "sociala medier": "social_media", "besök": "visit", "intervju": "interview"}  # fmt: skip
    return aliases.get(wanted)


def _kind(value: str) -> str | None:
    wanted = value.strip().lower()
    if not wanted:
        return ContributionKind.IDEA
    for code in RECORD_KINDS:
        if wanted in (code, str(ContributionKind(code).label).lower()):
            return code
    return {"idé": ContributionKind.IDEA, "brev": ContributionKind.LETTER,
            "gruppsamtal": ContributionKind.GROUP_REPORT}.get(wanted)  # fmt: skip


def _band_key(text: str) -> str:
    text = text.lower().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+|år", "", text)


def _bands(value: str) -> list[str] | None:
    """Age bands as an official writes them: "13–19", "13-19 år", "80+", "80 år eller äldre"."""
    known = {}
    for language in ("sv", "en"):
        with translation.override(language):
            for band, label in AgeBand.choices:
                known[_band_key(band)] = known[_band_key(str(label))] = band
    known.update({"80elleräldre": "80+", "12elleryngre": "0-12"})
    result = []
    for part in re.split(r"[,;/]", value):
        key = _band_key(part)
        if not key:
            continue
        if key not in known:
            return None
        result.append(known[key])
    return result


def _date(value) -> datetime.date | None | str:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return "bad"


def import_parse(*, process: VisionProcess, upload, default_channel: str = "") -> list[ImportRow]:
    """Read a CSV or Excel file and check every row; nothing is saved. Each row comes back with
    what would be saved, or with its errors in words an official understands."""
    table = _read_table(upload)
    if not table or not any(str(c).strip() for c in table[0]):
        raise ValidationError(_("The file is empty."))
    header = [COLUMNS.get(str(c).strip().lower()) for c in table[0]]
    if "text" not in header:
        raise ValidationError(
            _("The file has no column called “Text”. The first row must name the columns.")
        )
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise ValidationError(
            _("At most %(n)d rows at a time; split the file.") % {"n": MAX_IMPORT_ROWS}
        )
    districts = {
        d.name.lower(): d for d in District.objects.filter(municipality_id=process.municipality_id)
    }
    result = []
    for index, cells in enumerate(table[1:], start=2):
        values = {}
        for name, cell in zip(header, cells, strict=False):
            if name:
                values[name] = cell if isinstance(cell, datetime.date) else str(cell).strip()
        if not any(str(v).strip() for v in values.values()):
            continue  # an empty line
        row = ImportRow(number=index)
        data = {"text": values.get("text", ""), "title": values.get("title", ""),
                "recorded_place": values.get("recorded_place", ""),
                "pseudonym": values.get("pseudonym", "")}  # fmt: skip
        channel = _channel(values.get("channel", "")) if values.get("channel") else default_channel
        if not channel:
            row.errors.append(
                _("unknown channel “%(value)s”") % {"value": values.get("channel", "")}
            )
        data["channel"] = channel
        kind = _kind(values.get("kind", ""))
        if kind is None:
            row.errors.append(_("unknown kind “%(value)s”") % {"value": values.get("kind")})
        data["kind"] = kind
        when = _date(values.get("recorded_on", ""))
        if when == "bad":
            row.errors.append(
                _("the date “%(value)s” is not written as 2026-03-14")
                % {"value": values.get("recorded_on")}
            )
            when = None
        data["recorded_on"] = when
        people = str(values.get("people", "")).strip() or "1"
        if not people.isdigit() or not 1 <= int(people) <= MAX_PEOPLE:
            row.errors.append(
                _("the number of people “%(value)s” is not a whole number of at least 1")
                % {"value": people}
            )
            people = "1"
        data["people"] = int(people)
        bands = _bands(str(values.get("age_bands", "")))
        if bands is None:
            row.errors.append(
                _("unknown age band “%(value)s”") % {"value": values.get("age_bands")}
            )
            bands = []
        data["age_bands"] = bands
        district_name = str(values.get("district", "")).strip()
        data["district"] = districts.get(district_name.lower()) if district_name else None
        if district_name and data["district"] is None:
            row.errors.append(_("no district called “%(value)s”") % {"value": district_name})
        consent = str(values.get("consent_to_publish", "")).strip().lower()
        if consent not in YES | NO:
            row.errors.append(_("consent “%(value)s” is neither yes nor no") % {"value": consent})
        data["consent_to_publish"] = consent in YES
        if not data["text"]:
            row.errors.append(_("the text is empty"))
        if not row.errors:
            try:
                _prepare(process, data, None)
            except ValidationError as error:
                row.errors.extend(error.messages)
        row.data = data
        row.preview = {"channel": dict(Channel.choices).get(channel, "")}
        result.append(row)
    if not result:
        raise ValidationError(_("The file has no rows under the header."))
    return result


def import_payload(rows: list[ImportRow]) -> list[dict]:
    """The good rows as plain values (to sign into the confirmation form)."""
    payload = []
    for row in rows:
        if row.ok:
            data = dict(row.data)
            data["recorded_on"] = data["recorded_on"].isoformat() if data["recorded_on"] else ""
            data["district"] = data["district"].pk if data["district"] else None
            data["row"] = row.number
            payload.append(data)
    return payload


@transaction.atomic
def import_commit(*, process: VisionProcess, payload: list[dict], by) -> list[Contribution]:
    """Save the confirmed rows, all or nothing, checked again as they are saved."""
    districts = {d.pk: d for d in District.objects.filter(municipality_id=process.municipality_id)}
    prepared = []
    for item in payload[:MAX_IMPORT_ROWS]:
        data = dict(item)
        data["recorded_on"] = (
            datetime.date.fromisoformat(data["recorded_on"]) if data.get("recorded_on") else None
        )
        data["district"] = districts.get(data.get("district")) if data.get("district") else None
        try:
            prepared.append(_prepare(process, data, by))
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(error)s")
                % {"row": item.get("row"), "error": " ".join(error.messages)}
            ) from error
    if not prepared:
        raise ValidationError(_("There is nothing to import."))
    created = Contribution.objects.bulk_create(prepared)
    changes.record(process=process, contributions=[c.pk for c in created])
    return created
