"""The log shows what matters: a 403 is one line, a 500 keeps its traceback, nothing twice."""

import io
import logging
import logging.config

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_stream():
    """The project's LOGGING, with the console handler writing to a buffer we can read."""
    stream = io.StringIO()
    config = {
        **settings.LOGGING,
        "handlers": {"console": {**settings.LOGGING["handlers"]["console"], "stream": stream}},
    }
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def test_a_403_is_one_line_without_traceback(client, log_stream):
    from tests.factories import ProcessFactory, UserFactory

    process = ProcessFactory()
    client.force_login(UserFactory())
    assert client.get(f"/staff/processer/{process.slug}/").status_code == 403
    lines = [line for line in log_stream.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Forbidden" in lines[0] and "Traceback" not in log_stream.getvalue()


def test_a_500_keeps_its_traceback(log_stream):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.error("Internal Server Error: /x/", exc_info=True, extra={"status_code": 500})
    text = log_stream.getvalue()
    assert "Traceback" in text and "RuntimeError: boom" in text
    assert text.count("Internal Server Error") == 1
