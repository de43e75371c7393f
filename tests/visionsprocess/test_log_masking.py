"""E-mail addresses and personnummer never reach the log: the outbox masks a mail server's
refusal text, and the console handler masks every record (messages and tracebacks)."""

import io
import logging
import smtplib

import pytest
from django.db import transaction
from django.utils import timezone

from visionsprocess import outbox
from visionsprocess.logfilters import MaskPersonalData
from visionsprocess.models import EmailStatus, OutboxTask, OutgoingEmail
from visionsprocess.redact import mask
from visionsprocess.services import email_send

ADDRESS = "anna.andersson+dialog@example.org"
PERSONNUMMER = "19811224-1234"


class FailingConnection:
    def __init__(self, error):
        self.error = error

    def send_messages(self, messages):
        raise self.error


def _email():
    with transaction.atomic():
        email_send(to=[ADDRESS], subject="Tack", body="...")
    OutboxTask.objects.update(dispatched_at=timezone.now())
    return OutgoingEmail.objects.get()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"550 5.1.1 <{ADDRESS}>: Recipient address rejected", "550 5.1.1 <***@example.org>:"),
        ('"Anna A"@mail.example.se quoted', "***@mail.example.se quoted"),
        (
            f"pnr {PERSONNUMMER}, samordn. 811284+1234",
            "pnr [personnummer], samordn. [personnummer]",
        ),
        ("198112241234 and 8112241234", "[personnummer] and [personnummer]"),
    ],
)
def test_mask_hides_addresses_and_personnummer(text, expected):
    assert mask(text).startswith(expected)


@pytest.mark.parametrize(
    "text",
    ["e-mail 12 sent", "process 2026 closed 2024-01-31", "id 123456789012345", "a@b", "v2.3"],
)
def test_mask_leaves_ids_dates_and_plain_text(text):
    assert mask(text) == text


@pytest.mark.django_db
def test_a_permanent_refusal_quoting_the_address_is_logged_masked(caplog):
    email = _email()
    refused = smtplib.SMTPRecipientsRefused(
        {ADDRESS: (550, f"5.1.1 <{ADDRESS}> unknown; pnr {PERSONNUMMER}".encode())}
    )
    with caplog.at_level(logging.INFO):
        status = outbox.email_deliver(email_id=email.pk, connection=FailingConnection(refused))
    assert status == EmailStatus.BOUNCED
    assert "refused by the mail server" in caplog.text and "***@example.org" in caplog.text
    assert ADDRESS not in caplog.text and PERSONNUMMER not in caplog.text


@pytest.mark.django_db
def test_a_temporary_refusal_and_the_last_failure_are_logged_masked(caplog):
    email = _email()
    busy = smtplib.SMTPSenderRefused(451, f"4.7.1 <{ADDRESS}> try later".encode(), ADDRESS)
    with caplog.at_level(logging.INFO):
        assert outbox.email_deliver(email_id=email.pk, connection=FailingConnection(busy)) == (
            EmailStatus.PENDING
        )
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.PENDING, attempts=outbox.EMAIL_MAX_ATTEMPTS - 1
        )
        assert outbox.email_deliver(email_id=email.pk, connection=FailingConnection(busy)) == (
            EmailStatus.FAILED
        )
    assert "retried later" in caplog.text and "failed after" in caplog.text
    assert ADDRESS not in caplog.text


def test_the_handler_filter_masks_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalData())
    log = logging.getLogger("tests.log_masking")
    log.addHandler(handler)
    try:
        log.warning("unique key: %s", f"Key (email)=({ADDRESS}) already exists")
        try:
            raise ValueError(f"bad person {PERSONNUMMER} <{ADDRESS}>")
        except ValueError:
            log.exception("failed for %s", ADDRESS)
    finally:
        log.removeHandler(handler)
    text = stream.getvalue()
    assert "Key (email)=(***@example.org)" in text and "ValueError: bad person" in text
    assert ADDRESS not in text and PERSONNUMMER not in text


def test_the_console_handler_of_the_settings_masks(settings):
    assert "mask_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]
