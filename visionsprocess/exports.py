"""Spreadsheet exports (CSV, XLSX) of every app: cells people wrote must never run as formulas."""

# A cell starting with one of these is a formula (or, after a tab or CR, can become one).
FORMULA_FIRST = frozenset("=+-@\t\r")


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe if it would start a formula. Runs for every text cell
    of a 100,000-row export, so kept minimal; empty text and ``None`` come back as they are."""
    if text and text[0] in FORMULA_FIRST:
        return "'" + text
    return text


def safe_cell(value) -> str:
    """Any value as cell text, neutralised (``None`` becomes empty)."""
    return neutralise_formula("" if value is None else str(value))


# --- Streamed XLSX ------------------------------------------------------------------------------
#
# openpyxl (even in write-only mode) and XlsxWriter both finish the whole workbook before the
# first byte can be sent: 14 s and a growing temporary file for 100,000 rows. An XLSX file is a
# ZIP of a few XML parts, and the standard library's ``zipfile`` can write a ZIP to a stream that
# cannot seek (with data descriptors), so the sheet is written row by row and sent as it grows:
# the first bytes leave at once and memory stays flat whatever the number of rows.

import datetime as dt  # noqa: E402
import decimal  # noqa: E402
import re  # noqa: E402
import zipfile  # noqa: E402
from collections.abc import Iterable, Iterator  # noqa: E402
from xml.sax.saxutils import escape, quoteattr  # noqa: E402

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 does not allow (control characters other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_STATIC_PARTS = {
    "[Content_Types].xml": _HEAD
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>",
    "_rels/.rels": _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/_rels/workbook.xml.rels": _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>",
    # Four cell styles: 0 plain, 1 bold (the header row), 2 a date and time, 3 a date.
    "xl/styles.xml": _HEAD + f'<styleSheet xmlns="{_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>",
}


class _Sink:
    """A write-only buffer the ZIP is written into and drained from (it cannot seek)."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


_SPACE = " \t\n\r"
# Excel counts days from 1899-12-30 (its 1900 leap-year error included).
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()


def excel_local(value: dt.datetime) -> dt.datetime:
    """A datetime as the naive local (``TIME_ZONE``, Europe/Stockholm) time a spreadsheet shows:
    XLSX has no time zones."""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value


def _serial(value: dt.datetime) -> float:
    delta = excel_local(value) - _EPOCH
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def _cell(value, style: str = "") -> str:
    """One cell as XML. Runs for every cell of a 100,000-row export, so kept lean: characters XML
    does not allow are removed from a whole chunk at once (``_NOT_XML``), not per cell."""
    if value is None or value == "":
        return "<c/>"
    kind = type(value)
    if kind is int or kind is float or (kind is decimal.Decimal and value.is_finite()):
        return f"<c{style}><v>{value}</v></c>"
    if kind is dt.datetime:  # a real date: a number of days with a date format
        return f'<c s="2"><v>{_serial(value)!r}</v></c>'
    if kind is dt.date:
        return f'<c s="3"><v>{(value - _EPOCH_DATE).days}</v></c>'
    text = str(value)
    if len(text) > 32767:  # a cell holds at most 32,767 characters
        text = text[:32767]
    space = ' xml:space="preserve"' if text[0] in _SPACE or text[-1] in _SPACE else ""
    return f'<c t="inlineStr"{style}><is><t{space}>{escape(text)}</t></is></c>'


def stream_xlsx(
    header: list[str], row_chunks: Iterable[list[list]], *, sheet: str = "Sheet1"
) -> Iterator[bytes]:
    """An XLSX workbook of one sheet (bold, frozen header row), produced piece by piece: one piece
    per chunk of rows. Text cells are written as given (neutralise formulas before); ``int`` and
    ``float`` as numbers; ``datetime`` (as local time) and ``date`` as Excel dates with a
    ``yyyy-mm-dd hh:mm`` / ``yyyy-mm-dd`` format."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in _STATIC_PARTS.items():
            zf.writestr(name, text)
        name = _NOT_XML.sub("", sheet)[:31] or "Sheet1"
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        zf.writestr(
            "xl/workbook.xml",
            _HEAD + f'<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}"><sheets>'
            f'<sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        yield sink.drain()
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                (
                    _HEAD + f'<worksheet xmlns="{_NS}"><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    "</sheetView></sheetViews><sheetData>"
                    '<row r="1">' + "".join(_cell(h, ' s="1"') for h in header) + "</row>"
                ).encode()
            )
            number = 1
            for rows in row_chunks:
                pieces = []
                for row in rows:
                    number += 1
                    pieces.append(f'<row r="{number}">{"".join(map(_cell, row))}</row>')
                part.write(_NOT_XML.sub("", "".join(pieces)).encode())
                yield sink.drain()
            part.write(b"</sheetData></worksheet>")
    yield sink.drain()
