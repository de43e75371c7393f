"""The Kolada import against a local fake server that answers in the v3 JSON shape."""

import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals import kolada, services
from goals.models import IndicatorSource, Measurement, MeasurementSource, Unit
from tests.goals.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.usefixtures("english")


def v3(kpi, code, values):
    return {
        "count": len(values),
        "values": [
            {
                "kpi": kpi,
                "municipality": code,
                "period": year,
                "values": [
                    {
                        "gender": "K",
                        "count": 1,
                        "status": "",
                        "value": None if v is None else v + 1,
                    },
                    {"gender": "T", "count": 1, "status": "", "value": v},
                ],
            }
            for year, v in values
        ],
        "next_url": None,
    }


class FakeKolada:
    """A tiny HTTP server on 127.0.0.1 with a random port; ``routes`` maps a path to a reply."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                fake.requests.append(self.path)
                reply = fake.routes.get(self.path)
                if reply is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                status, body, delay = reply
                if delay:
                    time.sleep(delay)
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/v3"

    def reply(self, kpi, code, body, status=200, delay=0.0):
        self.routes[f"/v3/data/kpi/{kpi}/municipality/{code}"] = (status, body, delay)


@pytest.fixture
def fake_kolada(settings):
    fake = FakeKolada()
    fake.thread.start()
    settings.KOLADA_BASE_URL = fake.base_url
    settings.KOLADA_TIMEOUT_SECONDS = 0.5
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def indicator(db):
    return IndicatorFactory(
        source=IndicatorSource.KOLADA,
        kolada_kpi="N00945",
        unit=Unit.PERCENT,
        baseline_year=2018,
        target_year=2022,
    )


def test_client_reads_the_total_per_year(fake_kolada):
    fake_kolada.reply(
        "N00945", "0682", v3("N00945", "0682", [(2020, 81.5), (2019, 80), (2021, None)])
    )
    values = kolada.fetch_values(kpi="N00945", municipality_code="0682")
    assert [(v.year, v.value) for v in values] == [(2019, Decimal("80")), (2020, Decimal("81.5"))]
    assert fake_kolada.requests == ["/v3/data/kpi/N00945/municipality/0682"]


def test_client_refuses_ids_that_could_change_the_url(fake_kolada):
    with pytest.raises(kolada.KoladaError):
        kolada.fetch_values(kpi="N00945/../x", municipality_code="0682")
    with pytest.raises(kolada.KoladaError):
        kolada.fetch_values(kpi="N00945", municipality_code="06820")
    assert fake_kolada.requests == []


@pytest.mark.django_db
def test_import_records_values_within_the_period(fake_kolada, indicator):
    code = indicator.goal.process.municipality.code
    fake_kolada.reply(
        "N00945", code, v3("N00945", code, [(2010, 70.0), (2019, 80.2), (2020, 81.0), (2021, 82.4)])
    )
    result = services.kolada_import_indicator(indicator=indicator)
    assert result.error == ""
    assert (result.created, result.updated, result.skipped_years) == (3, 0, [2010])
    assert list(indicator.measurements.values_list("year", "value", "source")) == [
        (2019, Decimal("80.20"), MeasurementSource.KOLADA),
        (2020, Decimal("81.00"), MeasurementSource.KOLADA),
        (2021, Decimal("82.40"), MeasurementSource.KOLADA),
    ]
    again = services.kolada_import_indicator(indicator=indicator)
    assert (again.created, again.updated) == (0, 0)  # idempotent


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 200, "not valid JSON"),
        ({"count": 1, "rows": []}, 200, "expected shape"),
        ({"values": [{"period": 2020, "values": "x"}]}, 200, "expected shape"),
        (
            {"values": [{"period": 2020, "values": [{"gender": "T", "value": "abc"}]}]},
            200,
            "expected shape",
        ),
        ({"values": [{"values": []}]}, 200, "expected shape"),
        (b"\xff\xfe", 200, "not valid JSON"),
        ({"error": "boom"}, 500, "HTTP status 500"),
    ],
)
def test_malformed_answers_give_a_clear_error_and_overwrite_nothing(
    fake_kolada, indicator, body, status, message
):
    MeasurementFactory(indicator=indicator, year=2020, value=Decimal("55"))
    code = indicator.goal.process.municipality.code
    fake_kolada.reply("N00945", code, body, status=status)
    result = services.kolada_import_indicator(indicator=indicator)
    assert message in result.error and "Nothing was changed" in result.error
    assert list(indicator.measurements.values_list("year", "value")) == [(2020, Decimal("55.00"))]


@pytest.mark.django_db
def test_slow_answer_times_out_and_overwrites_nothing(fake_kolada, indicator, settings):
    settings.KOLADA_TIMEOUT_SECONDS = 0.3
    MeasurementFactory(indicator=indicator, year=2020, value=Decimal("55"))
    code = indicator.goal.process.municipality.code
    fake_kolada.reply("N00945", code, v3("N00945", code, [(2020, 99.0)]), delay=1.5)
    started = time.monotonic()
    result = services.kolada_import_indicator(indicator=indicator)
    assert time.monotonic() - started < 1.4
    assert "did not answer within 0.3 seconds" in result.error
    assert indicator.measurements.get().value == Decimal("55.00")


@pytest.mark.django_db
def test_unreachable_server_gives_a_clear_error(settings, indicator):
    settings.KOLADA_BASE_URL = "http://127.0.0.1:9/v3"
    result = services.kolada_import_indicator(indicator=indicator)
    assert "Nothing was changed" in result.error


@pytest.mark.django_db
def test_management_command_imports_and_reports(fake_kolada, indicator, capsys):
    code = indicator.goal.process.municipality.code
    fake_kolada.reply("N00945", code, v3("N00945", code, [(2021, 83.0)]))
    call_command("import_kolada", "--process", indicator.goal.process.slug)
    assert "1 new" in capsys.readouterr().out
    assert Measurement.objects.get(indicator=indicator).year == 2021


@pytest.mark.django_db
def test_management_command_finds_the_process_in_its_municipality(fake_kolada, indicator, capsys):
    from tests.factories import MunicipalityFactory, ProcessFactory
    from tests.goals.factories import CouncilGoalFactory

    process = indicator.goal.process
    vansbro = MunicipalityFactory(name="Vansbro kommun", code="2021")
    namesake = ProcessFactory(municipality=vansbro, slug=process.slug)
    other = IndicatorFactory(
        source=IndicatorSource.KOLADA,
        kolada_kpi="N00945",
        goal=CouncilGoalFactory(process=namesake),
    )
    with pytest.raises(CommandError, match="--municipality"):
        call_command("import_kolada", "--process", process.slug)
    code = process.municipality.code
    fake_kolada.reply("N00945", code, v3("N00945", code, [(2021, 83.0)]))
    call_command("import_kolada", "--process", process.slug, "--municipality", code)
    assert "1 new" in capsys.readouterr().out
    assert Measurement.objects.get().indicator == indicator
    assert not other.measurements.exists()
    with pytest.raises(CommandError, match="No process"):
        call_command("import_kolada", "--process", "finns-inte", "--municipality", code)


@pytest.mark.django_db
def test_management_command_fails_loudly_on_a_malformed_answer(fake_kolada, indicator):
    code = indicator.goal.process.municipality.code
    fake_kolada.reply("N00945", code, b"<html>oops</html>")
    with pytest.raises(CommandError):
        call_command("import_kolada", "--indicator", str(indicator.pk))
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_staff_button_reports_errors_as_messages(fake_kolada, indicator, client):
    from tests.factories import UserFactory
    from visionsprocess.models import ProcessRole, Role

    user = UserFactory()
    ProcessRole.objects.create(process=indicator.goal.process, user=user, role=Role.OFFICIAL)
    code = indicator.goal.process.municipality.code
    fake_kolada.reply("N00945", code, b"{broken")
    client.force_login(user)
    response = client.post(
        reverse("goals:kolada_import", kwargs={"slug": indicator.goal.process.slug}), follow=True
    )
    assert "inte giltig JSON" in response.content.decode()
