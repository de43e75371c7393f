"""Population from Statistics Sweden (against a fake PxWeb server), and who has taken part
compared with the population (staff overview and the public process page)."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from contributions import pxweb
from contributions.models import Contribution, PopulationFigure
from contributions.selectors.representation import display, representation
from dialog.models import MeetingAgeCount
from tests.contributions.staff_factories import (
    DistrictFactory,
    MeetingFactory,
    StaffContributionFactory,
)

pytestmark = pytest.mark.django_db

AGES = [str(a) for a in range(100)] + ["100+"]


def jsonstat(code="2282", year="2024", sexes=False):
    """A JSON-stat 2.0 answer shaped as SCB's PxWebApi 2.0 gives it for table TAB638."""
    dims = {
        "Region": {
            "label": "region",
            "category": {"index": {code: 0}, "label": {code: "Kramfors"}},
        },
        "Alder": {
            "label": "ålder",
            "category": {
                "index": {a: i for i, a in enumerate(AGES)},
                "label": {a: f"{a} år" for a in AGES},
            },
        },
        "ContentsCode": {
            "label": "tabellinnehåll",
            "category": {
                "index": {"BE0101N1": 0},
                "label": {"BE0101N1": "Folkmängd"},
                "unit": {"BE0101N1": {"base": "antal", "decimals": 0}},
            },
        },
        "Tid": {"label": "år", "category": {"index": {year: 0}, "label": {year: year}}},
    }
    ids = ["Region", "Alder", "ContentsCode", "Tid"]
    sizes = [1, len(AGES), 1, 1]
    values = [100 + i for i in range(len(AGES))]
    if sexes:
        dims["Kon"] = {
            "label": "kön",
            "category": {"index": ["1", "2"], "label": {"1": "män", "2": "kvinnor"}},
        }
        ids.insert(2, "Kon")
        sizes.insert(2, 2)
        values = [v for i in range(len(AGES)) for v in (50 + i, 50)]
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden efter region, ålder och år",
        "source": "SCB",
        "updated": "2025-02-21T07:00:00Z",
        "id": ids,
        "size": sizes,
        "dimension": dims,
        "value": values,
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
    }


def expected_bands():
    def total(low, high):
        return sum(100 + a for a in range(low, high + 1))

    return {
        "0-12": total(0, 12), "13-19": total(13, 19), "20-34": total(20, 34),
        "35-49": total(35, 49), "50-64": total(50, 64), "65-79": total(65, 79),
        "80+": total(80, 100),
    }  # fmt: skip


class FakePxWeb:
    def __init__(self):
        self.mode = "ok"
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((self.path, body))
                region = body["selection"][0]["valueCodes"][0]
                if fake.mode == "slow":
                    time.sleep(1.5)
                if fake.mode == "bad_json":
                    payload, status = b'{"version": "2.0", "value": [1, 2', 200
                elif fake.mode == "html":
                    payload, status = b"<html>Service Unavailable</html>", 503
                elif region != "2282":
                    problem = {
                        "type": "Parameter error",
                        "title": "Non-existent value",
                        "status": 400,
                    }
                    payload, status = json.dumps(problem).encode(), 400
                else:
                    payload = json.dumps(jsonstat(sexes=fake.mode == "sexes")).encode()
                    status = 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

        for port in range(8140, 8150):  # the ports this work may use
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError:
                continue
        else:  # pragma: no cover
            pytest.skip("no free port in 8140–8149")
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scb(settings):
    fake = FakePxWeb()
    settings.PXWEB_BASE_URL = fake.url
    settings.PXWEB_TIMEOUT_SECONDS = 0.5
    yield fake
    fake.close()


def test_client_asks_tab638_for_one_municipality_and_sums_age_bands(scb):
    result = pxweb.fetch_population(municipality_code="2282", year=2024)
    assert result.by_band == expected_bands()
    assert result.region_label == "Kramfors" and result.table == "TAB638"
    path, body = scb.requests[0]
    assert path.startswith("/api/v2/tables/TAB638/data?") and "outputFormat=json-stat2" in path
    codes = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    assert codes["Region"] == ["2282"] and codes["Tid"] == ["2024"]
    assert codes["ContentsCode"] == ["BE0101N1"] and codes["Alder"][-1] == "100+"


def test_client_sums_over_sex_when_scb_splits_it(scb):
    scb.mode = "sexes"
    by_band = pxweb.fetch_population(municipality_code="2282", year=2024).by_band
    assert by_band == expected_bands()


@pytest.mark.parametrize(
    ("mode", "code", "message"),
    [
        ("ok", "9999", "har inga siffror"),
        ("bad_json", "2282", "inte giltig JSON"),
        ("slow", "2282", "svarade inte inom"),
        ("html", "2282", "HTTP-status 503"),
    ],
)
def test_bad_answers_are_clear_errors_that_overwrite_nothing(
    client, role_users, scb, mode, code, message
):
    process, users = role_users
    figure = PopulationFigure.objects.create(
        municipality=process.municipality, age_band="80+", year=2024, count=777
    )
    scb.mode = mode
    client.force_login(users["official"])
    url = reverse("contributions:staff_population", kwargs={"slug": process.slug})
    response = client.post(url, {"action": "fetch", "municipality_code": code, "year": 2024})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(PopulationFigure.objects.values_list("pk", "count")) == [(figure.pk, 777)]


def test_official_previews_then_saves_scb_figures_and_districts_stay_typed(client, role_users, scb):
    process, users = role_users
    district = DistrictFactory(municipality=process.municipality, name="Nyland")
    PopulationFigure.objects.create(
        municipality=process.municipality, district=district, year=2024, count=1200
    )
    client.force_login(users["official"])
    url = reverse("contributions:staff_population", kwargs={"slug": process.slug})
    preview = client.post(url, {"action": "fetch", "municipality_code": "2282", "year": 2024})
    html = preview.content.decode()
    assert "Kramfors, 31 december 2024" in html
    assert not PopulationFigure.objects.filter(district__isnull=True).exists()
    payload = html.split('name="payload" value="')[1].split('"')[0]
    assert client.post(url, {"action": "save_scb", "payload": payload}).status_code == 302
    saved = dict(
        PopulationFigure.objects.filter(district__isnull=True).values_list("age_band", "count")
    )
    assert saved == expected_bands()
    assert PopulationFigure.objects.get(district=district).count == 1200
    assert PopulationFigure.objects.filter(source__startswith="SCB").count() == 7
    forged = payload.replace(payload[-5:], "xxxxx")
    client.post(url, {"action": "save_scb", "payload": forged})
    assert PopulationFigure.objects.count() == 8


def test_typing_population_by_hand_still_works_for_an_official(client, role_users):
    process, users = role_users
    client.force_login(users["official"])
    url = reverse("contributions:staff_population", kwargs={"slug": process.slug})
    response = client.post(url, {"year": 2025, "age_80+": 950, "age_0-12": "-3"})
    assert response.status_code == 400 and not PopulationFigure.objects.exists()
    client.post(url, {"year": 2025, "age_80+": 950})
    assert PopulationFigure.objects.get().count == 950


# --- Representativeness -----------------------------------------------------------------------


@pytest.fixture
def known(role_users):
    """A known fixture: two districts with equal population, two age bands in the population."""
    process, users = role_users
    m = process.municipality
    north = DistrictFactory(municipality=m, name="Norr", order=1)
    south = DistrictFactory(municipality=m, name="Söder", order=2)
    for band, count in (("13-19", 1000), ("65-79", 1000)):
        PopulationFigure.objects.create(municipality=m, age_band=band, year=2024, count=count)
    for district in (north, south):
        PopulationFigure.objects.create(municipality=m, district=district, year=2024, count=1000)
    # 6 web contributions: young people in the north.
    StaffContributionFactory.create_batch(6, process=process, age_band="13-19", district=north)
    # A group report: 10 people, 13–19 and 65–79, in the south → 5 + 5.
    StaffContributionFactory(
        process=process, kind="group_report", group_size=10,
        group_age_bands=["65-79", "13-19"], district=south,
    )  # fmt: skip
    # An interview with 3 respondents aged 65–79 in the north.
    StaffContributionFactory(
        process=process, channel="interview", group_size=3, group_age_bands=["65-79"],
        age_band="65-79", district=north,
    )  # fmt: skip
    # A statement at a meeting is not a person; the meeting's age counts are.
    meeting = MeetingFactory(process=process)
    StaffContributionFactory(process=process, kind="statement", meeting=meeting, channel="meeting")
    MeetingAgeCount.objects.create(meeting=meeting, age_band="65-79", count=4)
    return process, users, north, south


def test_representation_counts_each_source_and_marks_the_groups_furthest_under(known):
    process, _users, north, south = known
    rep = representation(process=process)
    assert rep.by_source == {"web": 6, "group": 10, "recorded": 3, "survey": 0, "meeting": 4}
    assert rep.total == 23 and rep.unknown_district == 4 and rep.unknown_age == 0
    assert rep.by_age == {"13-19": 11, "65-79": 12}
    cells = {(c.age_band, c.district_id): c for _v, _l, row in rep.matrix for c in row}
    assert cells[("13-19", north.pk)].count == 6 and cells[("65-79", north.pk)].count == 3
    assert cells[("13-19", south.pk)].count == 5 and cells[("65-79", south.pk)].count == 5
    # 19 people with both known; every (band, district) is 25 % of the population.
    assert cells[("65-79", north.pk)].share == 15.8 and cells[("65-79", north.pk)].gap == -9.2
    assert cells[("65-79", north.pk)].estimated
    marked = {(c.age_band, c.district_id) for c in rep.marked}
    assert ("65-79", north.pk) in marked and ("13-19", north.pk) not in marked
    grid = [c for c in rep.marked if c.age_band and c.district_id]
    assert grid[0].age_band == "65-79" and grid[0].district_id == north.pk


def test_public_figures_hide_counts_under_five(known):
    process, *_ = known
    show = display(representation(process=process), public=True)
    cells = [c for row in show["matrix"] for c in row["cells"]]
    assert "dolt" in [c["count"] for c in cells]
    north_old = next(c for c in show["matrix"][5]["cells"] if c["label"] == "Norr")
    assert north_old["count"] == "dolt" and north_old["share"] == "–"
    assert all("," in c["population"] or c["population"] == "–" for c in cells)


def test_process_page_shows_who_has_taken_part(client, known):
    process, *_ = known
    html = client.get(reverse("process_detail", kwargs={"slug": process.slug})).content.decode()
    assert 'id="representation-section"' in html and ">dolt<" in html
    assert "65–79 år i Norr" in html


def test_staff_overview_shows_channels_and_the_comparison(client, known):
    process, users, *_ = known
    client.force_login(users["politician"])
    html = client.get(
        reverse("contributions:staff_overview", kwargs={"slug": process.slug})
    ).content.decode()
    assert "Bidrag per kanal" in html and "Intervju" in html
    assert 'id="representation-matrix"' in html and 'id="furthest-under"' in html
    assert Contribution.objects.filter(channel="interview").count() == 1


def test_process_page_says_how_many_gave_no_age_band_or_district(client, known):
    """Without the line the age rows add up to less than the total above them."""
    process, *_ = known
    StaffContributionFactory.create_batch(5, process=process, age_band="", district=None)
    html = client.get(reverse("process_detail", kwargs={"slug": process.slug})).content.decode()
    line = html.split('id="representation-unknown">', 1)[1].split("</p>", 1)[0]
    assert "Andelarna räknas av dem som har angett åldersgrupp eller kommundel." in line
    assert "Angav ingen åldersgrupp: 5." in line
    # 4 at the meeting and the 5 new ones.
    assert "Angav ingen kommundel: 9 (dialogmöten registrerar bara ålder)." in line


def test_how_many_gave_no_age_band_is_shown_even_when_small(known):
    """The shares of the age bands give it away (their denominator is the total less it), and
    it says nothing about anyone's age or district: the rule exempts it."""
    process, *_ = known
    StaffContributionFactory.create_batch(2, process=process, age_band="", district=None)
    show = display(representation(process=process), public=True)
    assert show["unknown_age"] == "2" and show["unknown_district"] == "6"
    assert display(representation(process=process), public=False)["unknown_age"] == "2"


def test_scb_unreachable_is_a_swedish_message_with_the_way_around_it(client, role_users, settings):
    process, users = role_users
    settings.PXWEB_BASE_URL = "http://scb.invalid/api/v2"  # a name that never resolves
    client.force_login(users["official"])
    url = reverse("contributions:staff_population", kwargs={"slug": process.slug})
    response = client.post(url, {"action": "fetch", "municipality_code": "2282", "year": 2024})
    html = response.content.decode()
    error = html.split('id="scb-error">', 1)[1].split("</div>", 1)[0]
    assert "Det gick inte att nå" in error and "för hand" in error
    assert "Errno" not in error and "Name or service" not in error
    assert not PopulationFigure.objects.exists()
