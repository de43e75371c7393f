"""Input that used to give a 500: NUL characters anywhere a request carries text."""

import pytest
from django.test import Client

from tests.dialog.factories import MeetingFactory, RegistrationFactory
from tests.factories import ProcessFactory
from visionsprocess.models import StageKind

pytestmark = pytest.mark.django_db

# The eight anonymous URLs of the report (psycopg.DataError on PostgreSQL).
REPORTED = [
    "/bidrag/folj/%00/",
    "/anmalan/%00/",
    "/anmalan/%00/avboka/",
    "/anmalan/%00/kalender.ics",
    "/inbjudan/%00/avsluta/",
    "/remissinbjudan/%00/avsluta/",
    "/bidrag/folj/a%00b/",
]


@pytest.mark.parametrize("path", REPORTED)
def test_nul_in_a_token_is_a_bad_request(client, path):
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400


def test_nul_in_a_query_value_is_a_bad_request(client):
    process = ProcessFactory(current_stage=StageKind.DIALOGUE)
    response = client.get(f"/process/{process.slug}/bidrag/nytt/grupprapport/?kit=%00")
    assert response.status_code == 400
    assert client.get(f"/process/{process.slug}/bidrag/?q=a%00b").status_code == 400
    assert client.get(f"/process/{process.slug}/bidrag/?a%00=1").status_code == 400


def test_nul_in_a_form_value_is_a_bad_request_and_nothing_is_stored(client):
    meeting = MeetingFactory()
    url = f"/process/{meeting.process.slug}/moten/{meeting.pk}/"
    response = client.post(url, {"name": "Elin\x00", "email": "elin@example.org"})
    assert response.status_code == 400
    assert not meeting.registrations.exists()


def test_a_forged_session_cookie_with_nul_is_dropped_not_a_500():
    registration = RegistrationFactory()
    client = Client()
    client.cookies["sessionid"] = '"abc\\000defghijklmnop"'
    client.cookies["csrftoken"] = '"\\000"'
    response = client.get(f"/anmalan/{registration.token}/")
    assert response.status_code == 200


def test_ordinary_text_with_other_control_characters_is_not_refused(client):
    process = ProcessFactory()
    assert client.get(f"/process/{process.slug}/bidrag/?q=a%09b%0Ac").status_code == 200
