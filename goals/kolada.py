"""A small client for Kolada's open API (v3): the values of one key figure for one municipality.

``GET {KOLADA_BASE_URL}/data/kpi/<kpi>/municipality/<code>`` answers::

    {"count": 2, "values": [
        {"kpi": "N00945", "municipality": "0682", "period": 2021,
         "values": [{"gender": "T", "count": 1, "status": "", "value": 61.2}, ...]},
        ...],
     "next_url": null}

Any failure (unreachable, slow, an HTTP error, malformed JSON, an unexpected shape) raises
``KoladaError`` with a message a person can read; callers then change nothing.
"""

import re
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from visionsprocess.opendata import OpenDataError, fetch_json

KPI_RE = re.compile(r"^[NU]\d{5}$")
CODE_RE = re.compile(r"^\d{4}$")
MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20


class KoladaError(OpenDataError):
    """Kolada could not give a usable answer."""


@dataclass(frozen=True)
class KoladaValue:
    year: int
    value: Decimal


def _get_json(url: str, timeout: float):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    return fetch_json(
        request, service="Kolada", timeout=timeout, max_bytes=MAX_BYTES, error=KoladaError
    )


def _shape_error(detail: str) -> KoladaError:
    return KoladaError(
        _("Kolada's answer did not have the expected shape (%(detail)s). Nothing was changed.")
        % {"detail": detail}
    )


def _parse(data, kpi: str, municipality_code: str) -> tuple[list[KoladaValue], str | None]:
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise _shape_error('no list "values"')
    result = []
    for entry in data["values"]:
        if not isinstance(entry, dict):
            raise _shape_error("an entry is not an object")
        if entry.get("kpi", kpi) != kpi or str(entry.get("municipality", municipality_code)) != (
            municipality_code
        ):
            continue
        period = entry.get("period")
        if isinstance(period, bool) or not isinstance(period, int | str):
            raise _shape_error('an entry has no "period"')
        try:
            year = int(str(period)[:4])
        except ValueError as exc:
            raise _shape_error(f"period {period!r}") from exc
        values = entry.get("values")
        if not isinstance(values, list):
            raise _shape_error(f'no "values" for {year}')
        chosen = None
        for item in values:
            if not isinstance(item, dict):
                raise _shape_error(f"a value for {year} is not an object")
            if item.get("gender", "T") == "T":
                chosen = item
                break
        if chosen is None or chosen.get("value") is None:
            continue  # Kolada has no total for that year
        raw = chosen["value"]
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise _shape_error(f"value for {year}")
        try:
            value = Decimal(str(raw))
        except InvalidOperation as exc:
            raise _shape_error(f"value {raw!r} for {year}") from exc
        if not value.is_finite():
            raise _shape_error(f"value {raw!r} for {year}")
        result.append(KoladaValue(year=year, value=value))
    next_url = data.get("next_url") or data.get("next_page")
    return result, next_url if isinstance(next_url, str) else None


def fetch_values(
    *, kpi: str, municipality_code: str, base_url: str | None = None, timeout: float | None = None
) -> list[KoladaValue]:
    """All yearly totals of ``kpi`` for the municipality, sorted by year."""
    if not KPI_RE.match(kpi or ""):
        raise KoladaError(_("%(kpi)s is not a Kolada key figure id.") % {"kpi": kpi})
    if not CODE_RE.match(municipality_code or ""):
        raise KoladaError(_("The municipality code must be four digits."))
    base = (base_url or settings.KOLADA_BASE_URL).rstrip("/")
    timeout = timeout if timeout is not None else settings.KOLADA_TIMEOUT_SECONDS
    url = f"{base}/data/kpi/{kpi}/municipality/{municipality_code}"
    by_year: dict[int, Decimal] = {}
    for _page in range(MAX_PAGES):
        values, next_url = _parse(_get_json(url, timeout), kpi, municipality_code)
        for v in values:
            by_year[v.year] = v.value
        if not next_url or not next_url.startswith(base + "/"):
            break
        url = next_url
    return [KoladaValue(year=y, value=by_year[y]) for y in sorted(by_year)]
