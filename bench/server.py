"""gunicorn started by a benchmark on 127.0.0.1, ready when ``/health/`` answers; and the count of
one in-process request's SQL statements (``count_queries``)."""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def server_env(*, allowed_hosts: str, **extra: str) -> dict:
    """The environment of a benchmark's gunicorn and of the bench itself: production settings
    over plain HTTP, quiet logs; ``extra`` adds or overrides variables."""
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": allowed_hosts,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "visionsprocess.settings",
        **extra,
    }


def start_gunicorn(
    *, root: Path, env: dict, host: str, port: int, workers: int = 2, threads: int = 1
) -> subprocess.Popen:
    """Start gunicorn (threaded workers when ``threads`` > 1) and wait up to 60 s for it."""
    command = [
        sys.executable, "-m", "gunicorn", "visionsprocess.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--backlog", "256", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=root, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(host, port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status in (200, 503):
                return server
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


@contextlib.contextmanager
def count_queries(using: str = "default"):
    """The SQL statements run inside the block, for counting a request's queries:
    ``with count_queries() as queries: client.get(url)``, then ``len(queries)`` or
    ``queries.captured_queries`` (a ``CaptureQueriesContext``). Every request empties the
    connection's query log (``reset_queries`` on ``request_started``), which would lose what was
    logged before it; that is held back while the block runs. Django is set up by then."""
    from django.core.signals import request_started
    from django.db import connections, reset_queries
    from django.test.utils import CaptureQueriesContext

    request_started.disconnect(reset_queries)
    try:
        with CaptureQueriesContext(connections[using]) as queries:
            yield queries
    finally:
        request_started.connect(reset_queries)
