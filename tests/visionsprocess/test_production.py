"""As an operator runs it: DJANGO_ENV=production, collectstatic, gunicorn; a citizen sends an idea.

Starts gunicorn in another process on 127.0.0.1 (a port from ``VP_TEST_PORTS``, default
8126–8129) against an SQLite file of its own, and talks HTTP to it.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    first, last = (int(p) for p in os.environ.get("VP_TEST_PORTS", "8126-8129").split("-"))
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {first}-{last}")


@pytest.fixture
def production_server(tmp_path, migrated_sqlite, collected_static):
    """gunicorn on a copy of the migrated SQLite file and the static files collected once per
    run (``tests/migrated.py``); ``migrate`` still runs first, as an operator runs it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DEBUG", "CACHE_URL")
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="production-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(collected_static),
        LOG_LEVEL="WARNING",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v0")
    manage(
        "shell",
        "-c",
        "from visionsprocess.models import Municipality;"
        "from visionsprocess.services import process_create, process_publish;"
        "m = Municipality.objects.create(name='Vaggeryds kommun', code='0682');"
        "process_publish(process=process_create(municipality=m, title='Vision 2040',"
        " slug='vision-2040', horizon_year=2040))",
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "visionsprocess.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/health/")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not start")
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output


def _get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


def test_a_citizen_sends_an_idea_to_gunicorn_under_production_settings(production_server):
    port = production_server
    response, body = _get(port, "/health/")
    assert response.status == 200 and b'"database": "ok"' in body

    form_path = "/process/vision-2040/bidrag/nytt/ide/"
    response, body = _get(port, form_path)
    assert response.status == 200
    html = body.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    # The page links its styles by their hashed names, and whitenoise serves them.
    stylesheet = re.search(r'href="(/static/css/[^"]+\.[0-9a-f]{12}\.css)"', html).group(1)
    static, css = _get(port, stylesheet)
    assert static.status == 200 and len(css) > 100
    assert "max-age" in static.getheader("Cache-Control", "")

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    fields = {
        "csrfmiddlewaretoken": token,
        "title": "Fler cykelvägar",
        "text": "Bygg en cykelväg mellan Hok och Skillingaryd.",
        "consent_to_publish": "on",
    }
    connection.request(
        "POST",
        form_path,
        body=urllib.parse.urlencode(fields),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}{form_path}",
        },
    )
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 302, answer.status
    assert answer.getheader("Location").endswith("/process/vision-2040/bidrag/tack/")
    receipt_cookie = re.search(r"(vp_receipt=[^;]+)", answer.getheader("Set-Cookie")).group(1)
    receipt, page = _get(port, answer.getheader("Location"), {"Cookie": receipt_cookie})
    assert receipt.status == 200
    assert re.search(rb"/bidrag/folj/[A-Za-z0-9_-]{20,}/", page), "the tracking link"

    missing, _ = _get(port, "/media/")
    assert missing.status == 404
