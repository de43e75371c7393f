"""Notices through the real parts: a real Celery worker on Redis sends to a real SMTP server.

The test reads the delivered messages, their headers and their links, as a mail program would.
"""

import datetime as dt
import re
import time

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import ProcessFactory
from visionsprocess.models import EmailStatus, OutgoingEmail, StageKind, Subscriber
from visionsprocess.notices.services import follow_request
from visionsprocess.outbox import enqueue
from visionsprocess.services import process_update
from visionsprocess.tasks import send_notice_digests

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def link(message, pattern):
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(pattern, body).group(0)


def run_digest(days=1):
    with transaction.atomic():
        enqueue(
            send_notice_digests,
            now=(timezone.now() + dt.timedelta(days=days)).isoformat(),
        )


def test_confirm_receive_a_digest_and_unsubscribe_with_one_click(broker, smtp_server, client):
    process = ProcessFactory(title="Vision 2040")
    with broker.worker():
        with transaction.atomic():
            follow_request(target=process, email="karin@example.org")
        confirmation = smtp_server.wait_for(lambda m: "Bekräfta" in m["Subject"])
        assert confirmation["To"] == "karin@example.org"
        assert "List-Unsubscribe" not in confirmation, "a confirmation is no newsletter"
        path = link(confirmation, r"/folj/bekrafta/[\w-]+/")
        assert client.get(path).status_code == 200
        assert client.post(path).status_code == 200
        assert client.post(path).status_code == 200  # twice is harmless

        process_update(
            process=process, data={"current_stage": process.stage_by_key(StageKind.DRAFTING)}
        )
        run_digest()
        digest = smtp_server.wait_for(lambda m: "List-Unsubscribe" in m)
    assert "Vision 2040" in digest["Subject"]
    assert "Skapande och formulering" in digest.get_body(("plain",)).get_content()
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = re.fullmatch(r"<(.+)>", str(digest["List-Unsubscribe"]).strip()).group(1)
    path = re.sub(r"^https?://[^/]+", "", header_url)
    assert path == link(digest, r"/utskick/[\w-]+/avsluta/"), "the same link in the text"
    assert not digest.is_multipart(), "plain text only: nothing that could track a reader"
    # The mail program's one-click POST: no form, no CSRF token, no login.
    one_click = client.__class__(enforce_csrf_checks=True)
    assert one_click.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get().stopped_at is not None


def test_a_bounce_at_the_smtp_server_is_recorded_and_not_retried(broker, smtp_server):
    smtp_server.refuse("finns.inte@example.org")
    process = ProcessFactory()
    with broker.worker():
        with transaction.atomic():
            follow_request(target=process, email="finns.inte@example.org")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if OutgoingEmail.objects.filter(status=EmailStatus.BOUNCED).exists():
                break
            time.sleep(0.2)
    email = OutgoingEmail.objects.get()
    assert email.status == EmailStatus.BOUNCED and email.attempts == 1
    assert "550" in email.last_error and "finns.inte" not in email.last_error
    assert Subscriber.objects.get().bounced_at is not None
    assert smtp_server.messages == []
