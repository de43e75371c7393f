"""Population per age band for one municipality and year, from Statistics Sweden's PxWeb API.

SCB's table TAB638 ("Folkmängden efter region, civilstånd, ålder och kön. År 1968–", contents
BE0101N1 "Folkmängd", 31 December of each year) is asked through PxWebApi 2.0::

    POST {PXWEB_BASE_URL}/tables/TAB638/data?lang=sv&outputFormat=json-stat2
    {"selection": [
        {"variableCode": "Region", "valueCodes": ["0192"]},
        {"variableCode": "Alder", "valueCodes": ["0", "1", ..., "99", "100+"]},
        {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
        {"variableCode": "Tid", "valueCodes": ["2024"]}]}

Civil status and sex are left out, so SCB sums over them. The answer is JSON-stat 2.0: ``id``
(the dimensions in order), ``size``, ``dimension.<id>.category.index`` (code → position, or a
list of codes) and ``value`` (a flat row-major list, or an object of position → value; ``null``
where SCB has no figure). An unknown municipality or year is answered with HTTP 400 or 404.

Any failure raises ``PxWebError`` with a message a person can read; callers then change nothing.
SCB publishes per municipality, not per district: districts stay the municipality's own figures.
"""

import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from visionsprocess.models import AgeBand
from visionsprocess.opendata import OpenDataError, fetch_json

CODE_RE = re.compile(r"^\d{4}$")
MAX_BYTES = 2 * 1024 * 1024
CONTENTS = "BE0101N1"
AGES = [str(age) for age in range(100)] + ["100+"]


class PxWebError(OpenDataError):
    """SCB could not give a usable answer."""


@dataclass(frozen=True)
class PopulationByAge:
    municipality_code: str
    region_label: str
    year: int
    by_band: dict[str, int]
    table: str
    updated: str

    @property
    def total(self) -> int:
        return sum(self.by_band.values())


def band_of(age_code: str) -> str | None:
    """The age band of one of SCB's one-year age codes ("0" … "99", "100+")."""
    if age_code == "100+":
        return AgeBand.AGE_80_PLUS
    if not age_code.isdigit():
        return None
    age = int(age_code)
    for band in AgeBand.values:
        low, _sep, high = band.partition("-")
        low = int(low.rstrip("+"))
        if age >= low and (not high or age <= int(high)):
            return band
    return None


def _post(url: str, body: dict, timeout: float):
    request = urllib.request.Request(  # noqa: S310 - the base URL is our own setting
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    return fetch_json(
        request,
        service=_("Statistics Sweden"),
        timeout=timeout,
        max_bytes=MAX_BYTES,
        error=PxWebError,
        status_text=_status_text,
    )


def _status_text(status: int) -> str | None:
    if status not in (400, 404):
        return None
    return _(
        "Statistics Sweden has no figures for that municipality code and year "
        "(HTTP %(status)s). Check the code and choose an earlier year. Nothing was "
        "changed."
    ) % {"status": status}


def _shape_error(detail: str) -> PxWebError:
    return PxWebError(
        _(
            "Statistics Sweden's answer did not have the expected shape (%(detail)s). Nothing "
            "was changed."
        )
        % {"detail": detail}
    )


def _positions(dimension: dict) -> dict[str, int]:
    index = (dimension.get("category") or {}).get("index")
    if isinstance(index, list):
        return {str(code): i for i, code in enumerate(index)}
    if isinstance(index, dict):
        return {str(code): int(i) for i, code in ((v, k) for k, v in index.items())}
    raise _shape_error("category.index")


def parse_jsonstat(data, *, municipality_code: str, year: int) -> tuple[dict[str, int], str]:
    """Sum a JSON-stat 2.0 dataset over every dimension but age, for the one region and year
    asked for; return the people per age band and the region's label."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), list):
        raise _shape_error('no "id"')
    ids, sizes, dims = data["id"], data.get("size"), data.get("dimension")
    if not isinstance(sizes, list) or len(sizes) != len(ids) or not isinstance(dims, dict):
        raise _shape_error('"size" or "dimension"')
    try:
        positions = [_positions(dims[name]) for name in ids]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _shape_error("dimension") from exc
    names = {name.lower(): i for i, name in enumerate(ids)}
    age_at, region_at, time_at = names.get("alder"), names.get("region"), names.get("tid")
    if age_at is None:
        raise _shape_error('no dimension "Alder"')
    wanted = {region_at: municipality_code, time_at: str(year)}
    for at, code in wanted.items():
        if at is not None and code not in positions[at]:
            raise PxWebError(
                _(
                    "Statistics Sweden has no figures for municipality %(code)s in %(year)s. "
                    "Nothing was changed."
                )
                % {"code": municipality_code, "year": year}
            )
    values = data.get("value")
    if isinstance(values, dict):
        values = {int(k): v for k, v in values.items()}
        get = values.get
    elif isinstance(values, list):
        get = lambda i: values[i] if i < len(values) else None  # noqa: E731
    else:
        raise _shape_error('no "value"')
    strides = [1] * len(ids)
    for i in range(len(ids) - 2, -1, -1):
        strides[i] = strides[i + 1] * int(sizes[i + 1])
    by_band = dict.fromkeys(AgeBand.values, 0)
    found = False
    total_cells = 1
    for size in sizes:
        total_cells *= int(size)
    for flat in range(total_cells):
        coords = [(flat // strides[i]) % int(sizes[i]) for i in range(len(ids))]
        skip = False
        for at, code in wanted.items():
            if at is not None and coords[at] != positions[at][code]:
                skip = True
        if skip:
            continue
        age_code = next(c for c, p in positions[age_at].items() if p == coords[age_at])
        band = band_of(age_code)
        value = get(flat)
        if band is None or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _shape_error(f"value {value!r}")
        try:
            by_band[band] += int(float(value))
        except ValueError as exc:
            raise _shape_error(f"value {value!r}") from exc
        found = True
    if not found:
        raise PxWebError(
            _(
                "Statistics Sweden has no figures for municipality %(code)s in %(year)s. "
                "Nothing was changed."
            )
            % {"code": municipality_code, "year": year}
        )
    label = ""
    if region_at is not None:
        labels = (dims[ids[region_at]].get("category") or {}).get("label") or {}
        label = str(labels.get(municipality_code, "")) if isinstance(labels, dict) else ""
    return by_band, label


def fetch_population(
    *, municipality_code: str, year: int, base_url: str | None = None, timeout: float | None = None
) -> PopulationByAge:
    if not CODE_RE.match(municipality_code or ""):
        raise PxWebError(_("The municipality code is four digits, e.g. 2282 for Kramfors."))
    if not 1968 <= int(year) <= 2200:
        raise PxWebError(_("Statistics Sweden's figures start in 1968; choose a later year."))
    base = (base_url or settings.PXWEB_BASE_URL).rstrip("/")
    table = settings.PXWEB_POPULATION_TABLE
    timeout = timeout if timeout is not None else settings.PXWEB_TIMEOUT_SECONDS
    query = urllib.parse.urlencode({"lang": "sv", "outputFormat": "json-stat2"})
    url = f"{base}/tables/{urllib.parse.quote(table)}/data?{query}"
    body = {
        "selection": [
            {"variableCode": "Region", "valueCodes": [municipality_code]},
            {"variableCode": "Alder", "valueCodes": AGES},
            {"variableCode": "ContentsCode", "valueCodes": [CONTENTS]},
            {"variableCode": "Tid", "valueCodes": [str(year)]},
        ]
    }
    data = _post(url, body, timeout)
    by_band, label = parse_jsonstat(data, municipality_code=municipality_code, year=int(year))
    updated = str(data.get("updated") or "")[:10]
    return PopulationByAge(
        municipality_code=municipality_code,
        region_label=label,
        year=int(year),
        by_band=by_band,
        table=table,
        updated=updated,
    )
