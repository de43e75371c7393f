"""E-mail goes out through Celery after commit; with REDIS_URL it runs on a real worker."""

import os

import pytest
from django.core import mail
from django.db import transaction

from tests.conftest import REQUIRE_ALL
from visionsprocess.services import email_send


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_only_after_the_transaction_commits():
    with transaction.atomic():
        email_send(to=["elin@example.org"], subject="Tack för ditt bidrag", body="Hej!")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Tack för ditt bidrag"]


@pytest.mark.django_db(transaction=True)
def test_email_is_not_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_send(to=["elin@example.org"], subject="Ska inte skickas", body="...")
        raise RuntimeError
    assert mail.outbox == []


@pytest.mark.celery_worker
def test_email_task_runs_on_a_real_worker(tmp_path):
    """Start a real Celery worker on REDIS_URL; the task writes the message with the file backend."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if REQUIRE_ALL:
            pytest.fail("REDIS_URL is not set but REQUIRE_ALL_TESTS is")
        pytest.skip("needs REDIS_URL for a real worker")
    import subprocess
    import sys
    import time

    from visionsprocess.celery import app
    from visionsprocess.tasks import send_email

    outbox = tmp_path / "mail"
    env = {key: value for key, value in os.environ.items() if key != "EMAIL_URL"}
    env["CELERY_TEST_EMAIL_DIR"] = str(outbox)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.celery_worker_app",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            "vp-test-mail",
        ],
        env=env,
    )
    try:
        previous = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            result = send_email.apply_async(
                kwargs={
                    "to": ["elin@example.org"],
                    "subject": "Från arbetaren",
                    "body": "Hej från Vaggeryd 2040",
                },
                queue="vp-test-mail",
            )
        finally:
            app.conf.task_always_eager = previous
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            files = list(outbox.glob("*.log")) if outbox.exists() else []
            if files:
                break
            time.sleep(0.5)
        assert files, f"the worker did not send the e-mail (task {result.id})"
        assert "Hej från Vaggeryd 2040" in files[0].read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
